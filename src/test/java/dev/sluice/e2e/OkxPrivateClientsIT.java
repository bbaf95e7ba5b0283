package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Gateway;
import dev.sluice.config.Presets;
import dev.sluice.config.SluiceConfig;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real OKX clients logging in to the bundled {@code okx} preset with its demo account (npm, {@code e2e/}): ccxt pro's
 * {@code watchOrders} and {@code watchBalance}, and okx-api's {@code WebsocketClient} on the public and private
 * endpoints, which must receive data and stay connected (its 2 s pong timeout, no reconnect) for 60 s. Each Node
 * test asserts on what it received and exits non-zero otherwise.
 */
class OkxPrivateClientsIT {

    private static final int CCXT_SECONDS = Integer.getInteger("sluice.e2e.okx.private.seconds", 25);
    private static final int OKX_API_SECONDS = Integer.getInteger("sluice.e2e.okx.api.seconds", 60);

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldLetCcxtWatchTheDemoAccountsOrdersAndBalance() throws Exception {
        assertThat(runAgainstOkxPreset("ccxt", "test:okx-private", CCXT_SECONDS))
            .as("exit status of `npm run test:okx-private` in e2e/ (its output is above)").isZero();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldKeepOkxApiWebsocketClientConnectedAndFedWithoutReconnecting() throws Exception {
        assertThat(runAgainstOkxPreset("okx-api", "test:okx-api", OKX_API_SECONDS))
            .as("exit status of `npm run test:okx-api` in e2e/ (its output is above)").isZero();
    }

    /** Starts the okx preset on a free port (real clock, real timers) and runs an npm script against it. */
    private static int runAgainstOkxPreset(String module, String script, int seconds) throws Exception {
        Npm.installIfMissing(module);
        SluiceConfig preset = Presets.load("okx");
        SluiceConfig config = preset.withServices(List.of(preset.services().get(0).withPort(0)));
        try (Gateway gateway = new Gateway(config, Gateway.Options.production())) {
            int port = gateway.start().get(0).port();
            ProcessBuilder npm = Npm.command("run", script);
            npm.environment().put("SLUICE_OKX_PORT", Integer.toString(port));
            npm.environment().put("SLUICE_E2E_SECONDS", Integer.toString(seconds));
            return Npm.run(npm, seconds + 120L);
        }
    }
}

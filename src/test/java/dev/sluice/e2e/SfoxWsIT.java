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
 * A plain WebSocket client (npm {@code ws}, {@code e2e/sfox-ws.test.mjs}) against the bundled {@code sfox} preset:
 * it authenticates with the demo key, subscribes to six feeds in one request (four of market data, the account's
 * two private feeds) and must receive all six.
 */
class SfoxWsIT {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldAuthenticateSubscribeToSeveralFeedsInOneRequestAndReceiveThemWithTheWsPackage() throws Exception {
        Npm.installIfMissing("ws");
        SluiceConfig preset = Presets.load("sfox");
        SluiceConfig config = preset.withServices(List.of(preset.services().get(0).withPort(0)));
        try (Gateway gateway = new Gateway(config, Gateway.Options.production())) {
            int port = gateway.start().get(0).port();
            ProcessBuilder test = Npm.command("run", "test:sfox");
            test.environment().put("SLUICE_SFOX_PORT", Integer.toString(port));
            assertThat(Npm.run(test, 120)).as("exit status of `npm run test:sfox` in e2e/ (output above)").isZero();
        }
    }
}

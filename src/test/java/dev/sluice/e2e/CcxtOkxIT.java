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
 * The real client end to end: the unmodified ccxt pro OKX client (npm, {@code e2e/}) streams tickers, trades and
 * the BTC/USDT order book from Sluice's bundled {@code okx} preset for 30 seconds. The Node test asserts that data
 * arrived and that ccxt accepted every book update (its seqId chain check), and exits non-zero otherwise.
 */
class CcxtOkxIT {

    private static final int SECONDS = Integer.getInteger("sluice.e2e.seconds", 30);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldStreamTickersTradesAndBooksToUnmodifiedCcxtOkxClient() throws Exception {
        Npm.installIfMissing("ccxt");
        SluiceConfig preset = Presets.load("okx");
        SluiceConfig config = preset.withServices(List.of(preset.services().get(0).withPort(0)));
        try (Gateway gateway = new Gateway(config, Gateway.Options.production())) {
            int port = gateway.start().get(0).port();

            ProcessBuilder npmTest = Npm.command("test");
            npmTest.environment().put("SLUICE_OKX_PORT", Integer.toString(port));
            npmTest.environment().put("SLUICE_E2E_SECONDS", Integer.toString(SECONDS));
            int exit = Npm.run(npmTest, SECONDS + 120L);

            assertThat(exit).as("exit status of `npm test` in e2e/ (its output is above)").isZero();
        }
    }
}

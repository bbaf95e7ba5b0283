package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Gateway;
import dev.sluice.config.Presets;
import dev.sluice.config.SluiceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static final Path E2E = Path.of("e2e");
    private static final int SECONDS = Integer.getInteger("sluice.e2e.seconds", 30);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldStreamTickersTradesAndBooksToUnmodifiedCcxtOkxClient() throws Exception {
        installClientIfMissing();
        SluiceConfig preset = Presets.load("okx");
        SluiceConfig config = preset.withServices(List.of(preset.services().get(0).withPort(0)));
        try (Gateway gateway = new Gateway(config, Gateway.Options.production())) {
            int port = gateway.start().get(0).port();

            ProcessBuilder npmTest = npm("test");
            npmTest.environment().put("SLUICE_OKX_PORT", Integer.toString(port));
            npmTest.environment().put("SLUICE_E2E_SECONDS", Integer.toString(SECONDS));
            int exit = run(npmTest, SECONDS + 120L);

            assertThat(exit).as("exit status of `npm test` in e2e/ (its output is above)").isZero();
        }
    }

    private static void installClientIfMissing() throws IOException, InterruptedException {
        if (!Files.isDirectory(E2E.resolve("node_modules/ccxt"))) {
            assertThat(run(npm("ci"), 300)).as("exit status of `npm ci` in e2e/").isZero();
        }
    }

    private static ProcessBuilder npm(String command) {
        return new ProcessBuilder("npm", command)
            .directory(E2E.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT);
    }

    /** Runs a process to completion within a bound; a process that overruns is killed and fails the test. */
    private static int run(ProcessBuilder builder, long timeoutSeconds) throws IOException, InterruptedException {
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("`" + String.join(" ", builder.command()) + "` did not finish in "
                + timeoutSeconds + " s");
        }
        return process.exitValue();
    }
}

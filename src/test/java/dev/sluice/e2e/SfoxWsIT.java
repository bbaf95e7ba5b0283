package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Gateway;
import dev.sluice.config.Presets;
import dev.sluice.config.SluiceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A plain WebSocket client (npm {@code ws}, {@code e2e/sfox-ws.test.mjs}) against the bundled {@code sfox} preset:
 * it authenticates with the demo key, subscribes to four feeds in one request and must receive all four.
 */
class SfoxWsIT {

    private static final Path E2E = Path.of("e2e");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldAuthenticateSubscribeToSeveralFeedsInOneRequestAndReceiveThemWithTheWsPackage() throws Exception {
        if (!Files.isDirectory(E2E.resolve("node_modules/ws"))) {
            assertThat(run(npm("ci"), 300)).as("exit status of `npm ci` in e2e/").isZero();
        }
        SluiceConfig preset = Presets.load("sfox");
        SluiceConfig config = preset.withServices(List.of(preset.services().get(0).withPort(0)));
        try (Gateway gateway = new Gateway(config, Gateway.Options.production())) {
            int port = gateway.start().get(0).port();
            ProcessBuilder test = npm("run", "test:sfox");
            test.environment().put("SLUICE_SFOX_PORT", Integer.toString(port));
            assertThat(run(test, 120)).as("exit status of `npm run test:sfox` in e2e/ (output above)").isZero();
        }
    }

    private static ProcessBuilder npm(String... args) {
        List<String> command = new ArrayList<>(List.of("npm"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
            .directory(E2E.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT);
    }

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

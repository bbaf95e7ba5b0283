package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs npm in {@code e2e/} for the end-to-end tests, bounded in time, with its output in the build log. */
final class Npm {

    static final Path E2E = Path.of("e2e");

    private Npm() {
    }

    /** Installs the clients from the committed lockfile when a package the test needs is missing. */
    static void installIfMissing(String module) throws IOException, InterruptedException {
        if (!Files.isDirectory(E2E.resolve("node_modules").resolve(module))) {
            assertThat(run(command("ci"), 300)).as("exit status of `npm ci` in e2e/").isZero();
        }
    }

    static ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>(List.of("npm"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
            .directory(E2E.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT);
    }

    /** Runs a process to completion within a bound; a process that overruns is killed and fails the test. */
    static int run(ProcessBuilder builder, long timeoutSeconds) throws IOException, InterruptedException {
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

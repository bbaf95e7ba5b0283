package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code check-config} command and the error paths of {@code serve}, run in-process. No test here may let
 * {@code serve} get past its configuration: it would then block until the JVM stops, so each serve test has a
 * timeout that fails it instead of hanging the build.
 */
class CheckConfigCommandTest {

    private static final String VALID = """
        services:
          - name: okx
            dialect: okx
            port: 8443
        feed:
          instruments:
            - exchange: okx
              symbol: BTC-USDT
              base: BTC
              quote: USDT
              tickSize: 0.1
              lotSize: 0.001
              price: 65000
        """;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @TempDir
    private Path dir;

    @BeforeEach
    void captureConsole() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreConsole() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void shouldExitZeroAndPrintSummaryForValidFile() throws IOException {
        Path file = write("valid.yaml", VALID);

        int code = sluice("check-config", file.toString());

        assertThat(code).as("exit code; stderr:%n%s", stderr()).isZero();
        assertThat(stdout().lines()).containsExactly(
            file + ": valid",
            "  service okx: dialect okx, port 8443",
            "  feed: synthetic, 1 instruments");
        assertThat(stderr()).isEmpty();
    }

    @Test
    void shouldExitTwoAndListEveryProblemOnStderrForInvalidFile() throws IOException {
        Path file = write("invalid.yaml", VALID.replace("port: 8443", "prot: 8443").replace("0.1", "-1"));

        int code = sluice("check-config", file.toString());

        assertThat(code).isEqualTo(Sluice.EXIT_CONFIG);
        assertThat(stderr().lines()).contains(
            file + ":11:17: feed.instruments[0].tickSize = -1: must be a positive decimal number with at most 18 "
                + "decimal places",
            file + ":2:5: services[0].port: is required (0 to 65535; 0 picks a free port)");
        assertThat(stderr()).contains(file + ":4:5: services[0].prot: unknown key; did you mean 'port'?");
        assertThat(stderr().lines()).last().isEqualTo(file + ": 3 problem(s)");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void shouldExitTwoForFileThatDoesNotExist() {
        Path file = dir.resolve("absent.yaml");

        int code = sluice("check-config", file.toString());

        assertThat(code).isEqualTo(Sluice.EXIT_CONFIG);
        assertThat(stderr()).startsWith(file + ": (document): cannot read the file");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldRefuseServeWithBothConfigAndPreset() throws IOException {
        Path file = write("valid.yaml", VALID);

        int code = sluice("serve", "--config", file.toString(), "--preset", "okx");

        assertThat(code).isEqualTo(Sluice.EXIT_CONFIG);
        assertThat(stderr().trim())
            .isEqualTo("command line: --config = " + file + ": give either --config or --preset, not both");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldRefuseServeWithPortOutOfRange() {
        int code = sluice("serve", "--preset", "okx", "--port", "70000");

        assertThat(code).isEqualTo(Sluice.EXIT_CONFIG);
        assertThat(stderr().trim()).isEqualTo("command line: --port = 70000: must be from 0 to 65535");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldRefuseServePortForConfigurationWithSeveralServices() throws IOException {
        String twoServices = VALID.replace("feed:", "  - name: second\n    dialect: okx\n    port: 8444\nfeed:");
        Path file = write("two.yaml", twoServices);

        int code = sluice("serve", "--config", file.toString(), "--port", "9000");

        assertThat(code).isEqualTo(Sluice.EXIT_CONFIG);
        assertThat(stderr()).startsWith("command line: --port = 9000: applies to a configuration with one service; "
            + "this one has 2");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldRefuseServeWithUnknownPresetAndSuggestTheClosest() {
        int code = sluice("serve", "--preset", "okz");

        assertThat(code).isEqualTo(Sluice.EXIT_CONFIG);
        assertThat(stderr()).startsWith("--preset: preset = okz: no such preset; did you mean 'okx'?");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldRefuseServeWithInvalidConfigFile() throws IOException {
        Path file = write("invalid.yaml", VALID.replace("port: 8443", "port: 70000"));

        int code = sluice("serve", "--config", file.toString());

        assertThat(code).isEqualTo(Sluice.EXIT_CONFIG);
        assertThat(stderr().trim())
            .isEqualTo(file + ":4:11: services[0].port = 70000: must be an integer from 0 to 65535");
    }

    private int sluice(String... args) {
        return new CommandLine(new Sluice()).execute(args);
    }

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml, StandardCharsets.UTF_8);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}

package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * {@code serve} run in-process against a start it cannot complete: a port that the test holds, a Redis URI on a
 * closed port. It must end with exit status 2 and one line on stderr naming what failed, never a stack trace. A
 * serve that got past its start would block until the JVM stops, so each test has a timeout that fails it instead.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServeStartFailureTest {

    private static final String CONFIG = """
        server:
          host: 127.0.0.1
        services:
          - name: okx
            dialect: okx
            port: %d
        feed:
          instruments:
        %s
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
    void shouldExitTwoWithOneLineNamingThePortWhenItIsInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Path file = write(config(taken.getLocalPort()));

            int code = sluice("serve", "--config", file.toString());

            assertThat(code).as("exit status; stderr:%n%s", stderr()).isEqualTo(2);
            assertThat(stderr().lines().toList()).as("stderr").containsExactly("port " + taken.getLocalPort()
                + " is already in use (127.0.0.1:" + taken.getLocalPort() + "): stop the process that listens"
                + " there, or give the service another port (serve --port N, or services[].port in the"
                + " configuration)");
        }
    }

    @Test
    void shouldExitTwoWithOneLineNamingTheRedisUriWithItsPasswordMaskedWhenRedisIsUnreachable() throws IOException {
        Path file = write(config(0) + """
            state:
              type: redis
              uri: redis://:secret@127.0.0.1:1
              connectTimeoutMs: 2000
            """);

        int code = sluice("serve", "--config", file.toString());

        assertThat(code).as("exit status; stderr:%n%s", stderr()).isEqualTo(2);
        assertThat(stderr().lines().toList()).as("stderr").singleElement().asString()
            .startsWith("cannot connect to Redis at redis://:***@127.0.0.1:1 (Connection refused")
            .endsWith("): start Redis there, or correct state.uri in the configuration (state.type: memory runs"
                + " without Redis)")
            .doesNotContain("secret");
    }

    private static String config(int port) {
        return CONFIG.formatted(port, GatewayFixture.OKX_BTC_USDT);
    }

    private int sluice(String... args) {
        return new CommandLine(new Sluice()).execute(args);
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("sluice.yaml"), yaml, StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}

package dev.sluice.nats;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nats-server} process on a free port of 127.0.0.1, for tests. Never skipped: a missing binary fails
 * the test with what to install.
 */
public final class NatsServer implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/nats-server");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final Path log;
    private Process process;

    private NatsServer(int port) throws IOException {
        this.port = port;
        this.log = Files.createTempFile("nats-server-" + port + "-", ".log");
    }

    public static NatsServer start() throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: these tests need a real NATS server "
                + "(Debian: apt-get install -y nats-server)");
        }
        NatsServer server = new NatsServer(freePort());
        server.launch();
        return server;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Kills the server (SIGKILL: clients see the connection drop, as when a host dies) and waits for it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("nats-server did not exit");
        }
    }

    /** Starts the server again on the same port (after {@link #kill}). */
    public void restart() throws IOException, InterruptedException {
        launch();
    }

    private void launch() throws IOException, InterruptedException {
        process = new ProcessBuilder(BINARY.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("nats-server exited with " + process.exitValue() + ":\n"
                    + Files.readString(log));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                // Not listening yet: pause briefly (returns at once if the process exits).
                process.waitFor(20, TimeUnit.MILLISECONDS);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("nats-server did not listen on " + port + " within " + START_TIMEOUT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}

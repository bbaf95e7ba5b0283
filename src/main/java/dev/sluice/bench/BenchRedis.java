package dev.sluice.bench;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@code redis-server} of S5's Redis variant: started by the bench from the PATH on a free loopback port with
 * no persistence ({@code --save ''}, {@code --appendonly no}), its stdout and stderr appended to the run's process
 * log, and stopped (SIGTERM, then SIGKILL) when closed. {@link #commandCalls} reads {@code INFO commandstats} over a
 * plain socket: one {@code INFO} command per reading and nothing else (no handshake), so that what Redis counted
 * is the server's commands plus these readings.
 */
final class BenchRedis implements AutoCloseable {

    static final String BINARY = "redis-server";
    private static final long START_DEADLINE_MS = 10_000;
    /** INFO's own command name in the stats: the bench's readings, never the server's. */
    static final String INFO = "info";

    private final Process process;
    private final int port;

    private BenchRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** {@code redis-server} on the PATH, if there is one. */
    static Optional<Path> binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, BINARY);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Starts {@code binary} on a free loopback port and waits (bounded) until it answers. */
    static BenchRedis start(Path binary, Path log) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port), "--bind",
            "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"))
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        BenchRedis redis = new BenchRedis(process, port);
        long deadline = BenchClock.monoNanos() + TimeUnit.MILLISECONDS.toNanos(START_DEADLINE_MS);
        while (BenchClock.monoNanos() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(BINARY + " exited with " + process.exitValue() + " on port " + port
                    + " (see processes.log)");
            }
            try {
                redis.commandCalls();
                return redis;
            } catch (IOException notYet) {
                BenchClock.sleepMillis(20);
            }
        }
        redis.close();
        throw new IOException(BINARY + " did not answer on port " + port + " within " + START_DEADLINE_MS + " ms");
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** CPU time the Redis process has used so far (user + system), in nanoseconds. */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /**
     * Calls per command so far, from {@code INFO commandstats} (subcommands as Redis names them, e.g.
     * {@code script|load}; failed calls, such as {@code NOSCRIPT}, included). This reading's own {@code INFO} is
     * not in it; earlier ones are, under {@link #INFO}.
     */
    Map<String, Long> commandCalls() throws IOException {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : info("commandstats").split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            String name = line.substring("cmdstat_".length(), line.indexOf(':'));
            int at = line.indexOf("calls=") + "calls=".length();
            int end = line.indexOf(',', at);
            calls.put(name, Long.parseLong(line.substring(at, end < 0 ? line.length() : end)));
        }
        return calls;
    }

    /** One {@code INFO section} over a fresh connection, in RESP. */
    private String info(String section) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("*2\r\n$4\r\nINFO\r\n$" + section.length() + "\r\n" + section + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String header = readLine(in);
            if (!header.startsWith("$")) {
                throw new IOException("unexpected INFO reply: " + header);
            }
            byte[] body = new byte[Integer.parseInt(header.substring(1))];
            in.readFully(body);
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static String readLine(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

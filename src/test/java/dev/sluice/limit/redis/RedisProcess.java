package dev.sluice.limit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for tests: started on a free loopback port with no persistence, stopped (killed)
 * and restarted empty on the same port by the test. A missing binary fails the test with a clear message: these
 * tests never skip.
 */
public final class RedisProcess implements AutoCloseable {

    public static final String BINARY = "/usr/bin/redis-server";
    private static final long START_DEADLINE_MS = 10_000;

    private final int port;
    private Process process;

    private RedisProcess(int port) {
        this.port = port;
    }

    /** Starts a server on a free port and waits (bounded) until it accepts connections. */
    public static RedisProcess start() throws IOException, InterruptedException {
        RedisProcess redis = new RedisProcess(freePort());
        redis.restart();
        return redis;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** (Re)starts an empty server on this port: nothing survives a stop. */
    public void restart() throws IOException, InterruptedException {
        if (!new File(BINARY).canExecute()) {
            throw new IllegalStateException(BINARY + " is missing: install it (apt-get install -y redis-server); "
                + "the Redis tests do not skip");
        }
        process = new ProcessBuilder(List.of(BINARY, "--port", Integer.toString(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--protected-mode", "yes"))
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_DEADLINE_MS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + " on port "
                    + port);
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                if (probe.isConnected()) {
                    return;
                }
            } catch (IOException notYet) {
                process.waitFor(20, TimeUnit.MILLISECONDS);
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + port + " within " + START_DEADLINE_MS
            + " ms");
    }

    /** Kills the server (SIGKILL): its data is gone. */
    public void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** A client connection for test set-up and inspection. */
    public StatefulRedisConnection<String, String> connect(RedisClient client) {
        RedisURI uri = RedisURI.create(uri());
        uri.setTimeout(Duration.ofSeconds(5));
        return client.connect(uri);
    }

    @Override
    public void close() {
        stop();
    }
}

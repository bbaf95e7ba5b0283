package dev.sluice.cluster;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link ClusterNode} JVM started by a test; {@link #kill()} is SIGKILL, {@link #close()} too. */
final class NodeProcess implements AutoCloseable {

    private static final long START_DEADLINE_MS = 30_000;

    private final Process process;
    private final Map<String, Integer> ports = new HashMap<>();

    private NodeProcess(Process process) {
        this.process = process;
    }

    /** Starts a node and waits (bounded) until it has bound its services. */
    static NodeProcess start(Path config, long skewMs, Path log) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
            "-cp", System.getProperty("java.class.path"), ClusterNode.class.getName(), config.toString(),
            Long.toString(skewMs)))
            .redirectError(log.toFile()).start();
        NodeProcess node = new NodeProcess(process);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // The node is gone.
            }
        }, "node-stdout");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_DEADLINE_MS);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("node exited with " + process.exitValue() + "; see " + log);
                }
            } else if (line.startsWith("PORT ")) {
                String[] parts = line.split(" ");
                node.ports.put(parts[1], Integer.parseInt(parts[2]));
            } else if (line.equals("READY")) {
                return node;
            }
        }
        node.close();
        throw new IllegalStateException("node not ready within " + START_DEADLINE_MS + " ms; see " + log);
    }

    int port(String service) {
        return ports.get(service);
    }

    /** SIGSTOP (true) or SIGCONT (false): a node frozen as by a long GC pause or a suspended VM. */
    void pause(boolean stop) throws IOException, InterruptedException {
        Process signal = new ProcessBuilder("kill", stop ? "-STOP" : "-CONT", Long.toString(process.pid()))
            .redirectErrorStream(true).start();
        if (!signal.waitFor(5, TimeUnit.SECONDS) || signal.exitValue() != 0) {
            throw new IllegalStateException("kill " + (stop ? "-STOP " : "-CONT ") + process.pid() + " failed");
        }
    }

    /** SIGKILL: the node gets no chance to release anything. */
    void kill() {
        try {
            pause(false);
        } catch (IOException | IllegalStateException e) {
            // Not stopped, or already gone.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    static Path logFile(String name) {
        File dir = new File("target/cluster-logs");
        dir.mkdirs();
        return new File(dir, name + ".log").toPath();
    }
}

package dev.sluice.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A process the bench command started (a server under test or a load generator), talked to one line at a time:
 * commands on its stdin, answers on its stdout; its stderr goes to a log file in the run's output directory.
 * Closing it sends {@code QUIT}, then destroys it if it has not exited within a few seconds: every run stops.
 */
final class ChildProc implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildProc(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readLines, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} in {@code dir}, stderr appended to {@code log}. */
    static ChildProc start(String name, List<String> command, Path dir, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new ChildProc(name, builder.start());
    }

    /** {@code java [jvmOptions] -cp <this JVM's class path> mainClass args...}. */
    static List<String> java(List<String> jvmOptions, Class<?> mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-cp");
        // Absolute, since the child runs in the output directory.
        StringBuilder classPath = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.append(classPath.length() == 0 ? "" : File.pathSeparator)
                .append(Path.of(entry).toAbsolutePath());
        }
        command.add(classPath.toString());
        command.add(mainClass.getName());
        command.addAll(args);
        return command;
    }

    private void readLines() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("EOF " + e.getMessage());
        }
        lines.add("EOF");
    }

    /** The next output line starting with {@code prefix} (others are skipped), or an exception after the timeout. */
    String await(String prefix, long timeoutMs) throws InterruptedException {
        long deadline = BenchClock.monoNanos() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            long left = deadline - BenchClock.monoNanos();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException(name + ": no '" + prefix + "' within " + timeoutMs + " ms");
            }
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
            if (line.startsWith("EOF")) {
                throw new IllegalStateException(name + " exited before '" + prefix + "' (see its log)");
            }
        }
    }

    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** CPU time the process has used so far (user + system), in nanoseconds. */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    @Override
    public void close() {
        try {
            send("QUIT");
            stdin.close();
        } catch (IOException e) {
            // Already gone: nothing to ask.
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

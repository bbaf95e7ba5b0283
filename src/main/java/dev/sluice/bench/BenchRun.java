package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One invocation of {@code sluice bench}: where it writes, whether it is quick, and how it starts the processes of
 * a scenario (server under test, load generators) and runs the common measurements on them.
 */
final class BenchRun {

    /** A first step at the first step's rate whose figures are dropped: JIT compilation, pool and TCP warm-up. */
    static final long WARMUP_MS = 2_000;
    /** Waiting for everything queued to arrive after the schedule ends. */
    static final long DRAIN_MS = 3_000;
    private static final List<String> SERVER_JVM = List.of("-Xms512m", "-Xmx4g", "-XX:+UseG1GC");
    private static final List<String> LOADGEN_JVM = List.of("-Xms256m", "-Xmx2g", "-XX:+UseG1GC");

    final Path out;
    final Path repo;
    final boolean quick;
    /** Smoke-test scale (hidden {@code --tiny}): a few connections for a second or two; figures mean nothing. */
    final boolean tiny;
    final boolean jfr;
    private final Path log;
    private int serial;

    BenchRun(Path out, Path repo, boolean quick, boolean tiny, boolean jfr) throws IOException {
        this.out = Files.createDirectories(out);
        this.repo = repo;
        this.quick = quick || tiny;
        this.tiny = tiny;
        this.jfr = jfr;
        this.log = out.resolve("processes.log");
    }

    /** The figure for this run's scale. */
    int pick(int full, int quickScale, int tinyScale) {
        return tiny ? tinyScale : quick ? quickScale : full;
    }

    /** The result of one fan-out run against one target. */
    record Fanout(Target target, List<Schedule.Step> steps, int channels, long subscribersPerChannel,
                  JsonNode result) {

        /** What was offered and delivered in each step, and its latency percentiles. */
        List<StepFigure> figures() {
            List<StepFigure> figures = new ArrayList<>();
            for (JsonNode step : result.path("steps")) {
                int s = step.path("step").asInt() - 1;
                if (s < 0 || s >= steps.size()) {
                    continue;
                }
                Schedule.Step planned = steps.get(s);
                double offered = (double) planned.ratePerChannel() * channels * subscribersPerChannel;
                double seconds = Math.max(planned.durationMs() / 1000.0, step.path("spanNanos").asLong() / 1e9);
                Map<String, Long> percentiles = new java.util.LinkedHashMap<>();
                step.path("percentilesUs").fields().forEachRemaining(e -> percentiles.put(e.getKey(),
                    e.getValue().asLong()));
                figures.add(new StepFigure(s, offered, step.path("received").asLong() / seconds, percentiles));
            }
            return figures;
        }

        /** The most deliveries a second any step achieved. */
        double peakDelivered() {
            return figures().stream().mapToDouble(StepFigure::delivered).max().orElse(0);
        }

        /** Sequence errors: messages skipped (gaps) plus messages received twice. */
        long lostOrDuplicated() {
            return result.path("gaps").asLong() + result.path("duplicates").asLong();
        }
    }

    /** One step of a fan-out run: offered and delivered messages a second, latency percentiles in microseconds. */
    record StepFigure(int step, double offered, double delivered, Map<String, Long> percentilesUs) {
        long p(String label) {
            return percentilesUs.getOrDefault(label, -1L);
        }
    }

    /**
     * The server's DONE counts, or an empty string when it has not finished publishing 30 s after the schedule's
     * end: a server far past saturation (B2 is single-threaded and publishes from the loop that also writes) is
     * not waited for; what arrived is reported, and the note says so.
     */
    private static String awaitDone(ChildProc server, Target target, String name, long totalMs)
        throws InterruptedException {
        try {
            return server.await("DONE", totalMs + 30_000);
        } catch (IllegalStateException e) {
            BenchCommand.note(name + " " + target.label() + ": had not published its whole schedule 30 s after its "
                + "end (saturated); its figures cover what arrived, and lost messages are not counted");
            return "";
        }
    }

    /** Whether the Node baseline can run: node on the PATH and the {@code ws} package in {@code e2e/}. */
    boolean nodeAvailable() {
        return Files.exists(repo.resolve("e2e/node_modules/ws/package.json"))
            && Files.exists(repo.resolve("e2e/bench-broadcast.mjs"));
    }

    /** Starts a server under test and returns it with its ports by service name (READY line). */
    ChildProc server(Target target, int channels, String yaml, String name) throws IOException {
        List<String> command;
        String id = name + "-" + target.name().toLowerCase() + "-" + (++serial);
        List<String> jvm = new ArrayList<>(SERVER_JVM);
        if (jfr) {
            jvm.add("-XX:StartFlightRecording=filename=" + out.resolve(id + ".jfr").toAbsolutePath()
                + ",settings=profile,dumponexit=true");
        }
        if (target == Target.SLUICE) {
            Path config = out.resolve(id + ".yaml");
            Files.writeString(config, yaml, StandardCharsets.UTF_8);
            command = ChildProc.java(jvm, BenchServer.class, List.of("sluice", config.toAbsolutePath().toString()));
        } else if (target == Target.B0) {
            command = ChildProc.java(jvm, BenchServer.class, List.of("b0", Integer.toString(channels)));
        } else {
            command = List.of("node", "--expose-gc", "bench-broadcast.mjs", Integer.toString(channels));
            return ChildProc.start(id, command, repo.resolve("e2e"), log);
        }
        return ChildProc.start(id, command, out, log);
    }

    /** The ports of a started server, from its READY line. */
    static Map<String, Integer> ports(ChildProc server) throws InterruptedException {
        Map<String, Integer> ports = new HashMap<>();
        for (String pair : server.await("READY", 60_000).split(" ")) {
            String[] kv = pair.split("=");
            ports.put(kv[0], Integer.parseInt(kv[1]));
        }
        return ports;
    }

    static int firstPort(Map<String, Integer> ports) {
        return ports.containsKey("okx") ? ports.get("okx") : ports.values().iterator().next();
    }

    ChildProc loadgen(String name, List<String> args) throws IOException {
        return ChildProc.start(name, ChildProc.java(LOADGEN_JVM, LoadGen.class, args), out, log);
    }

    /**
     * Starts {@code target}, subscribes {@code conns} connections to {@code channels} channels (all of them each,
     * or one each), publishes a warm-up step and then {@code steps}, calls {@code during} with the server's ports
     * when the warm-up is over, and returns what the load generator measured (steps numbered from 0 after the
     * warm-up).
     */
    Fanout fanout(Target target, String name, int conns, int channels, boolean all, List<Schedule.Step> steps,
                  String yaml, Consumer<Map<String, Integer>> during) throws IOException, InterruptedException {
        try (ChildProc server = server(target, channels, yaml, name)) {
            Map<String, Integer> ports = ports(server);
            String url = "ws://127.0.0.1:" + firstPort(ports) + "/ws/v5/public";
            try (ChildProc gen = loadgen(name + "-loadgen", List.of("mode=fanout", "url=" + url, "conns=" + conns,
                "channels=" + channels, "sub=" + (all ? "all" : "one")))) {
                String[] subscribed = gen.await("SUBSCRIBED", 300_000).split(" ");
                if (!subscribed[0].equals(subscribed[1])) {
                    BenchCommand.note(name + " " + target.label() + ": only " + subscribed[0] + " of "
                        + subscribed[1] + " connections subscribed");
                }
                List<Schedule.Step> withWarmup = new ArrayList<>();
                long warmupMs = tiny ? WARMUP_MS / 4 : WARMUP_MS;
                withWarmup.add(new Schedule.Step(steps.get(0).ratePerChannel(), warmupMs));
                withWarmup.addAll(steps);
                server.send("GO " + Schedule.formatSteps(withWarmup));
                BenchClock.sleepMillis(warmupMs);
                during.accept(ports);
                long totalMs = steps.stream().mapToLong(Schedule.Step::durationMs).sum();
                String done = awaitDone(server, target, name, totalMs);
                BenchClock.sleepMillis(quick ? DRAIN_MS / 2 : DRAIN_MS);
                gen.send("STOP " + done);
                JsonNode result = LoadGen.JSON.readTree(gen.await("RESULT", 120_000));
                long perChannel = all ? conns : Math.max(1, conns / channels);
                return new Fanout(target, steps, channels, perChannel, result);
            }
        }
    }
}

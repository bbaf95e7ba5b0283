package dev.sluice.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice bench SCENARIO}: runs a benchmark scenario with the server under test and the load generator as
 * separate processes on 127.0.0.1, each figure beside a baseline measured in the same run, and prints Markdown,
 * writes {@code results.json} and {@code results.md} and draws {@code S*-latency.svg} in the output directory.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmark Sluice against baselines measured in the same run (B0 bare Netty, B2 Node ws).",
        "SCENARIO: s1 (deep fan-out), s2 (wide fan-out), s5 (inbound limiter), s6 (connection storm), "
            + "s7 (replay), s8 (memory per idle connection), or all."})
public final class BenchCommand implements Callable<Integer> {

    private static final List<String> NOTES = new CopyOnWriteArrayList<>();
    private static final int S8_CONNECTIONS = 10_000;
    private static final int S8_QUICK_CONNECTIONS = 1_000;
    private static final int S8_TINY_CONNECTIONS = 50;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "s1, s2, s5, s6, s7, s8 or all")
    private String scenario;

    @Option(names = "--quick", description = "Shorter steps and fewer connections (each table says what was cut).")
    private boolean quick;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench",
        description = "Where results.json, results.md, the plots and the process logs go (default ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
        description = "The Sluice checkout, for e2e/bench-broadcast.mjs and its node_modules (default: here).")
    private Path repo;

    @Option(names = "--tiny", hidden = true, description = "Smoke-test scale: proves the machinery, measures nothing.")
    private boolean tiny;

    @Option(names = "--jfr", description = "Record a JFR profile of every Java server, Sluice and B0 (DIR/*.jfr).")
    private boolean jfr;

    /** Something the reader of the report must know (a baseline not run, a scale cut); printed at the end. */
    static void note(String text) {
        if (!NOTES.contains(text)) {
            NOTES.add(text);
        }
    }

    @Override
    public Integer call() throws Exception {
        String which = scenario.toLowerCase(Locale.ROOT);
        List<String> known = List.of("s1", "s2", "s5", "s6", "s7", "s8");
        if (!which.equals("all") && !known.contains(which)) {
            System.err.println("unknown scenario '" + scenario + "': use one of " + known + " or all");
            return 2;
        }
        BenchRun run = new BenchRun(out, repo, quick, tiny, jfr);
        long start = BenchClock.monoNanos();
        List<ScenarioResult> results = new ArrayList<>();
        for (String id : which.equals("all") ? known : List.of(which)) {
            System.out.println("running " + id.toUpperCase(Locale.ROOT) + (quick ? " (quick)" : "") + " ...");
            System.out.flush();
            ScenarioResult result = run(id, run);
            results.add(result);
            System.out.println(Report.markdown(result));
            System.out.flush();
        }
        Report.write(out, results, machine());
        for (String n : NOTES) {
            System.out.println("note: " + n);
        }
        System.out.printf("finished in %.0f s; results in %s%n", (BenchClock.monoNanos() - start) / 1e9,
            out.toAbsolutePath());
        return 0;
    }

    private ScenarioResult run(String id, BenchRun run) throws Exception {
        switch (id) {
            case "s1":
                return FanoutScenarios.s1(run);
            case "s2":
                return FanoutScenarios.s2(run);
            case "s5":
                return OtherScenarios.s5(run);
            case "s6":
                return StormScenario.s6(run);
            case "s7":
                return ReplayScenario.s7(run);
            default:
                return OtherScenarios.s8(run, s8Connections());
        }
    }

    /** 10,000 connections (1,000 when quick), fewer when the file-descriptor limit would not allow them. */
    private int s8Connections() {
        int wanted = tiny ? S8_TINY_CONNECTIONS : quick ? S8_QUICK_CONNECTIONS : S8_CONNECTIONS;
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long limit = unix.getMaxFileDescriptorCount();
            if (limit < wanted + 1_000L) {
                note("S8: the file-descriptor limit is " + limit + "; raise it with `ulimit -n 20000` for "
                    + wanted + " connections");
                return (int) Math.max(100, limit - 1_000);
            }
        }
        return wanted;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            m.put("memoryBytes", sun.getTotalMemorySize());
        }
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("notes", List.copyOf(NOTES));
        return m;
    }
}

package dev.sluice.bench;

import static dev.sluice.bench.ScenarioResult.bytes;
import static dev.sluice.bench.ScenarioResult.ratio;
import static dev.sluice.bench.ScenarioResult.verdict;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * S5 (inbound limiter; {@link LimiterScenario} runs it) and S8 (memory per idle connection); S7 is
 * {@link ReplayScenario}.
 */
final class OtherScenarios {

    /** S5's per-connection message-rate limit, messages a second. */
    static final int S5_LIMIT = 50;
    /** S8's budget per idle connection, heap and direct memory together. */
    static final long S8_BUDGET_BYTES = 8 * 1024;

    private OtherScenarios() {
    }

    static ScenarioResult s5(BenchRun run) throws IOException, InterruptedException {
        return LimiterScenario.s5(run, S5_LIMIT);
    }

    static ScenarioResult s8(BenchRun run, int conns) throws IOException, InterruptedException {
        ScenarioResult r = new ScenarioResult("S8", "memory per idle connection",
            conns + " idle connections, each subscribed to one trades channel; heap after full GC (and Netty "
                + "direct memory) with the connections, minus the same before them, divided by the count"
                + (conns < 10_000 ? "; **" + conns + " connections instead of 10,000**" : ""));
        Map<Target, double[]> perConn = new LinkedHashMap<>();
        for (Target target : FanoutScenarios.targets(run)) {
            perConn.put(target, idle(run, target, conns));
            r.json.put(target.name(), Map.of("heapBytesPerConnection", perConn.get(target)[0],
                "directBytesPerConnection", perConn.get(target)[1]));
        }
        double[] sluice = perConn.get(Target.SLUICE);
        double[] b0 = perConn.get(Target.B0);
        double total = sluice[0] + sluice[1];
        r.row("heap + direct per idle connection", bytes(total) + " (heap " + bytes(sluice[0]) + ", direct "
            + bytes(sluice[1]) + ")", "B0 " + bytes(b0[0] + b0[1]), ratio(total, b0[0] + b0[1]), "≤ 8 KB",
            verdict(total <= S8_BUDGET_BYTES));
        double[] b2 = perConn.get(Target.B2);
        if (b2 != null) {
            r.row("heap + direct per idle connection", bytes(total), "B2 " + bytes(b2[0] + b2[1])
                + " (V8 heap + external)", ratio(total, b2[0] + b2[1]), "-", "-");
        }
        return r;
    }

    /** Bytes per connection, {heap, direct}. */
    private static double[] idle(BenchRun run, Target target, int conns) throws IOException, InterruptedException {
        try (ChildProc server = run.server(target, 1, BenchConfigs.fanout(1), "s8")) {
            int port = BenchRun.firstPort(BenchRun.ports(server));
            server.send("MEM");
            String[] before = server.await("MEM", 60_000).split(" ");
            try (ChildProc gen = run.loadgen("s8-idle", List.of("mode=fanout", "conns=" + conns, "channels=1",
                "url=ws://127.0.0.1:" + port + "/ws/v5/public"))) {
                String[] subscribed = gen.await("SUBSCRIBED", 300_000).split(" ");
                long open = Long.parseLong(subscribed[0]);
                server.send("MEM");
                String[] after = server.await("MEM", 60_000).split(" ");
                gen.send("STOP 0");
                double n = Math.max(1, open);
                return new double[] {(Long.parseLong(after[0]) - Long.parseLong(before[0])) / n,
                    (Long.parseLong(after[1]) - Long.parseLong(before[1])) / n};
            }
        }
    }
}

package dev.sluice.bench;

import static dev.sluice.bench.ScenarioResult.micros;
import static dev.sluice.bench.ScenarioResult.rate;
import static dev.sluice.bench.ScenarioResult.ratio;
import static dev.sluice.bench.ScenarioResult.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * S6: a connection storm against per-token and per-IP connection caps while S1 runs at half load (1,000 messages a
 * second to 100 subscribers: 100k deliveries a second). The baseline for the handshake rate is the same storm
 * against B0 (no caps); the baseline for the subscribers' latency is the same Sluice run just before the storm.
 */
final class StormScenario {

    private static final int TOKENS_DIVISOR = 50;
    private static final int PER_TOKEN = 25;

    private StormScenario() {
    }

    static ScenarioResult s6(BenchRun run) throws IOException, InterruptedException {
        int attempts = run.pick(10_000, 1_000, 100);
        int tokens = attempts / TOKENS_DIVISOR;
        int ips = 8;
        int warmup = run.pick(2_000, 1_000, 100);
        int perIp = attempts * 6 / 100;
        long phaseMs = run.pick(10_000, 4_000, 1_000);
        List<Schedule.Step> steps = FanoutScenarios.steps(phaseMs, 1_000, 1_000);
        ScenarioResult r = new ScenarioResult("S6", "connection storm against per-IP and per-token caps",
            attempts + " upgrades (raw HTTP requests, 256 in flight, after " + warmup + " warm-up upgrades closed at "
                + "once) with " + tokens + " tokens (cap " + PER_TOKEN
                + " each) from " + ips + " loopback addresses (cap " + perIp + " each), while 100 subscribers get "
                + "1,000 msgs/s; step 0 is before the storm, step 1 during it" + (run.quick ? "; **quick: " + attempts
                + " upgrades instead of 10,000**" : ""));
        String url = "/quote-stock-b-ws-api";
        JsonNode[] storm = new JsonNode[1];
        BenchRun.Fanout sluice = run.fanout(Target.SLUICE, "s6", 100, 1, true, steps,
            BenchConfigs.storm(1, tokens, PER_TOKEN, perIp), ports -> {
                BenchClock.sleepMillis(phaseMs);
                storm[0] = storm(run, "ws://127.0.0.1:" + ports.get("storm") + url, attempts, tokens, ips,
                    List.of("metricsService=storm", "warmup=" + warmup));
            });
        JsonNode b0 = stormB0(run, attempts, tokens, ips, warmup);
        double accepted = storm[0].path("acceptedPerSecond").asDouble();
        r.row("accepted handshakes/s", rate(accepted), "B0 " + rate(b0.path("acceptedPerSecond").asDouble()),
            ratio(accepted, b0.path("acceptedPerSecond").asDouble()), "≥ 5,000/s", verdict(accepted >= 5_000));
        double answered = storm[0].path("handshakesPerSecond").asDouble();
        r.row("handshakes answered/s (101 or refusal)", rate(answered),
            "B0 " + rate(b0.path("handshakesPerSecond").asDouble()),
            ratio(answered, b0.path("handshakesPerSecond").asDouble()), "-", "-");
        int maxToken = storm[0].path("maxPerToken").asInt();
        int maxIp = storm[0].path("maxPerIp").asInt();
        r.row("most connections per token / per IP", maxToken + " / " + maxIp, "caps " + PER_TOKEN + " / " + perIp,
            "-", "caps never exceeded", verdict(maxToken <= PER_TOKEN && maxIp <= perIp));
        String server = serverCounts(storm[0]);
        r.row("open / refused, the client's count against the server's /metrics", counts(storm[0]),
            "server " + server, "-", "equal", verdict(counts(storm[0]).equals(server)));
        long before = FanoutScenarios.figure(sluice, 0).p("p99");
        long during = FanoutScenarios.figure(sluice, 1).p("p99");
        r.row("subscribers' p99 during the storm", micros(during), "before " + micros(before),
            ratio(during, before), "≤ 2x", verdict(during <= 2 * before));
        r.row("messages lost or duplicated", Long.toString(sluice.lostOrDuplicated()), "-", "-", "0",
            verdict(sluice.lostOrDuplicated() == 0));
        r.detail.append("Storm: ").append(storm[0]).append("\n\nB0 storm: ").append(b0).append("\n\n");
        Map<Target, BenchRun.Fanout> runs = new EnumMap<>(Target.class);
        runs.put(Target.SLUICE, sluice);
        r.detail.append(FanoutScenarios.stepTable(runs));
        r.plotTitle = "of the subscribers, before and during the storm";
        r.plot.put("Sluice before the storm", FanoutScenarios.figure(sluice, 0).percentilesUs());
        r.plot.put("Sluice during the storm", FanoutScenarios.figure(sluice, 1).percentilesUs());
        r.json.put("storm", storm[0]);
        r.json.put("stormB0", b0);
        r.json.put("subscribers", sluice.result());
        return r;
    }

    /** What the load generator saw: connections open at the end of the storm / upgrades refused. */
    private static String counts(JsonNode storm) {
        int refused = 0;
        for (JsonNode count : storm.path("refused")) {
            refused += count.asInt();
        }
        return storm.path("open").asInt() + " / " + refused;
    }

    /** The same two counts from the server's {@code /metrics}, or "unread" when it could not be read. */
    private static String serverCounts(JsonNode storm) {
        JsonNode server = storm.path("server");
        return !server.has("open") || !server.has("refused") ? "unread"
            : server.path("open").asLong() + " / " + server.path("refused").asLong();
    }

    private static JsonNode storm(BenchRun run, String url, int attempts, int tokens, int ips, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("mode=storm", "url=" + url, "attempts=" + attempts,
            "tokens=" + tokens, "ips=" + ips));
        args.addAll(extra);
        try (ChildProc gen = run.loadgen("s6-storm", args)) {
            return LoadGen.JSON.readTree(gen.await("RESULT", 240_000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode stormB0(BenchRun run, int attempts, int tokens, int ips, int warmup)
        throws IOException, InterruptedException {
        try (ChildProc server = run.server(Target.B0, 1, "", "s6")) {
            int port = BenchRun.firstPort(BenchRun.ports(server));
            return storm(run, "ws://127.0.0.1:" + port + "/ws/v5/public", attempts, tokens, ips,
                List.of("warmup=" + warmup));
        }
    }
}

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
import java.util.concurrent.TimeUnit;

/**
 * S6: a connection storm against per-token and per-IP connection caps while S1 runs at half load (1,000 messages a
 * second to 100 subscribers: 100k deliveries a second). The baseline for the handshake rate is the same storm
 * against B0 (no caps) while B0 serves the same subscribers the same feed; the baseline for the subscribers'
 * latency is the same Sluice run just before the storm (B0's before and during are shown beside it).
 */
final class StormScenario {

    private static final int TOKENS_DIVISOR = 50;
    private static final int PER_TOKEN = 25;

    private StormScenario() {
    }

    static ScenarioResult s6(BenchRun run) throws IOException, InterruptedException {
        int attempts = run.pick(10_000, 1_000, 100);
        Shape shape = new Shape(attempts, attempts / TOKENS_DIVISOR, 8, run.pick(2_000, 1_000, 100));
        int perIp = attempts * 6 / 100;
        long phaseMs = run.pick(10_000, 4_000, 1_000);
        long warmMs = run.pick(8_000, 6_000, 3_000);
        List<Schedule.Step> steps = List.of(new Schedule.Step(1_000, phaseMs), new Schedule.Step(1_000, warmMs),
            new Schedule.Step(1_000, phaseMs));
        ScenarioResult r = new ScenarioResult("S6", "connection storm against per-IP and per-token caps",
            attempts + " upgrades (raw HTTP requests, 256 in flight) with " + shape.tokens + " tokens (cap "
                + PER_TOKEN + " each) from " + shape.ips + " loopback addresses (cap " + perIp + " each), while 100 "
                + "subscribers get 1,000 msgs/s; step 0 is before the storm, step 1 the load generator's warm-up ("
                + shape.warmup + " upgrades from other addresses, each closed at once), step 2 the storm; B0 runs the "
                + "same subscribers and storm"
                + (run.quick ? "; **quick: " + attempts + " upgrades instead of 10,000**" : ""));
        JsonNode[] storm = new JsonNode[1];
        BenchRun.Fanout sluice = run.fanout(Target.SLUICE, "s6", 100, 1, true, steps,
            BenchConfigs.storm(1, shape.tokens, PER_TOKEN, perIp), ports -> {
                BenchClock.sleepMillis(phaseMs);
                storm[0] = storm(run, "ws://127.0.0.1:" + ports.get("storm") + "/quote-stock-b-ws-api", shape,
                    warmMs, "metricsService=storm");
            });
        // B0 gets the same subscribers and the same feed during its storm, so that the ratio compares like with like.
        JsonNode[] b0Storm = new JsonNode[1];
        BenchRun.Fanout b0Subscribers = run.fanout(Target.B0, "s6", 100, 1, true, steps, "", ports -> {
            BenchClock.sleepMillis(phaseMs);
            b0Storm[0] = storm(run, "ws://127.0.0.1:" + BenchRun.firstPort(ports) + "/ws/v5/public", shape, warmMs);
        });
        JsonNode b0 = b0Storm[0];
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
        long during = FanoutScenarios.figure(sluice, 2).p("p99");
        r.row("subscribers' p99 during the storm", micros(during), "before " + micros(before) + "; B0 "
            + micros(FanoutScenarios.figure(b0Subscribers, 2).p("p99")) + " during, "
            + micros(FanoutScenarios.figure(b0Subscribers, 0).p("p99")) + " before", ratio(during, before), "≤ 2x",
            verdict(during <= 2 * before));
        r.row("messages lost or duplicated", Long.toString(sluice.lostOrDuplicated()), "-", "-", "0",
            verdict(sluice.lostOrDuplicated() == 0));
        r.detail.append("Storm: ").append(storm[0]).append("\n\nB0 storm: ").append(b0).append("\n\n");
        Map<Target, BenchRun.Fanout> runs = new EnumMap<>(Target.class);
        runs.put(Target.SLUICE, sluice);
        runs.put(Target.B0, b0Subscribers);
        r.detail.append(FanoutScenarios.stepTable(runs));
        r.plotTitle = "of the subscribers, before and during the storm";
        r.plot.put("Sluice before the storm", FanoutScenarios.figure(sluice, 0).percentilesUs());
        r.plot.put("Sluice during the storm", FanoutScenarios.figure(sluice, 2).percentilesUs());
        r.plot.put("B0 during the storm", FanoutScenarios.figure(b0Subscribers, 2).percentilesUs());
        r.json.put("storm", storm[0]);
        r.json.put("stormB0", b0);
        r.json.put("subscribers", sluice.result());
        r.json.put("subscribersB0", b0Subscribers.result());
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

    /**
     * Runs one storm load generator on {@code url}: its warm-up at once, then (with {@code warmMs} &gt; 0) the storm
     * {@code warmMs} after the start, on the next step's boundary (at once, with a note, when the warm-up overran),
     * else the storm right after the warm-up. Returns its RESULT.
     */
    private static JsonNode storm(BenchRun run, String url, Shape shape, long warmMs, String... extra) {
        long stormAt = BenchClock.monoNanos() + TimeUnit.MILLISECONDS.toNanos(warmMs);
        List<String> args = new ArrayList<>(List.of("mode=storm", "url=" + url, "attempts=" + shape.attempts,
            "tokens=" + shape.tokens, "ips=" + shape.ips, "warmup=" + shape.warmup, "hold=" + (warmMs > 0)));
        args.addAll(List.of(extra));
        try (ChildProc gen = run.loadgen("s6-storm", args)) {
            if (warmMs > 0) {
                gen.await("WARM", warmMs + 120_000);
                long earlyMs = TimeUnit.NANOSECONDS.toMillis(stormAt - BenchClock.monoNanos());
                if (earlyMs > 0) {
                    BenchClock.sleepMillis(earlyMs);
                } else {
                    BenchCommand.note("S6: the storm's warm-up overran its step by " + -earlyMs + " ms; the storm "
                        + "began that long after step 2 did");
                }
                gen.send("GO");
            }
            return LoadGen.JSON.readTree(gen.await("RESULT", 240_000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The storm's size: upgrades, tokens and source addresses they are spread over, warm-up upgrades. */
    private record Shape(int attempts, int tokens, int ips, int warmup) {
    }
}

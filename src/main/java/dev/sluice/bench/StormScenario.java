package dev.sluice.bench;

import static dev.sluice.bench.ScenarioResult.micros;
import static dev.sluice.bench.ScenarioResult.rate;
import static dev.sluice.bench.ScenarioResult.ratio;
import static dev.sluice.bench.ScenarioResult.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
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
        int perIp = attempts * 6 / 100;
        long phaseMs = run.pick(10_000, 4_000, 1_000);
        List<Schedule.Step> steps = FanoutScenarios.steps(phaseMs, 1_000, 1_000);
        ScenarioResult r = new ScenarioResult("S6", "connection storm against per-IP and per-token caps",
            attempts + " upgrades (256 in flight) with " + tokens + " tokens (cap " + PER_TOKEN + " each) from "
                + ips + " loopback addresses (cap " + perIp + " each), while 100 subscribers get 1,000 msgs/s; "
                + "step 0 is before the storm, step 1 during it" + (run.quick ? "; **quick: " + attempts
                + " upgrades instead of 10,000**" : ""));
        String url = "/quote-stock-b-ws-api";
        JsonNode[] storm = new JsonNode[1];
        BenchRun.Fanout sluice = run.fanout(Target.SLUICE, "s6", 100, 1, true, steps,
            BenchConfigs.storm(1, tokens, PER_TOKEN, perIp), ports -> {
                BenchClock.sleepMillis(phaseMs);
                storm[0] = storm(run, "ws://127.0.0.1:" + ports.get("storm") + url, attempts, tokens, ips);
            });
        JsonNode b0 = stormB0(run, attempts, tokens, ips);
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

    private static JsonNode storm(BenchRun run, String url, int attempts, int tokens, int ips) {
        try (ChildProc gen = run.loadgen("s6-storm", List.of("mode=storm", "url=" + url, "attempts=" + attempts,
            "tokens=" + tokens, "ips=" + ips))) {
            return LoadGen.JSON.readTree(gen.await("RESULT", 240_000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode stormB0(BenchRun run, int attempts, int tokens, int ips)
        throws IOException, InterruptedException {
        try (ChildProc server = run.server(Target.B0, 1, "", "s6")) {
            int port = BenchRun.firstPort(BenchRun.ports(server));
            return storm(run, "ws://127.0.0.1:" + port + "/ws/v5/public", attempts, tokens, ips);
        }
    }
}

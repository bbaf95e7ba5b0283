package dev.sluice.bench;

import static dev.sluice.bench.ScenarioResult.rate;
import static dev.sluice.bench.ScenarioResult.ratio;
import static dev.sluice.bench.ScenarioResult.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * S5, the inbound limiter: the same chatter ({@link Chatter}) against Sluice with the limiter off (the baseline),
 * on with the limit state in memory, and on with the shared (IP-scoped) limit in Redis, a {@link BenchRedis} the
 * scenario starts and stops. Server CPU is read over the same kind of window in each run.
 *
 * <p>Round trips per shared decision (Redis variant): what Redis itself counted ({@code INFO commandstats}, read
 * before the server starts and again once the load has stopped and the node's counters hold still with no script
 * unanswered), against what the node says it sent ({@code STATS}, {@link dev.sluice.limit.redis.RedisLimitState}'s
 * traffic). A round trip is one command and its reply on the node's Redis connection. Decision commands = the
 * commands Redis counted, less the bench's own {@code INFO}s, the client's connection set-up ({@code HELLO},
 * {@code CLIENT}), the commands scripts run inside Redis ({@link #IN_SCRIPT}) and the node's non-decision
 * commands (lease renewals, the start-up {@code SCRIPT LOAD}s, releases); any {@code EVAL} repeated after
 * {@code NOSCRIPT} stays on the decisions' side.
 */
final class LimiterScenario {

    /** Commands of the Redis client's connection handshake, not of the limit state. */
    private static final List<String> SETUP = List.of("hello", "client", "auth", "select");
    /**
     * Commands the limit scripts run inside Redis ({@code redis.call}): commandstats counts them too, but they
     * are part of their script's one round trip (a test checks the list against the scripts). A top-level command
     * of one of these names (the node's GET of a counter, which S5 does not use) is then missed, and the node's
     * count of commands no longer agrees with Redis's: the verdict fails rather than passes.
     */
    static final List<String> IN_SCRIPT = List.of("del", "get", "hdel", "hexists", "hincrby", "hlen", "hmget",
        "hset", "incrby", "pexpire", "pttl", "set", "time", "zadd", "zcard", "zrangebyscore", "zrem",
        "zremrangebyscore", "zscore");
    /** Fields of the server's STATS answer (see {@link BenchServer}). */
    /** Compilation time a second under which the JIT counts as quiet (2 % of a core). */
    private static final long QUIET_JIT_MS = 20;
    private static final int DECISIONS = 0;
    private static final int RENEWALS = 1;
    private static final int OTHER = 2;
    private static final int RETRIES = 3;
    private static final int COMMANDS = 4;
    private static final int PENDING = 5;
    private static final int WITHOUT_REDIS = 6;

    private LimiterScenario() {
    }

    /** One run: server (and Redis) CPU over the window, what the load generator saw, and the Redis accounting. */
    private record Variant(double serverCpu, double redisCpu, JsonNode load, double windowSeconds,
                           double activeSeconds, long[] windowStart, long[] windowEnd, Accounting accounting,
                           long jitMillisInWindow) {

        long refusalsInLimit() {
            return load.path("errorsInLimit").asLong();
        }

        long refusalsOverLimit() {
            return load.path("errorsOverLimit").asLong();
        }
    }

    /** The node's counters and Redis's command counts over the whole Redis run, read while both were still. */
    private record Accounting(long[] node, Map<String, Long> redisCalls) {

        long setup() {
            return redisCalls.entrySet().stream().filter(e -> SETUP.contains(e.getKey().split("\\|")[0]))
                .mapToLong(Map.Entry::getValue).sum();
        }

        /**
         * Commands Redis received from the node: all it counted but the bench's INFOs, the handshake and the
         * commands run inside scripts.
         */
        long seen() {
            return redisCalls.entrySet().stream().filter(e -> !e.getKey().equals(BenchRedis.INFO)
                && !IN_SCRIPT.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum() - setup();
        }

        long decisionCommands() {
            return seen() - node[RENEWALS] - node[OTHER];
        }
    }

    static ScenarioResult s5(BenchRun run, int limit) throws IOException, InterruptedException {
        int clients = run.pick(1_000, 300, 20);
        long windowMs = run.pick(15_000, 4_000, 1_000);
        ScenarioResult r = new ScenarioResult("S5", "inbound limiter, memory and Redis limit state",
            clients + " clients sending ping / subscribe / unsubscribe at 2-40 msgs/s, every tenth at 1.5x its "
                + limit + " msgs/s limit (no burst), each from its own address, every message also "
                + "through an IP-scoped shared bucket; server CPU over " + windowMs + " ms, starting once the "
                + "server's JIT compiles under " + QUIET_JIT_MS + " ms a second; limiter off, on with "
                + "the memory state, on with the Redis state"
                + (run.quick ? "; **quick: " + clients + " clients instead of 1,000**" : ""));
        Variant off = chatter(run, clients, limit, windowMs, BenchConfigs.limiter(limit, false, null), null);
        Variant memory = chatter(run, clients, limit, windowMs, BenchConfigs.limiter(limit, true, null), null);
        r.row("server CPU, limiter on (memory state)", String.format("%.1f%%", memory.serverCpu),
            String.format("limiter off %.1f%%", off.serverCpu), ratio(memory.serverCpu, off.serverCpu), "≤ 1.05x",
            verdict(memory.serverCpu <= 1.05 * off.serverCpu));
        r.row("JIT compilation in the CPU window (memory state)", memory.jitMillisInWindow + " ms",
            "limiter off " + off.jitMillisInWindow + " ms", "-", "reported", "-");
        refusalRows(r, "memory state", memory, clients, limit);
        r.json.put("limiterOff", json(off));
        r.json.put("memoryState", json(memory));
        Optional<Path> binary = BenchRedis.binary();
        if (binary.isEmpty()) {
            r.row("Redis limit state: round trips per shared decision", "not measured", "-", "-", "exactly 1",
                "not run: " + BenchRedis.BINARY + " is not on the PATH");
            BenchCommand.note("S5: " + BenchRedis.BINARY + " is not on the PATH, so the Redis-state variant did not "
                + "run");
            return r;
        }
        try (BenchRedis redis = BenchRedis.start(binary.get(), run.out.resolve("processes.log"))) {
            Variant shared = chatter(run, clients, limit, windowMs, BenchConfigs.limiter(limit, true,
                redis.uri()), redis);
            redisRows(r, off, shared, clients, limit);
            r.json.put("redisState", json(shared));
        }
        return r;
    }

    private static void refusalRows(ScenarioResult r, String state, Variant v, int clients, int limit) {
        // A starved load generator sends late (fixed delay), so over-limit clients may not exceed their limit at
        // all: the refusal counts mean little without the rates actually sent.
        double seconds = Math.max(1e-3, v.activeSeconds);
        r.row("send rate achieved (" + state + ")", String.format("in-limit %s, over-limit %s", rate(
                v.load.path("sentInLimit").asLong() / seconds), rate(v.load.path("sentOverLimit").asLong() / seconds)),
            String.format("nominal %s and %s", rate(Chatter.nominalRate(clients, limit, false)),
                rate(Chatter.nominalRate(clients, limit, true))), "-", "reported", "-");
        String when = v.refusalsInLimit() == 0 ? "-" : String.format("first %,d ms, last %,d ms after the clients "
            + "started sending", v.load.path("firstInLimitErrorMs").asLong(),
            v.load.path("lastInLimitErrorMs").asLong());
        r.row("refusals of in-limit clients (" + state + ")", Long.toString(v.refusalsInLimit()), when, "-", "0",
            verdict(v.refusalsInLimit() == 0));
        r.row("refusals of over-limit clients (" + state + ")", Long.toString(v.refusalsOverLimit()), "-", "-",
            "> 0", verdict(v.refusalsOverLimit() > 0));
        long overWindow = v.load.path("inLimitSendsOverWindow").asLong();
        r.row("in-limit clients' sends beyond the limit within a rolling second, as sent (" + state + ")",
            Long.toString(overWindow), "-", "-", "0", verdict(overWindow == 0));
        long sentInLimit = v.load.path("sentInLimit").asLong();
        long answered = v.load.path("repliesInLimit").asLong() + v.refusalsInLimit();
        r.row("in-limit clients' messages answered by the load's end (" + state + ")",
            String.format("%.1f%% (%,d of %,d)", sentInLimit == 0 ? 0.0 : 100.0 * answered / sentInLimit, answered,
                sentInLimit), "-", "-", "reported", "-");
    }

    private static void redisRows(ScenarioResult r, Variant off, Variant v, int clients, int limit) {
        r.row("server CPU, limiter on (Redis state)", String.format("%.1f%%", v.serverCpu),
            String.format("limiter off %.1f%%", off.serverCpu), ratio(v.serverCpu, off.serverCpu), "reported", "-");
        r.row("redis-server CPU (Redis state)", String.format("%.1f%%", v.redisCpu), "-", "-", "reported", "-");
        refusalRows(r, "Redis state", v, clients, limit);
        Accounting a = v.accounting;
        if (a == null) {
            r.row("Redis round trips per shared decision", "not measured", "-", "-", "exactly 1",
                "**missed**: the node's counters did not hold still after the load stopped");
            return;
        }
        long decisions = a.node[DECISIONS];
        long decisionCommands = a.decisionCommands();
        boolean agrees = a.seen() == a.node[COMMANDS];
        String verdict = verdict(decisions > 0 && decisionCommands == decisions && agrees);
        if (a.node[WITHOUT_REDIS] > 0 && !agrees) {
            verdict += String.format(": %,d of the node's commands never reached Redis (timed out before they "
                + "were written)", a.node[COMMANDS] - a.seen());
        }
        r.row("Redis round trips per shared decision", String.format("%.2f (%,d commands / %,d decisions)",
            decisions == 0 ? 0.0 : (double) decisionCommands / decisions, decisionCommands, decisions),
            String.format("Redis counted %,d commands, the node sent %,d", a.seen(), a.node[COMMANDS]), "-",
            "exactly 1", verdict);
        r.row("Redis commands that are not decisions", String.format("%,d lease renewals, %,d other (%,d SCRIPT "
                + "LOAD at start-up, %,d PING probes after a timeout), %,d NOSCRIPT retries", a.node[RENEWALS],
            a.node[OTHER], a.redisCalls.getOrDefault("script|load", 0L), a.redisCalls.getOrDefault("ping", 0L),
            a.node[RETRIES]), String.format("%,d connection set-up (HELLO, CLIENT)", a.setup()), "-", "shown apart",
            "-");
        double decided = (v.windowEnd[DECISIONS] - v.windowStart[DECISIONS]) / v.windowSeconds;
        double offered = offeredDecisions(v);
        long sent = v.load.path("sentInLimit").asLong() + v.load.path("sentOverLimit").asLong();
        long unanswered = sent - v.load.path("replies").asLong() - v.refusalsInLimit() - v.refusalsOverLimit();
        // No ratio: the window's rate also drains what queued during the warm-up, the offered rate is an average
        // over the whole load; what was left unanswered at the end says whether the decisions kept up.
        r.row("shared decisions/s (Redis state)", rate(decided) + " in the window", "offered ≈ " + rate(offered)
                + " averaged over the load; " + String.format("%,d", unanswered) + " messages unanswered at its end",
            "-", "reported", "-");
        long without = a.node[WITHOUT_REDIS];
        r.row("shared decisions the failure policy answered (Redis timed out)", Long.toString(without),
            "policy closed: this node's share of the shared limit, new connections refused", "-", "0",
            verdict(without == 0));
    }

    /**
     * Shared decisions a second the load generator offered: every message it sent needs one, but those its
     * connection's own (local) bucket refused, which never reach the shared bucket; over the load's whole span.
     */
    private static double offeredDecisions(Variant v) {
        long sent = v.load.path("sentInLimit").asLong() + v.load.path("sentOverLimit").asLong();
        return (sent - v.refusalsInLimit() - v.refusalsOverLimit()) / Math.max(1e-3, v.activeSeconds);
    }

    private static Variant chatter(BenchRun run, int clients, int limit, long windowMs, String yaml,
                                   BenchRedis redis) throws IOException, InterruptedException {
        Map<String, Long> redisBefore = redis == null ? Map.of() : redis.commandCalls();
        try (ChildProc server = run.server(Target.SLUICE, 1, yaml, "s5")) {
            int port = BenchRun.firstPort(BenchRun.ports(server));
            try (ChildProc gen = run.loadgen("s5-chatter", List.of("mode=chatter", "clients=" + clients,
                "limit=" + limit, "url=ws://127.0.0.1:" + port + "/ws/v5/public"))) {
                gen.await("SUBSCRIBED", 120_000);
                long start = BenchClock.monoNanos();
                BenchClock.sleepMillis(2_000);
                awaitQuietJit(server, run.pick(30_000, 15_000, 1_000));
                long jit0 = jitMillis(server);
                long[] traffic0 = redis == null ? null : stats(server);
                long cpu0 = server.cpuNanos();
                long redisCpu0 = redis == null ? 0 : redis.cpuNanos();
                long t0 = BenchClock.monoNanos();
                BenchClock.sleepMillis(windowMs);
                long elapsed = BenchClock.monoNanos() - t0;
                double cpu = (server.cpuNanos() - cpu0) * 100.0 / elapsed;
                double redisCpu = redis == null ? 0 : (redis.cpuNanos() - redisCpu0) * 100.0 / elapsed;
                long jitInWindow = jitMillis(server) - jit0;
                long[] traffic1 = redis == null ? null : stats(server);
                gen.send("STOP");
                double active = (BenchClock.monoNanos() - start) / 1e9;
                JsonNode load = LoadGen.JSON.readTree(gen.await("RESULT", 60_000));
                Accounting accounting = redis == null ? null : settle(server, redis, redisBefore);
                return new Variant(cpu, redisCpu, load, elapsed / 1e9, active, traffic0, traffic1, accounting,
                    jitInWindow);
            }
        }
    }

    /**
     * The node's counters and Redis's command counts once nothing is in flight: the node's STATS are the same
     * before and after the INFO, with no script command unanswered, so every command it counted had reached
     * Redis and none was sent meanwhile (lease renewals go on every two seconds). Null if that never happens.
     */
    private static Accounting settle(ChildProc server, BenchRedis redis, Map<String, Long> before)
        throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 50; attempt++) {
            long[] first = stats(server);
            Map<String, Long> calls = redis.commandCalls();
            long[] second = stats(server);
            if (Arrays.equals(first, second) && first[PENDING] == 0) {
                Map<String, Long> delta = new LinkedHashMap<>();
                calls.forEach((name, n) -> delta.put(name, n - before.getOrDefault(name, 0L)));
                return new Accounting(first, delta);
            }
            BenchClock.sleepMillis(100);
        }
        return null;
    }

    /**
     * Waits (at most {@code maxMs}) until the server's JIT compilers are quiet: under {@value #QUIET_JIT_MS} ms of
     * compilation in a second. A short-lived server otherwise spends much of the window compiling, and a plan
     * with limits has more code to compile than one without, which the CPU comparison would count as the limiter.
     */
    private static void awaitQuietJit(ChildProc server, long maxMs) throws IOException, InterruptedException {
        long until = BenchClock.monoNanos() + maxMs * 1_000_000L;
        long before = jitMillis(server);
        while (BenchClock.monoNanos() < until) {
            BenchClock.sleepMillis(1_000);
            long now = jitMillis(server);
            if (now - before < QUIET_JIT_MS) {
                return;
            }
            before = now;
        }
        BenchCommand.note("S5: the server's JIT was still compiling after " + maxMs / 1_000 + " s of load; the CPU "
            + "window includes compilation (jitMillisInWindow in results.json)");
    }

    /** Milliseconds the server's JIT compilers have spent so far. */
    private static long jitMillis(ChildProc server) throws IOException, InterruptedException {
        server.send("JIT");
        return Long.parseLong(server.await("JIT", 30_000));
    }

    private static long[] stats(ChildProc server) throws IOException, InterruptedException {
        server.send("STATS");
        String answer = server.await("STATS", 30_000);
        return answer.equals("-") ? null : Arrays.stream(answer.split(" ")).mapToLong(Long::parseLong).toArray();
    }

    private static Map<String, Object> json(Variant v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("serverCpuPercent", v.serverCpu);
        out.put("jitMillisInWindow", v.jitMillisInWindow);
        out.put("load", v.load);
        if (v.windowStart != null) {
            out.put("redisCpuPercent", v.redisCpu);
            out.put("windowSeconds", v.windowSeconds);
            out.put("nodeTrafficWindowStart", v.windowStart);
            out.put("nodeTrafficWindowEnd", v.windowEnd);
        }
        if (v.accounting != null) {
            out.put("nodeTrafficTotal", v.accounting.node);
            out.put("redisCommandCalls", v.accounting.redisCalls);
            out.put("decisionCommands", v.accounting.decisionCommands());
        }
        return out;
    }
}

package dev.sluice.bench;

import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import dev.sluice.dialect.Endpoint;
import dev.sluice.limit.Admission;
import dev.sluice.limit.ConnectionLimits;
import dev.sluice.limit.Decision;
import dev.sluice.limit.LimitEngine;
import dev.sluice.limit.Op;
import dev.sluice.limit.Principal;
import dev.sluice.limit.memory.MemoryLimitState;
import dev.sluice.metric.Metrics;
import dev.sluice.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one inbound-message decision ({@link ConnectionLimits#onInbound}) on an admitted connection, on
 * one thread, against the in-memory state:
 * <ul>
 * <li>{@code baseline}: an empty method, the harness's own cost;
 * <li>{@code noLimits}: a connection whose plan has no limits (clock read, timers, block check, empty loop);
 * <li>{@code localAllowed}: a connection-scoped message-rate whose bucket never runs dry;
 * <li>{@code localAllowedWithPenalty}: the same limit with a penalty (an IP block), so every message also asks
 *     the state whether the IP is blocked;
 * <li>{@code localRefused}: a connection-scoped message-rate whose bucket is always empty (a refusal: a new
 *     {@link Decision}, the refusal counter and the refusal log's once-per-window check);
 * <li>{@code sharedAllowed}: an identity-scoped message-rate, through {@link MemoryLimitState}.
 * </ul>
 * The clock is a field incremented by one nanosecond per read: it allocates nothing and never stands still.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LimitDecisionBenchmark {

    /** A billion a second, the most a plan may say: refills one token per nanosecond, one read of the clock. */
    private static final String NEVER_DRY = """
              - kind: message-rate
                scope: %s
                permits: 1000000000
                periodMs: 1000
        """;
    /** One message an hour, drained in setup: the benchmark never lives long enough for a token to come back. */
    private static final String ALWAYS_EMPTY = """
              - kind: message-rate
                scope: connection
                permits: 1
                burst: 1
                periodMs: 3600000
        """;
    /** Appended to a limit: a breach blocks the IP, so every message first checks for a block. */
    private static final String PENALTY = """
                penaltyMs: 1000
                penaltyScope: ip
        """;
    private static final Endpoint ENDPOINT = new Endpoint("/ws", "ws");

    private ConnectionLimits noLimits;
    private ConnectionLimits localAllowed;
    private ConnectionLimits localRefused;
    private ConnectionLimits sharedAllowed;
    private ConnectionLimits localAllowedWithPenalty;

    @Setup
    public void setUp() throws ConfigException {
        noLimits = connection(null);
        localAllowed = connection(NEVER_DRY.formatted("connection"));
        localRefused = connection(ALWAYS_EMPTY);
        sharedAllowed = connection(NEVER_DRY.formatted("identity"));
        localAllowedWithPenalty = connection(NEVER_DRY.formatted("connection") + PENALTY);
        expect(localAllowed.onInbound(Op.PING) == Decision.ALLOWED, "localAllowed is allowed");
        expect(sharedAllowed.onInbound(Op.PING) == Decision.ALLOWED, "sharedAllowed is allowed");
        expect(localAllowedWithPenalty.onInbound(Op.PING) == Decision.ALLOWED, "localAllowedWithPenalty is allowed");
        expect(localRefused.onInbound(Op.PING) == Decision.ALLOWED, "localRefused's one token");
        expect(localRefused.onInbound(Op.PING).refused(), "localRefused is refused once drained");
    }

    @Benchmark
    public void baseline() {
        // The harness alone.
    }

    @Benchmark
    public Decision noLimits() {
        return noLimits.onInbound(Op.PING);
    }

    @Benchmark
    public Decision localAllowed() {
        return localAllowed.onInbound(Op.PING);
    }

    @Benchmark
    public Decision localRefused() {
        return localRefused.onInbound(Op.PING);
    }

    @Benchmark
    public Decision localAllowedWithPenalty() {
        return localAllowedWithPenalty.onInbound(Op.PING);
    }

    @Benchmark
    public Decision sharedAllowed() {
        return sharedAllowed.onInbound(Op.PING);
    }

    /** An admitted connection of its own engine, on its own clock; no limits when {@code limitsYaml} is null. */
    private static ConnectionLimits connection(String limitsYaml) throws ConfigException {
        String yaml = "plans:\n  - name: plan\n    limits:\n"
            + (limitsYaml == null ? "      - kind: heartbeat\n        periodMs: 30000\n" : limitsYaml)
            + "services:\n  - name: svc\n    dialect: echo\n    port: 0\n    plan: plan\n";
        LimitEngine engine = new LimitEngine("svc", ConfigLoader.parse("benchmark", yaml).plans(),
            new MemoryLimitState(), new TickClock(1_700_000_000_000_000_000L), Metrics.NOOP, false);
        // A principal of a plan the engine does not know has no limits at all.
        String plan = limitsYaml == null ? "none" : "plan";
        Principal principal = new Principal("svc", "acct", "alice", "acct", "10.0.0.1", plan);
        Admission admission = engine.admit(principal, ENDPOINT, "c1");
        expect(admission instanceof Admission.Admitted, "admitted");
        return ((Admission.Admitted) admission).limits();
    }

    private static void expect(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark setup is wrong: expected " + what);
        }
    }

    /** A clock that allocates nothing: one nanosecond later on every read. */
    private static final class TickClock implements Clock {

        private long nanos;

        TickClock(long startNanos) {
            this.nanos = startNanos;
        }

        @Override
        public long epochNanos() {
            return ++nanos;
        }
    }
}

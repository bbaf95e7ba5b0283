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
 * one thread, against the in-memory state, for each way a rate limit counts ({@code window: sliding}, the default,
 * {@code fixed} and {@code bucket}) in the same run:
 * <ul>
 * <li>{@code baseline}: an empty method, the harness's own cost;
 * <li>{@code noLimits}: a connection whose plan has no limits (clock read, timers, block check, empty loop);
 * <li>{@code localSlidingAllowed}, {@code localFixedAllowed}, {@code localBucketAllowed}: a connection-scoped
 *     message-rate of 1,000 per millisecond, met exactly: the clock moves one microsecond per decision, so the
 *     sliding window holds 1,000 admissions and drops one and records one per decision, the fixed window takes
 *     its 1,000th admission as the next window starts, and the bucket takes the token that just came back;
 * <li>{@code localAllowedWithPenalty}: the sliding limit with a penalty (an IP block), so every message also asks
 *     the state whether the IP is blocked;
 * <li>{@code localRefused}: a connection-scoped sliding message-rate that is always full (a refusal: a new
 *     {@link Decision}, the refusal counter and the refusal log's once-per-window check);
 * <li>{@code sharedSlidingAllowed}, {@code sharedFixedAllowed}, {@code sharedBucketAllowed}: the same rates scoped
 *     to the identity, through {@link MemoryLimitState} (map lookup and the key's lock).
 * </ul>
 * The clock is a field incremented by one microsecond per read: it allocates nothing and never stands still.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LimitDecisionBenchmark {

    /** 1,000 a millisecond with one decision a microsecond: exactly at the rate, so always allowed. */
    private static final String AT_RATE = """
              - kind: message-rate
                scope: %s
                permits: 1000
                periodMs: 1
                window: %s
        """;
    /** One message an hour, taken in setup: the benchmark never lives long enough for it to leave the window. */
    private static final String ALWAYS_FULL = """
              - kind: message-rate
                scope: connection
                permits: 1
                periodMs: 3600000
        """;
    /** Appended to a limit: a breach blocks the IP, so every message first checks for a block. */
    private static final String PENALTY = """
                penaltyMs: 1000
                penaltyScope: ip
        """;
    private static final Endpoint ENDPOINT = new Endpoint("/ws", "ws");
    private static final long MICROSECOND = 1_000;

    private ConnectionLimits noLimits;
    private ConnectionLimits localSlidingAllowed;
    private ConnectionLimits localFixedAllowed;
    private ConnectionLimits localBucketAllowed;
    private ConnectionLimits localRefused;
    private ConnectionLimits sharedSlidingAllowed;
    private ConnectionLimits sharedFixedAllowed;
    private ConnectionLimits sharedBucketAllowed;
    private ConnectionLimits localAllowedWithPenalty;

    @Setup
    public void setUp() throws ConfigException {
        noLimits = connection(null);
        localSlidingAllowed = connection(AT_RATE.formatted("connection", "sliding"));
        localFixedAllowed = connection(AT_RATE.formatted("connection", "fixed"));
        localBucketAllowed = connection(AT_RATE.formatted("connection", "bucket"));
        localRefused = connection(ALWAYS_FULL);
        sharedSlidingAllowed = connection(AT_RATE.formatted("identity", "sliding"));
        sharedFixedAllowed = connection(AT_RATE.formatted("identity", "fixed"));
        sharedBucketAllowed = connection(AT_RATE.formatted("identity", "bucket"));
        localAllowedWithPenalty = connection(AT_RATE.formatted("connection", "sliding") + PENALTY);
        for (ConnectionLimits allowed : new ConnectionLimits[] {localSlidingAllowed, localFixedAllowed,
            localBucketAllowed, sharedSlidingAllowed, sharedFixedAllowed, sharedBucketAllowed,
            localAllowedWithPenalty}) {
            // Three periods at the rate: every window is in its steady state and nothing was refused.
            for (int i = 0; i < 3_000; i++) {
                expect(allowed.onInbound(Op.PING) == Decision.ALLOWED, "at the rate, decision " + i + " is allowed");
            }
        }
        expect(localRefused.onInbound(Op.PING) == Decision.ALLOWED, "localRefused's one admission");
        expect(localRefused.onInbound(Op.PING).refused(), "localRefused is refused once full");
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
    public Decision localSlidingAllowed() {
        return localSlidingAllowed.onInbound(Op.PING);
    }

    @Benchmark
    public Decision localFixedAllowed() {
        return localFixedAllowed.onInbound(Op.PING);
    }

    @Benchmark
    public Decision localBucketAllowed() {
        return localBucketAllowed.onInbound(Op.PING);
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
    public Decision sharedSlidingAllowed() {
        return sharedSlidingAllowed.onInbound(Op.PING);
    }

    @Benchmark
    public Decision sharedFixedAllowed() {
        return sharedFixedAllowed.onInbound(Op.PING);
    }

    @Benchmark
    public Decision sharedBucketAllowed() {
        return sharedBucketAllowed.onInbound(Op.PING);
    }

    /** An admitted connection of its own engine, on its own clock; no limits when {@code limitsYaml} is null. */
    private static ConnectionLimits connection(String limitsYaml) throws ConfigException {
        String yaml = "plans:\n  - name: plan\n    limits:\n"
            + (limitsYaml == null ? "      - kind: heartbeat\n        periodMs: 30000\n" : limitsYaml)
            + "services:\n  - name: svc\n    dialect: echo\n    port: 0\n    plan: plan\n";
        LimitEngine engine = new LimitEngine("svc", ConfigLoader.parse("benchmark", yaml).plans(),
            new MemoryLimitState(), new TickClock(1_700_000_000_000_000_000L, MICROSECOND), Metrics.NOOP, false);
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

    /** A clock that allocates nothing: {@code stepNanos} later on every read. */
    private static final class TickClock implements Clock {

        private final long stepNanos;
        private long nanos;

        TickClock(long startNanos, long stepNanos) {
            this.nanos = startNanos;
            this.stepNanos = stepNanos;
        }

        @Override
        public long epochNanos() {
            nanos += stepNanos;
            return nanos;
        }
    }
}

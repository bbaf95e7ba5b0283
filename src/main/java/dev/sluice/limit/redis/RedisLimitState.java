package dev.sluice.limit.redis;

import dev.sluice.limit.LimitState;
import dev.sluice.limit.LimitStateUnavailable;
import dev.sluice.limit.redis.Scripts.Script;
import dev.sluice.limit.window.SlidingLog;
import dev.sluice.time.Clock;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link LimitState} shared by every node of a cluster, in Redis. Each operation is one Lua script in one
 * round trip ({@link Scripts}): the script reads, decides and writes atomically on the server, so there is no
 * client-side compare-and-swap and no retry loop.
 *
 * <p>Time: with {@link TimeSource#REDIS} (production) every script reads Redis {@code TIME}, in microseconds, and
 * the {@code nowNanos} arguments are ignored: node clocks can disagree (or jump) without minting tokens, shortening
 * blocks or stretching leases. A block's end is the caller's {@code untilNanos} minus the node's clock now, added to
 * Redis time, so the node's skew cancels out. {@link TimeSource#CALLER} takes {@code nowNanos} instead, in
 * nanoseconds, for the contract tests that move time by hand.
 *
 * <p>Keys: {@code <prefix><kind>:{<key>}}; the engine's keys start with the service name, so services are apart,
 * and the braces keep the two keys of a capped set in one Redis Cluster slot. Every key expires when idle: a set
 * one lease after its last renewal, a bucket when it would be full again, a window when its newest admission has
 * left it (sliding) or the window has ended (fixed), a spacing record after its interval, a
 * block when it ends, a counter {@code counterIdleMs} after its last change.
 *
 * <p>Leases: capped-set members expire {@code leaseNanos} after their last acquire or renewal ({@link #renew});
 * expired members are dropped by the next script that touches the set.
 *
 * <p>Failures: the synchronous methods wait at most {@code timeoutMs} and then throw
 * {@link LimitStateUnavailable}; {@link ClusterLimitState} applies the failure policy. Misconfiguration is an
 * {@link IllegalArgumentException}, as in the memory store. Thread-safe; the asynchronous methods never block.
 */
public final class RedisLimitState implements LimitState {

    /** Where the scripts take the time from. */
    public enum TimeSource { REDIS, CALLER }

    /** The scripts whose answer decides a request (the others write, or keep leases alive). */
    private static final Script[] DECIDING = {Script.ACQUIRE, Script.SIZE, Script.CONSUME, Script.SLIDING,
        Script.FIXED, Script.SPACE, Script.BLOCKED};

    /** Lua numbers are doubles: integers are exact below 2^53. */
    private static final long MAX_EXACT = 1L << 53;
    private static final long NANOS_PER_MS = 1_000_000L;
    private static final long CALLER_TTL_FLOOR_MS = 3_600_000L;
    private static final long REDIS_TTL_FLOOR_MS = 1_000L;

    private final RedisAsyncCommands<String, String> redis;
    private final Scripts scripts;
    private final String prefix;
    private final TimeSource time;
    private final Clock clock;
    private final long timeoutMs;
    private final long counterIdleMs;
    /** Nanoseconds per script tick: 1000 on Redis time (microseconds), 1 on the caller's. */
    private final long tickNanos;
    private final long ttlFloorMs;
    /** Counter reads ({@link #get}), the one decision that is a plain command rather than a script. */
    private final LongAdder gets = new LongAdder();

    public RedisLimitState(RedisAsyncCommands<String, String> redis, String prefix, TimeSource time, Clock clock,
                           long timeoutMs, long counterIdleMs) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.scripts = new Scripts(redis);
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.time = Objects.requireNonNull(time, "time");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeoutMs = timeoutMs;
        this.counterIdleMs = counterIdleMs;
        this.tickNanos = time == TimeSource.REDIS ? 1_000 : 1;
        this.ttlFloorMs = time == TimeSource.REDIS ? REDIS_TTL_FLOOR_MS : CALLER_TTL_FLOOR_MS;
    }

    // ---- synchronous port ------------------------------------------------------------------------------------

    @Override
    public Acquire acquire(String key, String member, String holder, int cap, long leaseNanos, long nowNanos) {
        return await(acquireAsync(key, member, holder, cap, leaseNanos, nowNanos));
    }

    @Override
    public void release(String key, String member, String holder) {
        await(releaseAsync(key, member, holder));
    }

    @Override
    public int size(String key, long nowNanos) {
        Long size = await(scripts.run(Script.SIZE, ScriptOutputType.INTEGER, setKeys(key), leaseNow(nowNanos)));
        return size.intValue();
    }

    @Override
    public long consume(String key, long permits, long capacity, long refillTokens, long refillPeriodNanos,
                        long nowNanos) {
        return await(consumeAsync(key, permits, capacity, refillTokens, refillPeriodNanos, nowNanos));
    }

    @Override
    public long slidingWindow(String key, long permits, long periodNanos, long nowNanos) {
        return await(slidingWindowAsync(key, permits, periodNanos, nowNanos));
    }

    @Override
    public long fixedWindow(String key, long permits, long periodNanos, long nowNanos) {
        return await(fixedWindowAsync(key, permits, periodNanos, nowNanos));
    }

    @Override
    public long space(String key, String holder, long intervalNanos, long nowNanos) {
        Objects.requireNonNull(holder, "holder");
        if (intervalNanos < 0) {
            throw new IllegalArgumentException("spacing " + key + ": intervalNanos must be >= 0: " + intervalNanos);
        }
        long interval = ticksUp(intervalNanos);
        Long wait = await(scripts.run(Script.SPACE, ScriptOutputType.INTEGER, keys("space", key), now(nowNanos),
            holder, Long.toString(interval), Long.toString(ttlMs(interval))));
        return wait * tickNanos;
    }

    @Override
    public void blockUntil(String key, long untilNanos) {
        // On Redis time the block lasts what the caller meant from its own clock's now; on the caller's time the
        // end is absolute (now 0 plus the end).
        long delta = time == TimeSource.REDIS ? ticksUp(Math.max(0, untilNanos - clock.epochNanos())) : untilNanos;
        String nowArg = time == TimeSource.REDIS ? "-1" : "0";
        long ttl = time == TimeSource.REDIS ? ttlMs(delta) : ttlFloorMs;
        await(scripts.run(Script.BLOCK, ScriptOutputType.INTEGER, keys("block", key), nowArg, Long.toString(delta),
            Long.toString(ttl)));
    }

    @Override
    public long blockedFor(String key, long nowNanos) {
        return await(blockedForAsync(key, nowNanos));
    }

    @Override
    public long add(String key, long delta) {
        return await(scripts.<Long>run(Script.ADD, ScriptOutputType.INTEGER, keys("count", key),
            Long.toString(delta), Long.toString(counterIdleMs)));
    }

    @Override
    public long reserve(String key, long want, long max) {
        if (want < 0) {
            throw new IllegalArgumentException("credits " + key + ": want must be >= 0: " + want);
        }
        if (want >= MAX_EXACT || Math.abs(max) >= MAX_EXACT) {
            throw new IllegalArgumentException("credits " + key + ": want " + want + " and max " + max
                + " must stay below 2^53 (Lua numbers)");
        }
        return await(scripts.<Long>run(Script.RESERVE, ScriptOutputType.INTEGER, keys("count", key),
            Long.toString(want), Long.toString(max), Long.toString(counterIdleMs)));
    }

    @Override
    public long get(String key) {
        scripts.countRoundTrip();
        gets.increment();
        String value = await(redis.get(keys("count", key)[0]).toCompletableFuture());
        return value == null ? 0 : Long.parseLong(value);
    }

    // ---- asynchronous operations (the event loop's path) -------------------------------------------------------

    public CompletableFuture<Acquire> acquireAsync(String key, String member, String holder, int cap,
                                                   long leaseNanos, long nowNanos) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(holder, "holder");
        if (cap < 0) {
            throw new IllegalArgumentException("cap must be >= 0: " + cap);
        }
        long lease = ticksUp(leaseNanos);
        return scripts.<Long>run(Script.ACQUIRE, ScriptOutputType.INTEGER, setKeys(key), leaseNow(nowNanos), member,
            holder, Integer.toString(cap), Long.toString(lease), Long.toString(keyTtlMs(leaseNanos)))
            .thenApply(code -> Acquire.values()[code.intValue()]);
    }

    public CompletableFuture<Long> releaseAsync(String key, String member, String holder) {
        return scripts.run(Script.RELEASE, ScriptOutputType.INTEGER, setKeys(key), Objects.requireNonNull(member,
            "member"), Objects.requireNonNull(holder, "holder"));
    }

    public CompletableFuture<Long> consumeAsync(String key, long permits, long capacity, long refillTokens,
                                                long refillPeriodNanos, long nowNanos) {
        if (permits < 0 || capacity <= 0 || refillTokens <= 0 || refillPeriodNanos <= 0) {
            throw new IllegalArgumentException("token bucket " + key + ": permits " + permits + " must be >= 0 and "
                + "capacity " + capacity + ", refillTokens " + refillTokens + ", refillPeriodNanos "
                + refillPeriodNanos + " > 0");
        }
        if (permits > capacity) {
            return CompletableFuture.completedFuture(Long.MAX_VALUE);
        }
        if (permits == 0) {
            return CompletableFuture.completedFuture(0L);
        }
        long period = ticksUp(refillPeriodNanos);
        // Allocates two BigIntegers: nothing next to the round trip this decision makes anyway.
        long divisor = java.math.BigInteger.valueOf(refillTokens).gcd(java.math.BigInteger.valueOf(period))
            .longValue();
        long perToken = period / divisor;
        if (capacity >= MAX_EXACT / perToken) {
            throw new IllegalArgumentException("token bucket too fine-grained for Redis: capacity " + capacity
                + " x refillPeriodNanos " + refillPeriodNanos + " / gcd(refillTokens " + refillTokens
                + ", period) reaches 2^53; use a coarser period or fewer tokens");
        }
        return scripts.<Long>run(Script.CONSUME, ScriptOutputType.INTEGER, keys("bucket", key), now(nowNanos),
            Long.toString(permits), Long.toString(capacity), Long.toString(perToken),
            Long.toString(refillTokens / divisor), Long.toString(NANOS_PER_MS / tickNanos), Long.toString(ttlFloorMs))
            .thenApply(wait -> wait * tickNanos);
    }

    /**
     * {@link #slidingWindow}: the log is a string of 4-byte ticks (see {@link SlidingLog}), read, trimmed and
     * written back by one script, so a decision costs the server time in proportion to the admissions inside the
     * window (at most {@code permits}), and Redis memory 4 bytes per admission inside it.
     */
    public CompletableFuture<Long> slidingWindowAsync(String key, long permits, long periodNanos, long nowNanos) {
        checkWindow(key, permits, periodNanos);
        long period = ticksUp(periodNanos);
        long unitsPerMs = NANOS_PER_MS / tickNanos;
        long tick = SlidingLog.tickFor(period, unitsPerMs);
        return scripts.<Long>run(Script.SLIDING, ScriptOutputType.INTEGER, keys("sliding", key), now(nowNanos),
            Long.toString(permits), Long.toString(tick), Long.toString(SlidingLog.periodTicks(period, tick)),
            Long.toString(ttlFloorMs), Long.toString(unitsPerMs))
            .thenApply(wait -> wait * tickNanos);
    }

    /** {@link #fixedWindow}: the window's index and count in one hash. */
    public CompletableFuture<Long> fixedWindowAsync(String key, long permits, long periodNanos, long nowNanos) {
        checkWindow(key, permits, periodNanos);
        return scripts.<Long>run(Script.FIXED, ScriptOutputType.INTEGER, keys("fixed", key), now(nowNanos),
            Long.toString(permits), Long.toString(ticksUp(periodNanos)), Long.toString(ttlFloorMs),
            Long.toString(NANOS_PER_MS / tickNanos))
            .thenApply(wait -> wait * tickNanos);
    }

    private static void checkWindow(String key, long permits, long periodNanos) {
        if (permits <= 0 || periodNanos <= 0) {
            throw new IllegalArgumentException("window " + key + ": permits " + permits + " and periodNanos "
                + periodNanos + " must be > 0");
        }
        if (permits > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("window " + key + ": permits " + permits + " exceed "
                + Integer.MAX_VALUE);
        }
    }

    public CompletableFuture<Long> blockedForAsync(String key, long nowNanos) {
        return scripts.<Long>run(Script.BLOCKED, ScriptOutputType.INTEGER, keys("block", key), now(nowNanos))
            .thenApply(ticks -> ticks * tickNanos);
    }

    /**
     * Renews one node's leases in one script and registers the node as live for {@code leaseNanos}: a lease
     * still held is extended; one that is gone is taken again when its set has room.
     *
     * @return the number of live nodes, then the indexes (0-based) of the leases that are lost
     */
    public CompletableFuture<List<Long>> renewAsync(String nodeId, List<LeaseBook.Lease> leases, long leaseNanos,
                                                    long nowNanos) {
        String[] keys = new String[1 + 2 * leases.size()];
        String[] args = new String[4 + 3 * leases.size()];
        keys[0] = prefix + "nodes";
        args[0] = leaseNow(nowNanos);
        args[1] = nodeId;
        args[2] = Long.toString(ticksUp(leaseNanos));
        args[3] = Long.toString(keyTtlMs(leaseNanos));
        for (int i = 0; i < leases.size(); i++) {
            LeaseBook.Lease lease = leases.get(i);
            String[] set = setKeys(lease.key());
            keys[1 + 2 * i] = set[0];
            keys[2 + 2 * i] = set[1];
            args[4 + 3 * i] = lease.member();
            args[5 + 3 * i] = lease.holder();
            args[6 + 3 * i] = Integer.toString(lease.cap());
        }
        return scripts.<List<Long>>run(Script.RENEW, ScriptOutputType.MULTI, keys, args)
            .thenApply(result -> {
                for (int i = 1; i < result.size(); i++) {
                    result.set(i, result.get(i) - 1);
                }
                return result;
            });
    }

    /** Loads every script into Redis's cache ({@code SCRIPT LOAD}), waiting at most {@code waitMs} for each. */
    public void loadScripts(long waitMs) {
        for (Script script : Script.values()) {
            scripts.countRoundTrip();
            try {
                redis.scriptLoad(script.source).toCompletableFuture().get(waitMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new LimitStateUnavailable("could not load limit scripts into Redis", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LimitStateUnavailable("interrupted while loading limit scripts", e);
            }
        }
    }

    /** One PING: whether Redis answers again after an outage. */
    public CompletableFuture<String> pingAsync() {
        scripts.countRoundTrip();
        return redis.ping().toCompletableFuture();
    }

    /** Commands sent so far (scripts, reloads, GETs): the benchmark's round trips. */
    public long roundTrips() {
        return scripts.roundTrips();
    }

    /** What this node has sent to Redis so far, by kind. */
    public Traffic traffic() {
        long decisions = gets.sum();
        for (Script script : DECIDING) {
            decisions += scripts.requests(script);
        }
        long renewals = scripts.requests(Script.RENEW);
        long retries = scripts.reloads();
        // Read last: a command sent meanwhile shows as "other" until the next reading, never as a negative.
        long commands = scripts.roundTrips();
        return new Traffic(decisions, renewals, commands - decisions - renewals - retries, retries, commands,
            scripts.pending());
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    /** Waits for a script at most the timeout; an answer that does not come is {@link LimitStateUnavailable}. */
    <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new LimitStateUnavailable("Redis did not answer within " + timeoutMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LimitStateUnavailable("interrupted while waiting for Redis", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RedisCommandExecutionException && !String.valueOf(cause.getMessage())
                .startsWith("LOADING") && !String.valueOf(cause.getMessage()).startsWith("BUSY")) {
                // A script error is a bug, not an outage.
                throw new IllegalStateException("Redis script failed: " + cause.getMessage(), cause);
            }
            throw new LimitStateUnavailable("Redis unavailable: " + cause, cause);
        }
    }

    /** The time argument of the capped-set scripts: leases run on Redis time as it is now, whatever the caller. */
    private String leaseNow(long nowNanos) {
        return time == TimeSource.CALLER ? Long.toString(nowNanos) : "-1";
    }

    /**
     * The time argument of the scripts that date a request (rates, spacing, blocks). On the caller's time,
     * {@code nowNanos}. On Redis time, {@code -1 - age}: the script takes Redis {@code TIME} less the age, in ticks,
     * where the age is how long before this node's clock now the caller's {@code nowNanos} lies (a request read from
     * its socket a while ago is dated when it was read). The age is a difference of this node's own clock, so the
     * node's skew against others cancels out.
     */
    private String now(long nowNanos) {
        if (time == TimeSource.CALLER) {
            return Long.toString(nowNanos);
        }
        return Long.toString(-1 - Math.max(0, clock.epochNanos() - nowNanos) / tickNanos);
    }

    private String[] keys(String kind, String key) {
        return new String[] {prefix + kind + ":{" + Objects.requireNonNull(key, "key") + "}"};
    }

    private String[] setKeys(String key) {
        String base = prefix + "set:{" + Objects.requireNonNull(key, "key") + "}";
        return new String[] {base + ":l", base + ":h"};
    }

    /** Nanoseconds to ticks, rounded up (a wait or lease is never shortened). */
    private long ticksUp(long nanos) {
        return (nanos + tickNanos - 1) / tickNanos;
    }

    private long ttlMs(long ticks) {
        return (ticks * tickNanos + NANOS_PER_MS - 1) / NANOS_PER_MS + ttlFloorMs;
    }

    /** A set outlives its last lease by the TTL floor (real time, whatever the time source). */
    private long keyTtlMs(long leaseNanos) {
        return (leaseNanos + NANOS_PER_MS - 1) / NANOS_PER_MS + ttlFloorMs;
    }
}

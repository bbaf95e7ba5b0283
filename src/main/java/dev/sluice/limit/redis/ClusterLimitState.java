package dev.sluice.limit.redis;

import dev.sluice.limit.LimitState;
import dev.sluice.limit.LimitStateUnavailable;
import dev.sluice.limit.memory.MemoryLimitState;
import dev.sluice.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limit state of a cluster node: {@link RedisLimitState} while Redis answers, the {@link FailurePolicy} while
 * it does not. Every capped-set membership this node holds is kept in a {@link LeaseBook}, so that the
 * {@link LeaseKeeper} can renew it, re-register it after Redis lost it, and close the connection of one it lost.
 *
 * <p>Failure: the first call that times out or fails marks Redis down; from then on calls do not wait on Redis
 * at all (they go straight to the policy) until the keeper's probe succeeds. So at most one decision per thread
 * waits the timeout. Under every policy the fallback counts on this node: {@code local} and {@code closed} with
 * ceil(cap / live nodes) of each shared cap and rate (live nodes as last seen in Redis), {@code open} allows
 * everything. Blocks are written to both stores, so a penalty survives an outage on the node that set it; counter
 * changes made during an outage are added to Redis when it is back.
 *
 * <p>Thread-safety: all methods may be called from any thread; they block at most the Redis timeout, so callers
 * on an event loop must not call them (the engine runs remote decisions on its decision executor).
 */
public final class ClusterLimitState implements LimitState {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterLimitState.class);

    private final RedisLimitState redis;
    private final MemoryLimitState local = new MemoryLimitState();
    private final FailurePolicy policy;
    private final LeaseBook leases = new LeaseBook();
    private final Clock clock;
    private final long leaseNanos;
    private final String holderPrefix;
    private final LongAdder failOpen = new LongAdder();
    private final LongAdder withoutRedis = new LongAdder();
    private final Map<String, LongAdder> outageCounts = new ConcurrentHashMap<>();
    private volatile boolean up = true;
    private volatile int liveNodes = 1;

    /** @param leaseNanos how long a membership lives without renewal (the callers' lease argument is ignored) */
    /**
     * @param nodeTag tags this node's holders: connection ids are unique per process only, and a set shared by the
     *                cluster must not take two nodes' connections for one
     */
    public ClusterLimitState(RedisLimitState redis, FailurePolicy policy, Clock clock, long leaseNanos,
                             String nodeTag) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.leaseNanos = leaseNanos;
        this.holderPrefix = Objects.requireNonNull(nodeTag, "nodeTag") + ':';
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public boolean refusesAdmissions() {
        return !up && policy == FailurePolicy.CLOSED;
    }

    @Override
    public Acquire acquire(String key, String connMember, String connHolder, int cap, long ignoredLeaseNanos,
                           long nowNanos) {
        String holder = holderPrefix + connHolder;
        String member = member(connMember, connHolder);
        Acquire outcome = fromRedis(() -> redis.acquire(key, member, holder, cap, leaseNanos, nowNanos));
        if (outcome == null) {
            if (policy == FailurePolicy.OPEN) {
                failOpen.increment();
                outcome = Acquire.ADDED;
            } else {
                outcome = local.acquire(key, member, holder, share(cap), leaseNanos, nowNanos);
            }
        }
        if (outcome != Acquire.FULL) {
            leases.held(key, member, holder, cap);
        }
        return outcome;
    }

    /** Never waits: the lease is dropped here at once and in Redis in the background (it expires anyway). */
    @Override
    public void release(String key, String connMember, String connHolder) {
        String holder = holderPrefix + connHolder;
        String member = member(connMember, connHolder);
        leases.released(key, member, holder);
        local.release(key, member, holder);
        if (up) {
            redis.releaseAsync(key, member, holder).exceptionally(error -> null);
        }
    }

    @Override
    public int size(String key, long nowNanos) {
        Integer size = fromRedis(() -> redis.size(key, nowNanos));
        return size != null ? size : local.size(key, nowNanos);
    }

    @Override
    public long consume(String key, long permits, long capacity, long refillTokens, long refillPeriodNanos,
                        long nowNanos) {
        return wait(() -> redis.consume(key, permits, capacity, refillTokens, refillPeriodNanos, nowNanos),
            () -> local.consume(key, permits, share(capacity), share(refillTokens), refillPeriodNanos, nowNanos));
    }

    @Override
    public long slidingWindow(String key, long permits, long periodNanos, long nowNanos) {
        return wait(() -> redis.slidingWindow(key, permits, periodNanos, nowNanos),
            () -> local.slidingWindow(key, share(permits), periodNanos, nowNanos));
    }

    @Override
    public long fixedWindow(String key, long permits, long periodNanos, long nowNanos) {
        return wait(() -> redis.fixedWindow(key, permits, periodNanos, nowNanos),
            () -> local.fixedWindow(key, share(permits), periodNanos, nowNanos));
    }

    @Override
    public long space(String key, String holder, long intervalNanos, long nowNanos) {
        return wait(() -> redis.space(key, holder, intervalNanos, nowNanos),
            () -> local.space(key, holder, intervalNanos, nowNanos));
    }

    /** A wait from Redis; while it is down, 0 under the open policy, else this node's share counted locally. */
    private long wait(Supplier<Long> fromRedis, java.util.function.LongSupplier locally) {
        Long wait = fromRedis(fromRedis);
        if (wait != null) {
            return wait;
        }
        if (policy == FailurePolicy.OPEN) {
            failOpen.increment();
            return 0;
        }
        return locally.getAsLong();
    }

    @Override
    public void blockUntil(String key, long untilNanos) {
        local.blockUntil(key, untilNanos);
        fromRedis(() -> {
            redis.blockUntil(key, untilNanos);
            return Boolean.TRUE;
        });
    }

    @Override
    public long blockedFor(String key, long nowNanos) {
        Long remaining = fromRedis(() -> redis.blockedFor(key, nowNanos));
        return remaining != null ? remaining : local.blockedFor(key, nowNanos);
    }

    @Override
    public long add(String key, long delta) {
        Long total = fromRedis(() -> redis.add(key, delta));
        if (total != null) {
            return total;
        }
        outageCounts.computeIfAbsent(key, k -> new LongAdder()).add(delta);
        return local.add(key, delta);
    }

    /**
     * From Redis while it answers. Without it, {@code open} grants what is asked and {@code local} and
     * {@code closed} reserve from this node's share, ceil(max / live nodes), of a local count; either way the grant
     * is added to Redis when it is back, like an outage's {@link #add}.
     */
    @Override
    public long reserve(String key, long want, long max) {
        Long granted = fromRedis(() -> redis.reserve(key, want, max));
        if (granted != null) {
            return granted;
        }
        long grant;
        if (policy == FailurePolicy.OPEN) {
            failOpen.increment();
            grant = want;
            local.add(key, grant);
        } else {
            grant = local.reserve(key, want, share(max));
        }
        if (grant > 0) {
            outageCounts.computeIfAbsent(key, k -> new LongAdder()).add(grant);
        }
        return grant;
    }

    @Override
    public long get(String key) {
        Long value = fromRedis(() -> redis.get(key));
        return value != null ? value : local.get(key);
    }

    /** Redis's answer, or null when Redis is down or fails now (then marked down): the policy answers instead. */
    private <T> T fromRedis(Supplier<T> call) {
        if (!up) {
            withoutRedis.increment();
            return null;
        }
        try {
            return call.get();
        } catch (LimitStateUnavailable e) {
            withoutRedis.increment();
            down(e);
            return null;
        }
    }

    /** Shared decisions allowed without Redis under the {@code open} policy. */
    public long failOpenTotal() {
        return failOpen.sum();
    }

    /**
     * Calls answered by the failure policy instead of Redis so far: while Redis was down, and the one that timed
     * out or failed and marked it down.
     */
    public long answeredWithoutRedis() {
        return withoutRedis.sum();
    }

    /** What this node has sent to Redis so far, by kind ({@link RedisLimitState#traffic}). */
    public Traffic traffic() {
        return redis.traffic();
    }

    /** Commands sent to Redis so far (scripts, reloads, GETs, probes). */
    public long roundTrips() {
        return redis.roundTrips();
    }

    public boolean up() {
        return up;
    }

    public int liveNodes() {
        return liveNodes;
    }

    public FailurePolicy policy() {
        return policy;
    }

    RedisLimitState redis() {
        return redis;
    }

    LeaseBook leases() {
        return leases;
    }

    void liveNodes(int nodes) {
        liveNodes = Math.max(1, nodes);
    }

    /** Marks Redis down after a failed call; calls go to the policy until {@link #backUp} (once per outage). */
    void down(LimitStateUnavailable cause) {
        if (up) {
            up = false;
            LOG.warn("limit state: Redis unreachable ({}); failure policy {} until it answers again",
                cause.getMessage(), policy.configName());
        }
    }

    /** Redis answers again: outage counts are added to it; the caller renews every lease at once. */
    void backUp() {
        for (Map.Entry<String, LongAdder> entry : outageCounts.entrySet()) {
            long delta = entry.getValue().sumThenReset();
            if (delta != 0) {
                redis.add(entry.getKey(), delta);
            }
        }
        outageCounts.clear();
        up = true;
        LOG.info("limit state: Redis answers again; {} leases re-registered next", leases.size());
    }

    /**
     * A member that is the holder itself (a connection slot, a subscription, a request) is this node's, and tagged
     * like the holder; any other member (a user address) is shared by every node's holders.
     */
    private String member(String member, String holder) {
        return member.equals(holder) ? holderPrefix + member : member;
    }

    /** This node's share of a cluster-wide cap or rate. */
    private int share(int cap) {
        return (int) share((long) cap);
    }

    private long share(long amount) {
        int nodes = liveNodes;
        return (amount + nodes - 1) / nodes;
    }

    Clock clock() {
        return clock;
    }

    long leaseNanos() {
        return leaseNanos;
    }
}

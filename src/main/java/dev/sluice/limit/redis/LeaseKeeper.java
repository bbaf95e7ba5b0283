package dev.sluice.limit.redis;

import dev.sluice.limit.LimitStateUnavailable;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's leases alive: every renewal interval, all of them in batches of {@link #BATCH} per script, and
 * the node's own registration (so other nodes know how many are live, for the {@code local} policy). A lease
 * Redis no longer has (it restarted empty, or this node was paused past the lease TTL) is taken again when its set
 * has room; one that is not is lost, and {@code onLost} gets the connection ids to close, so over-admission does
 * not last beyond one renewal interval. While Redis is down it probes every {@code probeIntervalMs} and, once it
 * answers, renews everything at once. Runs on its own thread: it may wait on Redis, the event loops never do.
 */
public final class LeaseKeeper implements AutoCloseable {

    static final int BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final ClusterLimitState state;
    private final String nodeId;
    private final long renewalIntervalMs;
    private final long probeIntervalMs;
    private final Consumer<Set<String>> onLost;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
        new DefaultThreadFactory("sluice-leases", true));

    public LeaseKeeper(ClusterLimitState state, String nodeId, long renewalIntervalMs, long probeIntervalMs,
                       Consumer<Set<String>> onLost) {
        this.state = Objects.requireNonNull(state, "state");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.renewalIntervalMs = renewalIntervalMs;
        this.probeIntervalMs = probeIntervalMs;
        this.onLost = Objects.requireNonNull(onLost, "onLost");
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::renew, 0, renewalIntervalMs, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::probe, probeIntervalMs, probeIntervalMs, TimeUnit.MILLISECONDS);
    }

    /** Renews every lease now (the timer does every renewal interval); a failure marks Redis down. */
    public void renew() {
        try {
            renewAll();
        } catch (LimitStateUnavailable e) {
            state.down(e);
        } catch (RuntimeException e) {
            LOG.warn("limit state: lease renewal failed", e);
        }
    }

    private void renewAll() {
        if (!state.up()) {
            return;
        }
        RedisLimitState redis = state.redis();
        List<LeaseBook.Lease> all = state.leases().snapshot();
        Set<String> lostConnections = new HashSet<>();
        int from = 0;
        do {
            List<LeaseBook.Lease> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            List<Long> result = redis.await(redis.renewAsync(nodeId, batch, state.leaseNanos(),
                state.clock().epochNanos()));
            state.liveNodes(result.get(0).intValue());
            for (int i = 1; i < result.size(); i++) {
                LeaseBook.Lease lease = batch.get(result.get(i).intValue());
                state.leases().lost(lease);
                lostConnections.add(LeaseBook.connectionOf(lease.holder()));
            }
            from += BATCH;
        } while (from < all.size());
        if (!lostConnections.isEmpty()) {
            LOG.warn("limit state: {} connection(s) lost their slots (Redis restarted, or this node was paused "
                + "past the lease TTL) and the sets are full again; closing them", lostConnections.size());
            onLost.accept(lostConnections);
        }
    }

    /** Probes Redis now (the timer does every probe interval while it is down). */
    public void probeNow() {
        probe();
    }

    private void probe() {
        if (state.up()) {
            return;
        }
        try {
            state.redis().await(state.redis().pingAsync());
            state.backUp();
            renewAll();
        } catch (LimitStateUnavailable e) {
            LOG.debug("limit state: Redis still unreachable: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("limit state: probe failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

package dev.sluice.limit.redis;

import dev.sluice.limit.LimitState;
import dev.sluice.time.Clock;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's part of a cluster: one Lettuce connection to Redis (commands from every thread pipelined on it), the
 * {@link ClusterLimitState} over it, the {@link LeaseKeeper} renewing this node's leases, and the decision executor
 * where the engine runs decisions that may wait on Redis.
 *
 * <p>The connection rejects commands at once while it is disconnected (rather than queueing them until it is back)
 * and reconnects by itself; every wait is bounded by the configured timeout.
 */
public final class RedisCluster implements AutoCloseable {

    /** Threads that may wait on Redis for decisions: enough to keep many requests in flight on one connection. */
    static final int DECISION_THREADS = 16;
    private static final long PROBE_INTERVAL_MS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(RedisCluster.class);

    /**
     * @param uri               the Redis URI (may carry a password); only {@code maskedUri} is ever logged
     * @param maskedUri         the same with the password masked
     * @param timeoutMs         longest wait for one answer
     * @param connectTimeoutMs  longest wait for a connection
     * @param leaseTtlMs        lease of a slot without renewal
     * @param renewalIntervalMs how often leases are renewed
     * @param policy            what happens while Redis does not answer
     * @param keyPrefix         prefix of every key
     */
    public record Settings(String uri, String maskedUri, long timeoutMs, long connectTimeoutMs, long leaseTtlMs,
                           long renewalIntervalMs, FailurePolicy policy, String keyPrefix) {
        public Settings {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(policy, "policy");
        }

        @Override
        public String toString() {
            return "Settings[" + maskedUri + ", timeoutMs=" + timeoutMs + ", policy=" + policy.configName() + "]";
        }
    }

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final ClusterLimitState state;
    private final LeaseKeeper keeper;
    private final ExecutorService decisions;
    private final String nodeId;

    private RedisCluster(Settings settings, Clock clock, Consumer<Set<String>> onLost) {
        RedisURI uri = RedisURI.create(settings.uri());
        // The URI's timeout bounds the connection's handshake (HELLO...), which a cold JVM may take longer than a
        // command's timeout to finish; commands get theirs from the timeout options and from every await.
        uri.setTimeout(Duration.ofMillis(Math.max(settings.connectTimeoutMs(), settings.timeoutMs())));
        this.client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(settings.connectTimeoutMs()))
                .keepAlive(true).build())
            .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(settings.timeoutMs())))
            .build());
        try {
            this.connection = client.connect(StringCodec.UTF8, uri);
        } catch (RuntimeException e) {
            client.shutdown(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot connect to Redis at " + settings.maskedUri() + ": "
                + e.getClass().getSimpleName(), e);
        }
        this.nodeId = ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString()
            .substring(0, 8);
        RedisLimitState redis = new RedisLimitState(connection.async(), settings.keyPrefix(),
            RedisLimitState.TimeSource.REDIS, clock, settings.timeoutMs(), COUNTER_IDLE_MS);
        try {
            // Loaded (and the client's code paths warmed) before the first decision, within the connect timeout.
            redis.loadScripts(settings.connectTimeoutMs());
        } catch (RuntimeException e) {
            connection.close();
            client.shutdown(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("Redis at " + settings.maskedUri() + " did not load the limit scripts", e);
        }
        this.state = new ClusterLimitState(redis, settings.policy(), clock, settings.leaseTtlMs() * 1_000_000L,
            nodeTag());
        this.keeper = new LeaseKeeper(state, nodeId, settings.renewalIntervalMs(), PROBE_INTERVAL_MS, onLost);
        this.decisions = Executors.newFixedThreadPool(DECISION_THREADS,
            new DefaultThreadFactory("sluice-decisions", true));
        LOG.info("limit state: Redis at {} (node {}, policy {}, lease {} ms renewed every {} ms)",
            settings.maskedUri(), nodeId, settings.policy().configName(), settings.leaseTtlMs(),
            settings.renewalIntervalMs());
    }

    /** Counters (credits) outlive a month of idleness, so that a monthly quota survives a quiet month's end. */
    static final long COUNTER_IDLE_MS = 40L * 24 * 3_600_000;

    /**
     * Connects to Redis and starts renewing leases. {@code onLost} gets the ids of connections whose slots were lost
     * and could not be taken again, to close them.
     */
    public static RedisCluster connect(Settings settings, Clock clock, Consumer<Set<String>> onLost) {
        RedisCluster cluster = new RedisCluster(settings, clock, onLost);
        cluster.keeper.start();
        return cluster;
    }

    public LimitState state() {
        return state;
    }

    public ClusterLimitState clusterState() {
        return state;
    }

    public ExecutorService decisions() {
        return decisions;
    }

    public String nodeId() {
        return nodeId;
    }

    /** Connection ids are unique per process only; this tag makes them unique in the cluster's shared sets. */
    private String nodeTag() {
        return Integer.toHexString(nodeId.hashCode()) + UUID.randomUUID().toString().substring(0, 4);
    }

    @Override
    public void close() {
        keeper.close();
        decisions.shutdownNow();
        connection.close();
        client.shutdown(0, 1, TimeUnit.SECONDS);
    }
}

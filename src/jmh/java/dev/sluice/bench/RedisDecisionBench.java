package dev.sluice.bench;

import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import dev.sluice.limit.Admission;
import dev.sluice.limit.ConnectionLimits;
import dev.sluice.limit.LimitEngine;
import dev.sluice.limit.Op;
import dev.sluice.limit.Principal;
import dev.sluice.limit.SubscriptionChanges;
import dev.sluice.limit.redis.FailurePolicy;
import dev.sluice.limit.redis.RedisCluster;
import dev.sluice.metric.Metrics;
import dev.sluice.time.SystemClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Redis-mode decision throughput: shared (identity-scoped) message-rate decisions through the real path, each a
 * {@link ConnectionLimits#decideAsync} on the engine's decision executor, against a Redis given by URI. Each of
 * {@code connections} connections keeps one decision in flight (as a session does: it reads nothing more while
 * one is pending). Reports decisions per second and round trips per decision, counted twice: by the client, and by
 * Redis itself ({@code INFO commandstats}, {@code EVALSHA} calls).
 *
 * <pre>
 * redis-server --port 6399 --save '' --appendonly no &amp;
 * mvn -B -Pbench -DskipTests package
 * java -cp target/benchmarks.jar dev.sluice.bench.RedisDecisionBench redis://127.0.0.1:6399 [connections] [seconds]
 * </pre>
 */
public final class RedisDecisionBench {

    private static final String PLAN = """
        plans:
          - name: shared
            limits:
              - kind: message-rate
                scope: identity
                permits: 1000000000
                periodMs: 1000
        services:
          - name: bench
            dialect: echo
            port: 0
        """;

    private RedisDecisionBench() {
    }

    public static void main(String[] args) throws ConfigException, InterruptedException {
        String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:6379";
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        long seconds = args.length > 2 ? Long.parseLong(args[2]) : 10;
        RedisCluster cluster = RedisCluster.connect(new RedisCluster.Settings(uri, uri, 1_000, 1_000, 10_000, 2_000,
            FailurePolicy.CLOSED, "bench:"), SystemClock.INSTANCE, lost -> { });
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> stats = client.connect()) {
            LimitEngine engine = new LimitEngine("bench", ConfigLoader.parse("bench", PLAN).plans(), cluster.state(),
                SystemClock.INSTANCE, Metrics.NOOP, false, cluster.decisions());
            List<ConnectionLimits> limits = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Principal principal = new Principal("bench", "acct-" + i % 16, "id-" + i % 16, null, "10.0.0.1",
                    "shared");
                limits.add(((Admission.Admitted) engine.admit(principal, null, "c" + i)).limits());
            }
            run(limits, TimeUnit.SECONDS.toNanos(2), new LongAdder());
            long tripsBefore = cluster.clusterState().roundTrips();
            long evalshaBefore = evalshaCalls(stats);
            LongAdder decided = new LongAdder();
            long elapsed = run(limits, TimeUnit.SECONDS.toNanos(seconds), decided);
            long trips = cluster.clusterState().roundTrips() - tripsBefore;
            long evalsha = evalshaCalls(stats) - evalshaBefore;
            double perSecond = decided.sum() * 1e9 / elapsed;
            System.out.printf("connections %d, %d s: %d decisions, %.0f decisions/s%n", connections, seconds,
                decided.sum(), perSecond);
            System.out.printf("round trips per decision: client %.4f, Redis EVALSHA calls %.4f%n",
                (double) trips / decided.sum(), (double) evalsha / decided.sum());
        } finally {
            client.shutdown();
            cluster.close();
        }
    }

    /** Every connection decides again as soon as its last decision completed, until the deadline. */
    private static long run(List<ConnectionLimits> limits, long durationNanos, LongAdder decided)
        throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + durationNanos;
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(limits.size());
        for (ConnectionLimits connection : limits) {
            next(connection, deadline, decided, done);
        }
        done.await();
        return System.nanoTime() - start;
    }

    private static void next(ConnectionLimits connection, long deadline, LongAdder decided,
                             java.util.concurrent.CountDownLatch done) {
        long readNanos = connection.nowNanos();
        connection.decideAsync(Op.PING, SubscriptionChanges.NONE, readNanos).whenComplete((result, error) -> {
            boolean failed = error != null || result.inbound().refused();
            if (failed) {
                System.err.println("benchmark decision failed: " + (error != null ? error : result));
            } else {
                decided.increment();
            }
            if (!failed && System.nanoTime() < deadline) {
                next(connection, deadline, decided, done);
            } else {
                done.countDown();
            }
        });
    }

    private static long evalshaCalls(StatefulRedisConnection<String, String> stats) {
        for (String line : stats.sync().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_evalsha:")) {
                String calls = line.substring(line.indexOf("calls=") + 6);
                return Long.parseLong(calls.substring(0, calls.indexOf(',')));
            }
        }
        return 0;
    }
}

package dev.sluice.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.limit.LimitState;
import dev.sluice.limit.LimitState.Acquire;
import dev.sluice.limit.LimitStateContract;
import dev.sluice.time.ManualClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link LimitStateContract} against a real {@code redis-server} (on the caller's time, so that the contract
 * can move time by hand), plus what only the Redis store promises: leases that expire and renew, idle keys that
 * expire, and a script cache that may be flushed.
 */
class RedisLimitStateTest extends LimitStateContract {

    private static RedisProcess server;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    private RedisLimitState redis;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisProcess.start();
        client = RedisClient.create();
        connection = server.connect(client);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        connection.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
        server.close();
    }

    @Override
    protected LimitState newState() {
        connection.sync().flushall();
        redis = new RedisLimitState(connection.async(), "sluice:test:", RedisLimitState.TimeSource.CALLER,
            new ManualClock(T0), 5_000, 60_000);
        // As RedisCluster does; a test before may have flushed the script cache, and the round-trip counts would
        // then depend on the order the tests run in.
        redis.loadScripts(5_000);
        return redis;
    }

    @Test
    void shouldFreeMemberWhoseLeaseWasNotRenewed() {
        redis.acquire("slots", "c1", "c1", 1, 10 * SECOND, T0);

        assertThat(redis.size("slots", T0 + 10 * SECOND - 1)).as("members 1 ns before the lease ends").isEqualTo(1);
        assertThat(redis.acquire("slots", "c2", "c2", 1, 10 * SECOND, T0 + 10 * SECOND))
            .as("new member once the only lease of a cap-1 set ended").isEqualTo(Acquire.ADDED);
        assertThat(redis.size("slots", T0 + 10 * SECOND)).isEqualTo(1);
    }

    @Test
    void shouldDateARequestOnRedisTimeByWhenItWasReadNotWhenTheScriptRuns() {
        // Production's time source: Redis TIME. The node's clock stands still; what it tells the script is only how
        // long ago, on that clock, each request was read.
        ManualClock node = new ManualClock(1_700_000_000_000L);
        RedisLimitState onRedisTime = new RedisLimitState(connection.async(), "sluice:test:",
            RedisLimitState.TimeSource.REDIS, node, 5_000, 60_000);
        long now = node.epochNanos();

        assertThat(onRedisTime.slidingWindow("read-1s-apart", 1, SECOND, now - SECOND))
            .as("first of 1 per second, read 1 s ago").isZero();
        assertThat(onRedisTime.slidingWindow("read-1s-apart", 1, SECOND, now))
            .as("second, read just now: 1 s after the first however late the first was decided").isZero();

        assertThat(onRedisTime.slidingWindow("read-100ms-apart", 1, SECOND, now - 100 * MS))
            .as("first of 1 per second, read 100 ms ago").isZero();
        assertThat(onRedisTime.slidingWindow("read-100ms-apart", 1, SECOND, now))
            .as("second, read 100 ms after the first").isPositive();
    }

    @Test
    void shouldKeepMemberWhoseLeaseWasRenewedByAcquiringAgain() {
        redis.acquire("slots", "c1", "c1", 1, 10 * SECOND, T0);
        redis.acquire("slots", "c1", "c1", 1, 10 * SECOND, T0 + 8 * SECOND);

        assertThat(redis.acquire("slots", "c2", "c2", 1, 10 * SECOND, T0 + 12 * SECOND))
            .as("other member 4 s after the renewal of a 10 s lease").isEqualTo(Acquire.FULL);
    }

    @Test
    void shouldRenewHeldLeasesInOneBatchAndReportNodes() {
        redis.acquire("slots", "c1", "c1", 2, 10 * SECOND, T0);
        List<LeaseBook.Lease> held = List.of(new LeaseBook.Lease("slots", "c1", "c1", 2));

        List<Long> result = redis.renewAsync("node-a", held, 10 * SECOND, T0 + 9 * SECOND).join();

        assertThat(result).as("live nodes, then lost leases").containsExactly(1L);
        assertThat(redis.size("slots", T0 + 15 * SECOND)).as("members 6 s after a renewal of 10 s").isEqualTo(1);
    }

    @Test
    void shouldReRegisterLeasesAfterRedisLostThemAndReportThoseWithoutRoom() {
        redis.acquire("slots", "c1", "c1", 1, 10 * SECOND, T0);
        redis.acquire("slots", "c2", "c2", 2, 10 * SECOND, T0);
        connection.sync().flushall();
        redis.acquire("slots", "c9", "c9", 1, 10 * SECOND, T0);

        List<Long> result = redis.renewAsync("node-a", List.of(new LeaseBook.Lease("slots", "c1", "c1", 1),
            new LeaseBook.Lease("slots", "c2", "c2", 2)), 10 * SECOND, T0 + SECOND).join();

        assertThat(result).as("live nodes, then lost leases (0-based)").containsExactly(1L, 0L);
        assertThat(redis.size("slots", T0 + SECOND)).as("c9 and the re-registered c2").isEqualTo(2);
    }

    @Test
    void shouldRunScriptsAgainAfterTheServerForgotThem() {
        assertThat(consume("rate", 1, 5, 5, SECOND, T0)).isZero();
        connection.sync().scriptFlush();

        assertThat(consume("rate", 1, 5, 5, SECOND, T0)).as("permit after SCRIPT FLUSH").isZero();
        assertThat(consume("rate", 3, 5, 5, SECOND, T0)).isZero();
        assertThat(consume("rate", 1, 5, 5, SECOND, T0)).isEqualTo(200 * MS);
    }

    @Test
    void shouldUseOneRoundTripPerOperation() {
        long before = redis.roundTrips();
        acquire("slots", "c1", "c1", 3);
        consume("rate", 1, 5, 5, SECOND, T0);
        redis.space("token", "c1", SECOND, T0);
        redis.blockedFor("ip:1", T0);

        assertThat(redis.roundTrips() - before).as("round trips for 4 decisions").isEqualTo(4);
    }

    @Test
    void shouldCountDecisionsRenewalsAndRetriesApartAndAgreeWithRedisCommandStats() {
        Traffic before = redis.traffic();
        long evalsBefore = scriptCommandsSeenByRedis();
        acquire("slots", "c1", "c1", 3);
        consume("rate", 1, 5, 5, SECOND, T0);
        redis.blockedFor("ip:1", T0);
        redis.get("credits");
        redis.add("credits", 2);
        redis.renewAsync("node-a", List.of(new LeaseBook.Lease("slots", "c1", "c1", 3)), 10 * SECOND, T0).join();
        connection.sync().scriptFlush();
        consume("rate", 1, 5, 5, SECOND, T0);

        Traffic after = redis.traffic();
        assertThat(after.decisions() - before.decisions()).as("acquire, 2 consumes, blockedFor, get").isEqualTo(5);
        assertThat(after.leaseRenewals() - before.leaseRenewals()).isEqualTo(1);
        assertThat(after.otherOperations() - before.otherOperations()).as("the add").isEqualTo(1);
        assertThat(after.noScriptRetries() - before.noScriptRetries()).as("EVAL after SCRIPT FLUSH").isEqualTo(1);
        assertThat(after.commands() - before.commands()).isEqualTo(8);
        assertThat(after.pending()).as("script commands unanswered after every call returned").isZero();
        assertThat(scriptCommandsSeenByRedis() - evalsBefore).as("EVALSHA + EVAL calls Redis counted")
            .isEqualTo(after.commands() - before.commands() - 1);
    }

    /** EVALSHA and EVAL calls Redis has processed (INFO commandstats), failed ones (NOSCRIPT) included. */
    private static long scriptCommandsSeenByRedis() {
        long calls = 0;
        for (String line : connection.sync().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
                String field = line.substring(line.indexOf("calls=") + "calls=".length());
                calls += Long.parseLong(field.substring(0, field.indexOf(',')));
            }
        }
        return calls;
    }

    @Test
    void shouldExpireIdleKeys() {
        consume("rate", 1, 5, 5, SECOND, T0);
        acquire("slots", "c1", "c1", 3);
        redis.add("credits", 7);

        assertThat(connection.sync().pttl("sluice:test:bucket:{rate}")).as("bucket TTL (ms)").isPositive();
        assertThat(connection.sync().pttl("sluice:test:set:{slots}:l")).as("set TTL (ms)").isPositive();
        assertThat(connection.sync().pttl("sluice:test:count:{credits}")).as("counter TTL (ms)")
            .isBetween(1L, 60_000L);
    }

    @Test
    void shouldRefuseBucketTooFineForExactLuaArithmetic() {
        assertThatThrownBy(() -> consume("fine", 1, 1L << 40, 7, 1L << 20, T0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2^53");
    }
}

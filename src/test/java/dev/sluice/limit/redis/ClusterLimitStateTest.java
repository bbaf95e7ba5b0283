package dev.sluice.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.limit.LimitState.Acquire;
import dev.sluice.time.ManualClock;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cluster state against a real {@code redis-server} that a test stops: each failure policy, bounded waits,
 * outage counts carried over, and leases renewed, re-registered or reported lost.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterLimitStateTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long LEASE = 10 * SECOND;
    private static final long TIMEOUT_MS = 200;

    private RedisProcess server;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private final ManualClock clock = new ManualClock(1_704_067_200_000L);
    private final List<Set<String>> lost = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        server = RedisProcess.start();
        client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        connection = server.connect(client);
    }

    @AfterEach
    void stopRedis() {
        connection.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void shouldRefuseAdmissionsUnderClosedPolicyAndDecideOpenConnectionsOnTheNodesShare() {
        ClusterLimitState state = state(FailurePolicy.CLOSED, "n1");
        state.liveNodes(2);
        server.stop();

        long start = System.nanoTime();
        assertThat(state.acquire("subs", "c1/a", "c1/a", 4, LEASE, 0)).isEqualTo(Acquire.ADDED);
        long firstMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(state.refusesAdmissions()).as("closed policy while Redis is down").isTrue();
        assertThat(firstMs).as("ms the first call waited for the stopped Redis").isLessThan(TIMEOUT_MS + 500);
        assertThat(state.acquire("subs", "c1/b", "c1/b", 4, LEASE, 0)).as("2nd of ceil(4 / 2 nodes)")
            .isEqualTo(Acquire.ADDED);
        assertThat(state.acquire("subs", "c1/c", "c1/c", 4, LEASE, 0)).as("3rd of ceil(4 / 2 nodes)")
            .isEqualTo(Acquire.FULL);
    }

    @Test
    void shouldAllowAndCountEverythingUnderOpenPolicy() {
        ClusterLimitState state = state(FailurePolicy.OPEN, "n1");
        server.stop();

        for (int i = 0; i < 5; i++) {
            assertThat(state.acquire("slots", "c" + i, "c" + i, 1, LEASE, 0)).isEqualTo(Acquire.ADDED);
            assertThat(state.consume("rate", 1, 1, 1, SECOND, 0)).isZero();
        }

        assertThat(state.refusesAdmissions()).isFalse();
        assertThat(state.failOpenTotal()).as("decisions allowed without Redis").isEqualTo(10);
        assertThat(state.answeredWithoutRedis()).as("calls the policy answered: the one that timed out and 9 more")
            .isEqualTo(10);
        assertThat(state.traffic().decisions()).as("decisions sent to Redis: only the one that timed out")
            .isEqualTo(1);
    }

    @Test
    void shouldDecideOnNodesShareOfRatesUnderLocalPolicy() {
        ClusterLimitState state = state(FailurePolicy.LOCAL, "n1");
        state.liveNodes(3);
        server.stop();

        int granted = 0;
        for (int i = 0; i < 20; i++) {
            granted += state.consume("rate", 1, 10, 10, SECOND, 0) == 0 ? 1 : 0;
        }

        assertThat(granted).as("permits of a 10-token bucket on one of 3 nodes: ceil(10 / 3)").isEqualTo(4);
        assertThat(state.refusesAdmissions()).isFalse();
    }

    @Test
    void shouldAnswerFromRedisAgainAndCarryOutageCountsOverOnceItIsBack() throws Exception {
        ClusterLimitState state = state(FailurePolicy.LOCAL, "n1");
        LeaseKeeper keeper = keeper(state, "n1");
        state.add("credits", 5);
        server.stop();
        state.add("credits", 3);
        assertThat(state.up()).isFalse();

        server.restart();
        awaitUp(state, keeper);

        assertThat(state.get("credits")).as("credits after a restart that lost 5 of them: the outage's 3")
            .isEqualTo(3);
        assertThat(state.add("credits", 1)).isEqualTo(4);
        keeper.close();
    }

    @Test
    void shouldReserveCreditsFromTheNodesShareWhileRedisIsDownAndCarryTheGrantsOver() throws Exception {
        ClusterLimitState state = state(FailurePolicy.LOCAL, "n1");
        LeaseKeeper keeper = keeper(state, "n1");
        state.liveNodes(2);
        assertThat(state.reserve("credits", 10, 100)).as("from Redis").isEqualTo(10);
        server.stop();

        long granted = 0;
        for (int i = 0; i < 20; i++) {
            granted += state.reserve("credits", 10, 100);
        }
        server.restart();
        awaitUp(state, keeper);

        assertThat(granted).as("credits reserved without Redis by one of 2 nodes: ceil(100 / 2)").isEqualTo(50);
        assertThat(state.get("credits")).as("after a restart that lost the 10: the outage's grants").isEqualTo(50);
        keeper.close();
    }

    @Test
    void shouldReRegisterLeasesAfterRedisRestartedEmpty() throws Exception {
        ClusterLimitState state = state(FailurePolicy.CLOSED, "n1");
        LeaseKeeper keeper = keeper(state, "n1");
        state.acquire("slots", "c1", "c1", 3, LEASE, 0);
        state.acquire("slots", "c2", "c2", 3, LEASE, 0);
        server.stop();
        server.restart();

        keeper.renew();
        awaitUp(state, keeper);

        assertThat(state.size("slots", 0)).as("members re-registered by the renewal").isEqualTo(2);
        assertThat(lost).isEmpty();
        keeper.close();
    }

    @Test
    void shouldReportConnectionsWhoseLeasesWereTakenWhileTheNodeWasAway() {
        ClusterLimitState paused = state(FailurePolicy.CLOSED, "paused");
        LeaseKeeper keeper = keeper(paused, "paused");
        paused.acquire("slots", "c1", "c1", 1, LEASE, 0);
        paused.acquire("users", "0xabc", "c2", 5, LEASE, 0);
        // The paused node's leases ended (as if paused past the TTL) and another node filled the cap-1 set.
        connection.sync().flushall();
        ClusterLimitState other = state(FailurePolicy.CLOSED, "other");
        assertThat(other.acquire("slots", "c9", "c9", 1, LEASE, 0)).isEqualTo(Acquire.ADDED);

        keeper.renew();

        assertThat(lost).as("connections to close: their slot is gone and the set is full").containsExactly(
            Set.of("c1"));
        assertThat(paused.size("users", 0)).as("the user lease with room was taken again").isEqualTo(1);
        keeper.close();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private ClusterLimitState state(FailurePolicy policy, String nodeTag) {
        RedisLimitState redis = new RedisLimitState(connection.async(), "sluice:", RedisLimitState.TimeSource.REDIS,
            clock, TIMEOUT_MS, 60_000);
        return new ClusterLimitState(redis, policy, clock, LEASE, nodeTag);
    }

    private LeaseKeeper keeper(ClusterLimitState state, String nodeId) {
        return new LeaseKeeper(state, nodeId, 60_000, 60_000, lost::add);
    }

    /** Probes (as the keeper's timer does) until Redis answers again; bounded. */
    private static void awaitUp(ClusterLimitState state, LeaseKeeper keeper) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!state.up() && System.nanoTime() < deadline) {
            keeper.probeNow();
            Thread.onSpinWait();
        }
        assertThat(state.up()).as("Redis answering again within 10 s").isTrue();
    }
}

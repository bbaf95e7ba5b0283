package dev.sluice.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.limit.redis.ClusterLimitState;
import dev.sluice.limit.redis.FailurePolicy;
import dev.sluice.limit.redis.RedisLimitState;
import dev.sluice.limit.redis.RedisProcess;
import dev.sluice.time.ManualClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Credits reserved from a real {@code redis-server}, with the engine's decision executor run by hand, so each
 * step is seen: the first batch at admission, the next asked when half is spent, a message that finds the hand
 * empty while it is on its way {@link Decision#DEFERRED} (never sent on credit) until the answer wakes the
 * connection, the quota's refusal once Redis grants nothing, and unspent credits given back on close.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CreditMeterRedisTest {

    private final ManualClock clock = new ManualClock(1_704_067_200_000L);
    private final Principal alice = Plans.principal("alice", "alice", "10.0.0.1");
    /** The engine's decision executor: what it was asked to run, until the test runs it. */
    private final ArrayDeque<Runnable> decisions = new ArrayDeque<>();
    private RedisProcess server;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    @BeforeEach
    void startRedis() throws Exception {
        server = RedisProcess.start();
        client = RedisClient.create();
        connection = server.connect(client);
    }

    @AfterEach
    void stopRedis() {
        connection.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void shouldDeferTheMessageThatFindsTheHandEmptyUntilTheNextBatchArrives() {
        LimitEngine engine = engine(1_000_000);
        ConnectionLimits conn = admitted(engine.admit(alice, Plans.STOCK, "c1"));
        assertThat(counted(engine)).as("reserved at admission").isEqualTo(CreditMeter.BATCH);

        assertThat(sendEach(conn, 1_000)).as("messages sent from the first batch").isEqualTo(1_000);
        assertThat(decisions).as("the next batch, asked when half of the first was spent").hasSize(1);
        AtomicInteger woken = new AtomicInteger();
        assertThat(conn.onOutbound(1).deferred()).as("message 1001, the next batch not answered yet").isTrue();
        assertThat(conn.creditsReady(woken::incrementAndGet)).isFalse();

        runDecisions();

        assertThat(woken.get()).as("wakes once the batch arrived").isEqualTo(1);
        assertThat(conn.creditsReady(woken::incrementAndGet)).isTrue();
        assertThat(conn.onOutbound(1).allowed()).as("message 1001, sent now").isTrue();
        assertThat(counted(engine)).as("two batches counted").isEqualTo(2 * CreditMeter.BATCH);
        assertThat(engine.credits(alice).used()).as("credits_used: delivered only").isEqualTo(1_001);
    }

    @Test
    void shouldRefuseOnceRedisGrantsNothingAndNeverCountPastTheQuota() {
        LimitEngine engine = engine(3);
        ConnectionLimits conn = admitted(engine.admit(alice, Plans.STOCK, "c1"));
        assertThat(counted(engine)).as("reserved at admission: half of 3, rounded up").isEqualTo(2);
        int sent = sendEach(conn, 2);
        assertThat(conn.onOutbound(1).deferred()).as("message 3 before the next reservation is answered").isTrue();
        runDecisions();
        sent += sendEach(conn, 1);
        assertThat(conn.onOutbound(1).deferred()).as("message 4 before Redis answers").isTrue();
        runDecisions();

        Decision refused = conn.onOutbound(1);

        assertThat(sent).as("messages sent of a quota of 3").isEqualTo(3);
        assertThat(refused.refused()).as("message 4 once Redis granted nothing").isTrue();
        assertThat(refused.limit().action().errorCode()).isEqualTo("insufficient_credits");
        assertThat(counted(engine)).as("the count in Redis, quota 3").isEqualTo(3);
        assertThat(engine.credits(alice).used()).isEqualTo(3);
    }

    @Test
    void shouldGiveBackUnspentCreditsOffTheLoopOnClose() {
        LimitEngine engine = engine(3);
        ConnectionLimits one = admitted(engine.admit(alice, Plans.STOCK, "c1"));
        ConnectionLimits two = admitted(engine.admit(alice, Plans.STOCK, "c2"));
        assertThat(counted(engine)).as("2 reserved by c1, the last 1 by c2").isEqualTo(3);
        assertThat(sendEach(one, 1)).isEqualTo(1);
        runDecisions();
        assertThat(engine.credits(alice).used()).as("credits_used: 1 delivered, c2 holds 1 on this node")
            .isEqualTo(1);

        one.release();
        assertThat(counted(engine)).as("before the give-back ran on the decision executor").isEqualTo(3);
        runDecisions();

        assertThat(counted(engine)).as("after c1 gave back its unspent credit").isEqualTo(2);
        assertThat(two.onOutbound(1).allowed()).as("c2's own credit").isTrue();
    }

    private LimitEngine engine(long quota) {
        RedisLimitState redis = new RedisLimitState(connection.async(), "sluice:", RedisLimitState.TimeSource.REDIS,
            clock, 1_000, 60_000);
        ClusterLimitState state = new ClusterLimitState(redis, FailurePolicy.CLOSED, clock, 10_000_000_000L, "n1");
        return Plans.engine(clock, """
                  - kind: credits
                    scope: account
                    max: %d
                    errorCode: insufficient_credits
                    errorMessage: credits exhausted
                    closeAfterError: true
            """.formatted(quota), false, state, decisions::add);
    }

    /** Charges one message at a time, as a session does, running nothing; returns the messages allowed. */
    private static int sendEach(ConnectionLimits conn, int messages) {
        int sent = 0;
        for (int i = 0; i < messages; i++) {
            sent += conn.onOutbound(1).allowed() ? 1 : 0;
        }
        return sent;
    }

    private void runDecisions() {
        for (Runnable task = decisions.poll(); task != null; task = decisions.poll()) {
            task.run();
        }
    }

    private long counted(LimitEngine engine) {
        Limit limit = engine.plan(alice).limits(LimitKind.CREDITS).get(0);
        return engine.state().get(engine.key(limit, "alice"));
    }

    private static ConnectionLimits admitted(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
        return ((Admission.Admitted) admission).limits();
    }
}

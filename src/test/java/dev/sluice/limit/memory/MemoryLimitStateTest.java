package dev.sluice.limit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.limit.LimitState;
import dev.sluice.limit.LimitState.Acquire;
import dev.sluice.limit.LimitStateContract;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@link LimitStateContract} against the memory store, plus what only the memory store promises. */
class MemoryLimitStateTest extends LimitStateContract {

    private MemoryLimitState memory;

    @Override
    protected LimitState newState() {
        memory = new MemoryLimitState();
        return memory;
    }

    // ---- memory reclaimed --------------------------------------------------------------------------------

    @Test
    void shouldRemoveSetWhenLastMemberLeaves() {
        givenMembers("slots", 3, "c1", "c2");

        memory.release("slots", "c1", "c1");
        assertThat(memory.setCount()).as("sets with 1 member left").isEqualTo(1);
        memory.release("slots", "c2", "c2");

        assertThat(memory.setCount()).as("sets after the last member left").isZero();
    }

    @Test
    void shouldDropFullBucketOnSweepAndStartItFullAgain() {
        drain("rate", 10, 10, SECOND, T0);

        memory.sweep(T0 + SECOND - 1);
        assertThat(memory.bucketCount()).as("buckets 1 ns before refilling to 10 of 10").isEqualTo(1);
        memory.sweep(T0 + SECOND);
        assertThat(memory.bucketCount()).as("buckets once full again").isZero();

        assertThat(consume("rate", 10, 10, 10, SECOND, T0 + SECOND)).isZero();
        assertThat(consume("rate", 1, 10, 10, SECOND, T0 + SECOND)).isEqualTo(100 * MS);
    }

    @Test
    void shouldKeepPartlyEmptyBucketOnSweep() {
        assertThat(consume("rate", 1, 10, 10, SECOND, T0)).isZero();

        memory.sweep(T0 + 50 * MS);

        assertThat(memory.bucketCount()).isEqualTo(1);
        assertThat(consume("rate", 10, 10, 10, SECOND, T0 + 50 * MS)).as("wait for 10 with 9.5 left")
            .isEqualTo(50 * MS);
    }

    @Test
    void shouldDropSpacingRecordOnSweepOnceIntervalPassed() {
        memory.space("token", "conn-a", 3 * SECOND, T0);

        memory.sweep(T0 + 3 * SECOND - 1);
        assertThat(memory.spacingCount()).isEqualTo(1);
        memory.sweep(T0 + 3 * SECOND);
        assertThat(memory.spacingCount()).isZero();

        assertThat(memory.space("token", "conn-b", 3 * SECOND, T0 + 3 * SECOND)).isZero();
        assertThat(memory.space("token", "conn-a", 3 * SECOND, T0 + 3 * SECOND)).isEqualTo(3 * SECOND);
    }

    @Test
    void shouldKeepSpacingRecordUntilLongestIntervalPassed() {
        memory.space("token", "conn-a", 5 * SECOND, T0);
        memory.space("token", "conn-a", SECOND, T0);

        memory.sweep(T0 + 2 * SECOND);

        assertThat(memory.spacingCount()).isEqualTo(1);
        assertThat(memory.space("token", "conn-b", 5 * SECOND, T0 + 2 * SECOND)).isEqualTo(3 * SECOND);
    }

    @Test
    void shouldDropEndedBlocksOnSweepAndWhenFound() {
        memory.blockUntil("ip:1", T0 + SECOND);
        memory.blockUntil("ip:2", T0 + SECOND);
        memory.blockUntil("ip:3", T0 + 9 * SECOND);

        assertThat(memory.blockedFor("ip:1", T0 + SECOND)).isZero();
        assertThat(memory.blockCount()).as("blocks after ip:1 was found ended").isEqualTo(2);
        memory.sweep(T0 + SECOND);

        assertThat(memory.blockCount()).as("blocks after sweeping at 1 s").isEqualTo(1);
        assertThat(memory.blockedFor("ip:3", T0 + SECOND)).isEqualTo(8 * SECOND);
    }

    @Test
    void shouldDropZeroCountersOnSweep() {
        memory.add("replays:a", 1);
        memory.add("replays:b", 1);
        memory.add("replays:b", -1);

        memory.sweep(T0);

        assertThat(memory.counterCount()).isEqualTo(1);
        assertThat(memory.get("replays:a")).isEqualTo(1);
        assertThat(memory.get("replays:b")).isZero();
        assertThat(memory.add("replays:b", 2)).isEqualTo(2);
    }

    // ---- memory-store choices ----------------------------------------------------------------------------

    @Test
    void shouldIgnoreLeaseExpiry() {
        memory.acquire("slots", "c1", "c1", 1, 1, T0);

        assertThat(memory.size("slots", T0 + 3_600 * SECOND)).as("members an hour after a 1 ns lease").isEqualTo(1);
        assertThat(memory.acquire("slots", "c2", "c2", 1, 1, T0 + 3_600 * SECOND)).isEqualTo(Acquire.FULL);
    }

    @Test
    void shouldKeepWholeTokensWhenBucketParametersChange() {
        assertThat(consume("rate", 4, 10, 10, SECOND, T0)).isZero();

        assertThat(consume("rate", 5, 5, 1, SECOND, T0)).as("6 tokens left, capacity lowered to 5").isZero();
        assertThat(consume("rate", 1, 5, 1, SECOND, T0)).as("wait at the new rate of 1 per s").isEqualTo(SECOND);
    }

    @Test
    void shouldWorkWithNegativeClockOrigin() {
        long origin = -5 * SECOND;
        drain("rate", 2, 2, SECOND, origin);

        assertThat(consume("rate", 1, 2, 2, SECOND, origin)).isEqualTo(500 * MS);
        assertThat(consume("rate", 1, 2, 2, SECOND, origin + 500 * MS)).isZero();
        memory.blockUntil("ip:1", origin + SECOND);
        assertThat(memory.blockedFor("ip:1", origin)).isEqualTo(SECOND);
    }

    @Test
    void shouldMeasureWaitFromCallersClockWhenItReadsBehind() {
        drain("rate", 10, 10, SECOND, T0 + 100 * MS);

        assertThat(consume("rate", 1, 10, 10, SECOND, T0)).as("wait read 100 ms behind the bucket")
            .isEqualTo(200 * MS);
        assertThat(consume("rate", 1, 10, 10, SECOND, T0 + 200 * MS)).isZero();
    }

    @Test
    void shouldNotMoveSpacingBackForCallerWhoseClockReadsBehind() {
        memory.space("token", "conn-a", 3 * SECOND, T0 + 2 * SECOND);
        memory.space("token", "conn-a", 3 * SECOND, T0 + SECOND);

        assertThat(memory.space("token", "conn-b", 3 * SECOND, T0 + 3 * SECOND))
            .as("conn-b 1 s after conn-a's latest request at 2 s").isEqualTo(2 * SECOND);
    }

    @Test
    void shouldRefuseBucketTooFineForLongArithmetic() {
        long month = 30L * 24 * 3_600 * SECOND;

        assertThat(consume("fine", 1, 1_000_000, 1_000_000, month, T0)).as("a million per month").isZero();
        assertThatThrownBy(() -> consume("coarse", 1, 1_000_000_000_000L, 7, month, T0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("capacity 1000000000000").hasMessageContaining("refillPeriodNanos " + month);
    }

    @Test
    void shouldRefuseNonPositiveBucketParameters() {
        assertThatThrownBy(() -> consume("rate", 1, 10, 0, SECOND, T0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refillTokens 0");
        assertThatThrownBy(() -> consume("rate", 1, 10, 1, 0, T0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refillPeriodNanos 0");
        assertThatThrownBy(() -> consume("rate", -1, 10, 1, SECOND, T0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("permits -1");
    }

    @Test
    void shouldRefuseNegativeCap() {
        assertThatThrownBy(() -> acquire("slots", "c1", "c1", -1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cap must be >= 0: -1");
    }

    // ---- retired state is never updated ------------------------------------------------------------------

    @Test
    void shouldRefuseTakeFromRetiredBucket() {
        TokenBucket bucket = new TokenBucket(10, 10, SECOND, T0);

        assertThat(bucket.retireIfFull(T0)).as("a new bucket is full").isTrue();
        assertThat(bucket.take(1, 10, 10, SECOND, T0)).isEqualTo(TokenBucket.RETIRED);
    }

    @Test
    void shouldRefuseSpacingOnRetiredRecord() {
        Spacing spacing = new Spacing("conn-a", SECOND, T0);

        assertThat(spacing.retireIfIdle(T0 + SECOND)).isTrue();
        assertThat(spacing.space("conn-b", SECOND, T0 + SECOND)).isEqualTo(Spacing.RETIRED);
    }

    @Test
    void shouldRefuseAcquireOnSetRetiredByLastRelease() {
        CappedSet set = new CappedSet();
        set.acquire("c1", "c1", 3);

        assertThat(set.release("c1", "c1")).as("release of the last member retires").isTrue();
        assertThat(set.acquire("c2", "c2", 3)).isNull();
        assertThat(set.release("c1", "c1")).as("a second release reports nothing").isFalse();
    }

    // ---- sweeping races ----------------------------------------------------------------------------------

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldGrantNoMoreThanCapacityWhileSweepRuns() throws Exception {
        AtomicBoolean sweeping = new AtomicBoolean(true);
        Thread sweeper = new Thread(() -> {
            while (sweeping.get()) {
                memory.sweep(T0);
            }
        });
        sweeper.start();
        AtomicLong granted = new AtomicLong();
        try {
            // Every thread takes from key op at about the same moment, so each new bucket is raced for while
            // the sweeper may be retiring it (it is full until its first permit is taken).
            runConcurrently((thread, op) -> {
                if (consume("rate:" + op, 1, 2, 1, SECOND, T0) == 0) {
                    granted.incrementAndGet();
                }
            });
        } finally {
            sweeping.set(false);
            sweeper.join();
        }

        assertThat(granted.get()).as("permits from 10000 buckets of 2 at one instant, swept meanwhile")
            .isEqualTo(20_000);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldNotLoseCounterAddsWhileSweepRuns() throws Exception {
        AtomicBoolean sweeping = new AtomicBoolean(true);
        Thread sweeper = new Thread(() -> {
            while (sweeping.get()) {
                memory.sweep(T0);
            }
        });
        sweeper.start();
        try {
            runConcurrently((thread, op) -> {
                memory.add("open:" + thread, 1);
                memory.add("open:" + thread, -1);
                memory.add("total", 1);
            });
        } finally {
            sweeping.set(false);
            sweeper.join();
        }

        assertThat(memory.get("total")).isEqualTo(40_000);
        for (int thread = 0; thread < 4; thread++) {
            assertThat(memory.get("open:" + thread)).as("counter of thread %d after +1/-1 pairs", thread).isZero();
        }
    }
}

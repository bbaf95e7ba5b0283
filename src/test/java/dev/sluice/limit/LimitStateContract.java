package dev.sluice.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.limit.LimitState.Acquire;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link LimitState} owes the limits engine, run against each store by a subclass that
 * supplies a fresh, empty store per test (as Bucket4j's {@code AbstractDistributedBucketTest} does for its
 * back ends).
 *
 * <p>Time is only ever the {@code nowNanos} argument, starting at an arbitrary origin {@link #T0}: no sleeps, no
 * wall clock. A store that reads its own clock (Redis {@code TIME}) must run these tests in a mode that takes the
 * argument instead.
 *
 * <p>Public, with public test methods, because the stores live in other packages.
 */
public abstract class LimitStateContract extends RateWindowContract {

    protected static final long LEASE = 30 * SECOND;

    private static final int THREADS = 4;
    private static final int OPS_PER_THREAD = 10_000;
    private static final int RESERVATIONS_PER_THREAD = 150;

    // ---- capped sets -------------------------------------------------------------------------------------

    @Test
    public void shouldAddMemberToSetWithRoom() {
        assertThat(acquire("slots", "c1", "c1", 3)).isEqualTo(Acquire.ADDED);
        assertThat(state.size("slots", T0)).isEqualTo(1);
    }

    @Test
    public void shouldRefuseFourthMemberOfCapThreeSet() {
        givenMembers("slots", 3, "c1", "c2", "c3");

        assertThat(acquire("slots", "c4", "c4", 3)).as("fourth member of a cap-3 set").isEqualTo(Acquire.FULL);
        assertThat(state.size("slots", T0)).as("members after a refused fourth").isEqualTo(3);
    }

    @Test
    public void shouldRefuseEveryMemberOfCapZeroSet() {
        assertThat(acquire("slots", "c1", "c1", 0)).isEqualTo(Acquire.FULL);
        assertThat(state.size("slots", T0)).isZero();
    }

    @Test
    public void shouldReportPresentWhenSameHolderAcquiresAgain() {
        acquire("users", "0xabc", "conn-1", 3);

        assertThat(acquire("users", "0xabc", "conn-1", 3)).isEqualTo(Acquire.PRESENT);
        assertThat(state.size("users", T0)).isEqualTo(1);
    }

    @Test
    public void shouldCountMemberOnceWithSeveralHolders() {
        acquire("users", "0xabc", "conn-1", 3);

        assertThat(acquire("users", "0xabc", "conn-2", 3)).isEqualTo(Acquire.PRESENT);
        assertThat(acquire("users", "0xabc", "conn-3", 3)).isEqualTo(Acquire.PRESENT);
        assertThat(state.size("users", T0)).as("members of one user held by 3 connections").isEqualTo(1);
    }

    @Test
    public void shouldAdmitNewHolderOfHeldMemberWhenSetIsFull() {
        givenMembers("users", 2, "0xa", "0xb");

        assertThat(acquire("users", "0xa", "conn-9", 2)).as("new holder of a held member, cap-2 set full")
            .isEqualTo(Acquire.PRESENT);
        assertThat(state.size("users", T0)).isEqualTo(2);
    }

    @Test
    public void shouldKeepMemberUntilLastHolderReleases() {
        acquire("users", "0xabc", "conn-1", 1);
        acquire("users", "0xabc", "conn-2", 1);

        state.release("users", "0xabc", "conn-1");
        assertThat(state.size("users", T0)).as("members after 1 of 2 holders released").isEqualTo(1);
        assertThat(acquire("users", "0xdef", "conn-3", 1)).as("other member while the cap-1 set is still held")
            .isEqualTo(Acquire.FULL);

        state.release("users", "0xabc", "conn-2");
        assertThat(state.size("users", T0)).as("members after 2 of 2 holders released").isZero();
    }

    @Test
    public void shouldTreatRepeatAcquireBySameHolderAsRenewalNotSecondHold() {
        acquire("users", "0xabc", "conn-1", 3);
        acquire("users", "0xabc", "conn-1", 3);

        state.release("users", "0xabc", "conn-1");

        assertThat(state.size("users", T0)).as("members after the only holder released once").isZero();
    }

    @Test
    public void shouldMakeRoomWhenMemberIsReleased() {
        givenMembers("slots", 3, "c1", "c2", "c3");

        state.release("slots", "c2", "c2");

        assertThat(state.size("slots", T0)).isEqualTo(2);
        assertThat(acquire("slots", "c4", "c4", 3)).as("new member after one of 3 left").isEqualTo(Acquire.ADDED);
        assertThat(acquire("slots", "c2", "c2", 3)).as("released member again, set full").isEqualTo(Acquire.FULL);
    }

    @Test
    public void shouldIgnoreRepeatedRelease() {
        givenMembers("slots", 3, "c1", "c2");

        state.release("slots", "c1", "c1");
        state.release("slots", "c1", "c1");

        assertThat(state.size("slots", T0)).as("members after releasing c1 twice").isEqualTo(1);
        assertThat(acquire("slots", "c2", "c2", 3)).isEqualTo(Acquire.PRESENT);
    }

    @Test
    public void shouldIgnoreReleaseOfUnknownKeyMemberOrHolder() {
        acquire("users", "0xabc", "conn-1", 3);

        state.release("no-such-set", "0xabc", "conn-1");
        state.release("users", "0xdef", "conn-1");
        state.release("users", "0xabc", "conn-2");

        assertThat(state.size("users", T0)).isEqualTo(1);
        assertThat(state.size("no-such-set", T0)).isZero();
    }

    @Test
    public void shouldReportZeroSizeForUnknownSet() {
        assertThat(state.size("never-used", T0)).isZero();
    }

    @Test
    public void shouldKeepSetsOfDifferentKeysIndependent() {
        givenMembers("ip:1", 1, "c1");

        assertThat(acquire("ip:2", "c2", "c2", 1)).isEqualTo(Acquire.ADDED);
        assertThat(acquire("ip:1", "c2", "c2", 1)).isEqualTo(Acquire.FULL);
    }

    @Test
    public void shouldAllowSetToRefillAfterItEmptied() {
        givenMembers("slots", 2, "c1", "c2");
        state.release("slots", "c1", "c1");
        state.release("slots", "c2", "c2");

        assertThat(acquire("slots", "c3", "c3", 2)).isEqualTo(Acquire.ADDED);
        assertThat(acquire("slots", "c4", "c4", 2)).isEqualTo(Acquire.ADDED);
        assertThat(acquire("slots", "c5", "c5", 2)).isEqualTo(Acquire.FULL);
    }

    // ---- token buckets -----------------------------------------------------------------------------------

    @Test
    public void shouldStartNewBucketFull() {
        assertThat(consume("rate", 20, 20, 20, SECOND, T0)).as("20 permits from a new 20-token bucket").isZero();
    }

    @Test
    public void shouldRefuseAfterBurstWithExactWait() {
        for (int i = 1; i <= 5; i++) {
            assertThat(consume("rate", 1, 5, 1, 200 * MS, T0)).as("permit %d of a 5-token burst", i).isZero();
        }

        assertThat(consume("rate", 1, 5, 1, 200 * MS, T0)).as("wait for a 6th permit, 1 token per 200 ms")
            .isEqualTo(200 * MS);
    }

    @Test
    public void shouldRefillOneTokenAfterExactlyPeriodOverRefillTokens() {
        drain("rate", 10, 10, SECOND, T0);

        assertThat(consume("rate", 1, 10, 10, SECOND, T0 + 100 * MS - 1)).as("wait 1 ns before 100 ms")
            .isEqualTo(1);
        assertThat(consume("rate", 1, 10, 10, SECOND, T0 + 100 * MS)).as("permit at exactly 100 ms, 10 per s")
            .isZero();
        assertThat(consume("rate", 1, 10, 10, SECOND, T0 + 100 * MS)).as("second permit at 100 ms")
            .isEqualTo(100 * MS);
    }

    @Test
    public void shouldRefillPartially() {
        drain("rate", 10, 10, SECOND, T0);
        long at = T0 + 350 * MS;

        for (int i = 1; i <= 3; i++) {
            assertThat(consume("rate", 1, 10, 10, SECOND, at)).as("permit %d after 350 ms at 10 per s", i).isZero();
        }
        assertThat(consume("rate", 1, 10, 10, SECOND, at)).as("wait for a 4th permit after 350 ms")
            .isEqualTo(50 * MS);
    }

    @Test
    public void shouldWaitForAllPermitsAndTakeNothingWhenRefused() {
        assertThat(consume("rate", 8, 10, 10, SECOND, T0)).isZero();

        assertThat(consume("rate", 5, 10, 10, SECOND, T0)).as("wait for 5 permits with 2 left, 10 per s")
            .isEqualTo(300 * MS);
        assertThat(consume("rate", 2, 10, 10, SECOND, T0)).as("the 2 left after a refused 5").isZero();
    }

    @Test
    public void shouldNotRefillBeyondCapacity() {
        drain("rate", 10, 10, SECOND, T0);
        long hourLater = T0 + 3_600 * SECOND;

        assertThat(consume("rate", 10, 10, 10, SECOND, hourLater)).isZero();
        assertThat(consume("rate", 1, 10, 10, SECOND, hourLater)).as("wait for an 11th permit an hour later")
            .isEqualTo(100 * MS);
    }

    @Test
    public void shouldNeverGrantPermitsAboveCapacity() {
        assertThat(consume("rate", 11, 10, 10, SECOND, T0)).as("11 permits from a 10-token bucket")
            .isEqualTo(Long.MAX_VALUE);
        assertThat(consume("rate", 10, 10, 10, SECOND, T0)).as("full bucket after the impossible request")
            .isZero();
        assertThat(consume("rate", 11, 10, 10, SECOND, T0 + 3_600 * SECOND)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    public void shouldGrantZeroPermitsEvenFromEmptyBucket() {
        drain("rate", 10, 10, SECOND, T0);

        assertThat(consume("rate", 0, 10, 10, SECOND, T0)).isZero();
        assertThat(consume("rate", 1, 10, 10, SECOND, T0)).isEqualTo(100 * MS);
    }

    @Test
    public void shouldRoundWaitUpWhenPeriodIsNotMultipleOfTokens() {
        drain("rate", 3, 3, 1_000, T0);

        assertThat(consume("rate", 1, 3, 3, 1_000, T0)).as("wait for 1 token at 3 per 1000 ns").isEqualTo(334);
        assertThat(consume("rate", 1, 3, 3, 1_000, T0 + 333)).as("wait after 333 ns").isEqualTo(1);
        assertThat(consume("rate", 1, 3, 3, 1_000, T0 + 334)).as("permit after 334 ns").isZero();
    }

    @Test
    public void shouldNotRoundPartialRefillUpToFull() {
        drain("rate", 3, 3, 1_000, T0);
        assertThat(consume("rate", 1, 3, 3, 1_000, T0 + 334)).isZero();

        assertThat(consume("rate", 3, 3, 3, 1_000, T0 + 1_333)).as("wait for 3 tokens with 2999/1000 refilled")
            .isEqualTo(1);
        assertThat(consume("rate", 3, 3, 3, 1_000, T0 + 1_334)).isZero();
    }

    @Test
    public void shouldRefillWithoutDriftOverManyFractionalTokens() {
        drain("rate", 3, 3, 1_000, T0);
        long now = T0;

        for (int granted = 1; granted <= 3_000; granted++) {
            long waitNanos = consume("rate", 1, 3, 3, 1_000, now);
            now += waitNanos;
            if (waitNanos > 0) {
                assertThat(consume("rate", 1, 3, 3, 1_000, now)).as("permit %d after its wait", granted).isZero();
            }
            long expected = T0 + (granted * 1_000L + 2) / 3;
            assertThat(now).as("time of permit %d at 3 per 1000 ns", granted).isEqualTo(expected);
        }
        assertThat(now - T0).as("nanoseconds for 3000 permits at 3 per 1000 ns").isEqualTo(1_000_000);
    }

    @Test
    public void shouldKeepBucketsOfDifferentKeysIndependent() {
        drain("rate:a", 5, 5, SECOND, T0);

        assertThat(consume("rate:b", 5, 5, 5, SECOND, T0)).isZero();
        assertThat(consume("rate:a", 1, 5, 5, SECOND, T0)).isEqualTo(200 * MS);
    }

    // ---- spacing -----------------------------------------------------------------------------------------

    @Test
    public void shouldAllowFirstRequestOnSpacingKey() {
        assertThat(state.space("token", "conn-a", 3 * SECOND, T0)).isZero();
    }

    @Test
    public void shouldNeverSpaceRequestsOfSameHolder() {
        for (int i = 0; i < 5; i++) {
            assertThat(state.space("token", "conn-a", 3 * SECOND, T0 + i)).as("request %d of one holder", i + 1)
                .isZero();
        }
    }

    @Test
    public void shouldRefuseOtherHolderWithinIntervalWithExactRemainingNanos() {
        state.space("token", "conn-a", 3 * SECOND, T0);

        assertThat(state.space("token", "conn-b", 3 * SECOND, T0 + SECOND))
            .as("wait for conn-b 1 s after conn-a, 3 s spacing").isEqualTo(2 * SECOND);
        assertThat(state.space("token", "conn-b", 3 * SECOND, T0 + 3 * SECOND - 1)).isEqualTo(1);
    }

    @Test
    public void shouldAllowOtherHolderAfterExactlyTheInterval() {
        state.space("token", "conn-a", 3 * SECOND, T0);

        assertThat(state.space("token", "conn-b", 3 * SECOND, T0 + 3 * SECOND)).as("conn-b at exactly 3 s")
            .isZero();
        assertThat(state.space("token", "conn-a", 3 * SECOND, T0 + 4 * SECOND)).as("conn-a 1 s after conn-b")
            .isEqualTo(2 * SECOND);
    }

    @Test
    public void shouldNotRecordRefusedRequest() {
        state.space("token", "conn-a", 3 * SECOND, T0);
        state.space("token", "conn-b", 3 * SECOND, T0 + SECOND);

        assertThat(state.space("token", "conn-a", 3 * SECOND, T0 + 2 * SECOND))
            .as("conn-a after conn-b's refused request").isZero();
        assertThat(state.space("token", "conn-b", 3 * SECOND, T0 + 2 * SECOND))
            .as("conn-b measured from conn-a's request at 2 s").isEqualTo(3 * SECOND);
    }

    @Test
    public void shouldMeasureSpacingFromLatestAllowedRequest() {
        state.space("token", "conn-a", 3 * SECOND, T0);
        state.space("token", "conn-a", 3 * SECOND, T0 + 2 * SECOND);

        assertThat(state.space("token", "conn-b", 3 * SECOND, T0 + 3 * SECOND))
            .as("conn-b 1 s after conn-a's latest request").isEqualTo(2 * SECOND);
    }

    @Test
    public void shouldKeepSpacingOfDifferentKeysIndependent() {
        state.space("token:1", "conn-a", 3 * SECOND, T0);

        assertThat(state.space("token:2", "conn-b", 3 * SECOND, T0)).isZero();
    }

    // ---- blocks ------------------------------------------------------------------------------------------

    @Test
    public void shouldReportZeroForKeyNeverBlocked() {
        assertThat(state.blockedFor("ip:1", T0)).isZero();
    }

    @Test
    public void shouldReportRemainingNanosOfBlockUntilItEnds() {
        state.blockUntil("ip:1", T0 + 120 * SECOND);

        assertThat(state.blockedFor("ip:1", T0)).as("block of 120 s").isEqualTo(120 * SECOND);
        assertThat(state.blockedFor("ip:1", T0 + 120 * SECOND - 1)).isEqualTo(1);
        assertThat(state.blockedFor("ip:1", T0 + 120 * SECOND)).as("at its end").isZero();
        assertThat(state.blockedFor("ip:1", T0 + 121 * SECOND)).as("after its end").isZero();
    }

    @Test
    public void shouldExtendBlockWithLaterUntil() {
        state.blockUntil("ip:1", T0 + 60 * SECOND);
        state.blockUntil("ip:1", T0 + 120 * SECOND);

        assertThat(state.blockedFor("ip:1", T0)).as("block of 60 s extended to 120 s").isEqualTo(120 * SECOND);
    }

    @Test
    public void shouldNotShortenBlockWithEarlierUntil() {
        state.blockUntil("ip:1", T0 + 120 * SECOND);
        state.blockUntil("ip:1", T0 + 60 * SECOND);

        assertThat(state.blockedFor("ip:1", T0)).as("block of 120 s after a 60 s one").isEqualTo(120 * SECOND);
    }

    @Test
    public void shouldBlockAgainAfterBlockEnded() {
        state.blockUntil("ip:1", T0 + SECOND);
        assertThat(state.blockedFor("ip:1", T0 + 2 * SECOND)).isZero();

        state.blockUntil("ip:1", T0 + 5 * SECOND);

        assertThat(state.blockedFor("ip:1", T0 + 2 * SECOND)).isEqualTo(3 * SECOND);
    }

    @Test
    public void shouldKeepBlocksOfDifferentKeysIndependent() {
        state.blockUntil("ip:1", T0 + SECOND);

        assertThat(state.blockedFor("ip:2", T0)).isZero();
    }

    // ---- counters ----------------------------------------------------------------------------------------

    @Test
    public void shouldStartCounterAtZero() {
        assertThat(state.get("replays")).isZero();
    }

    @Test
    public void shouldAddToCounterAndReturnNewTotal() {
        assertThat(state.add("replays", 1)).isEqualTo(1);
        assertThat(state.add("replays", 5)).isEqualTo(6);
        assertThat(state.add("replays", -2)).isEqualTo(4);
        assertThat(state.get("replays")).isEqualTo(4);
    }

    @Test
    public void shouldCountAgainAfterReturningToZero() {
        state.add("replays", 1);
        state.add("replays", -1);

        assertThat(state.get("replays")).isZero();
        assertThat(state.add("replays", 1)).isEqualTo(1);
    }

    @Test
    public void shouldKeepCountersOfDifferentKeysIndependent() {
        state.add("replays:a", 3);

        assertThat(state.get("replays:b")).isZero();
        assertThat(state.add("replays:b", 1)).isEqualTo(1);
    }

    // ---- credit reservations -----------------------------------------------------------------------------

    @Test
    public void shouldGrantWhatIsWantedWhileLessThanHalfTheQuotaIsAsked() {
        assertThat(state.reserve("credits", 100, 1_000)).isEqualTo(100);
        assertThat(state.reserve("credits", 100, 1_000)).isEqualTo(100);
        assertThat(state.get("credits")).as("reserved credits count as used").isEqualTo(200);
    }

    @Test
    public void shouldGrantAtMostHalfOfWhatIsLeftRoundedUp() {
        assertThat(state.reserve("credits", 1_000, 200)).as("of 200 left").isEqualTo(100);
        assertThat(state.reserve("credits", 1_000, 200)).as("of 100 left").isEqualTo(50);
        assertThat(state.reserve("credits", 1_000, 200)).as("of 50 left").isEqualTo(25);
        assertThat(state.reserve("credits", 1_000, 200)).as("of 25 left").isEqualTo(13);
        assertThat(state.get("credits")).isEqualTo(188);
    }

    @Test
    public void shouldGrantTheLastCreditAndThenNothing() {
        state.add("credits", 199);

        assertThat(state.reserve("credits", 1_000, 200)).as("the 200th credit of 200").isEqualTo(1);
        assertThat(state.reserve("credits", 1_000, 200)).as("past the quota").isZero();
        assertThat(state.get("credits")).isEqualTo(200);
    }

    @Test
    public void shouldGrantNothingToACounterAlreadyPastItsQuota() {
        state.add("credits", 250);

        assertThat(state.reserve("credits", 10, 200)).isZero();
        assertThat(state.get("credits")).as("a refused reservation changes nothing").isEqualTo(250);
    }

    @Test
    public void shouldReserveAgainWhatWasGivenBack() {
        assertThat(state.reserve("credits", 150, 200)).isEqualTo(100);
        state.add("credits", -60);

        assertThat(state.reserve("credits", 1_000, 200)).as("of 160 left after 60 given back").isEqualTo(80);
        assertThat(state.get("credits")).isEqualTo(120);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    public void shouldNeverGrantMoreThanTheQuotaToConcurrentReservers() throws Exception {
        AtomicLong granted = new AtomicLong();
        AtomicLong mostUsed = new AtomicLong();

        // Few operations: against Redis each is a round trip, and the suite runs on busy 2-core machines.
        runConcurrently(RESERVATIONS_PER_THREAD, (thread, op) -> {
            granted.addAndGet(state.reserve("credits", 1 + (thread + op) % 7, 500));
            mostUsed.accumulateAndGet(state.get("credits"), Math::max);
        });

        assertThat(granted.get()).as("credits granted to %d reservations of 1 to 7 from a quota of 500",
            THREADS * RESERVATIONS_PER_THREAD).isEqualTo(500);
        assertThat(mostUsed.get()).as("highest count seen by a reserver, quota 500").isLessThanOrEqualTo(500);
        assertThat(state.get("credits")).isEqualTo(500);
    }

    // ---- concurrency -------------------------------------------------------------------------------------

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    public void shouldNeverAddMoreThanThreeMembersForConcurrentAcquirers() throws Exception {
        AtomicInteger added = new AtomicInteger();

        runConcurrently((thread, op) -> {
            String member = "t" + thread + "-" + op;
            if (acquire("slots", member, member, 3) == Acquire.ADDED) {
                added.incrementAndGet();
            }
        });

        assertThat(added.get()).as("ADDED outcomes of %d distinct members for a cap-3 set", THREADS * OPS_PER_THREAD)
            .isEqualTo(3);
        assertThat(state.size("slots", T0)).isEqualTo(3);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    public void shouldNeverHoldMoreThanCapWhileMembersComeAndGo() throws Exception {
        AtomicInteger held = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        AtomicInteger added = new AtomicInteger();

        runConcurrently((thread, op) -> {
            String member = "t" + thread + "-" + (op % 2);
            if (acquire("slots", member, member, 3) == Acquire.ADDED) {
                added.incrementAndGet();
                mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                held.decrementAndGet();
                state.release("slots", member, member);
            }
        });

        assertThat(mostHeld.get()).as("most members held at once in a cap-3 set (%d adds)", added.get())
            .isLessThanOrEqualTo(3);
        assertThat(added.get()).as("adds over %d attempts", THREADS * OPS_PER_THREAD).isPositive();
        assertThat(state.size("slots", T0)).as("members after every holder released").isZero();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    public void shouldGrantExactlyCapacityToConcurrentConsumersWithoutTimePassing() throws Exception {
        AtomicLong granted = new AtomicLong();

        runConcurrently((thread, op) -> {
            if (consume("rate", 1, 1_000, 1, SECOND, T0) == 0) {
                granted.incrementAndGet();
            }
        });

        assertThat(granted.get()).as("permits granted to %d requests from a 1000-token bucket at one instant",
            THREADS * OPS_PER_THREAD).isEqualTo(1_000);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    public void shouldGrantNoMoreThanCapacityPlusRefillToConcurrentConsumersAsTimePasses() throws Exception {
        AtomicLong clock = new AtomicLong(T0);
        AtomicLong granted = new AtomicLong();

        runConcurrently((thread, op) -> {
            if (consume("rate", 1, 100, 1, MS, clock.addAndGet(10_000)) == 0) {
                granted.incrementAndGet();
            }
        });

        long refilled = (clock.get() - T0) / MS;
        assertThat(granted.get()).as("permits from a 100-token bucket refilling 1 per ms over %d ms", refilled)
            .isBetween(100L, 100 + refilled);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    public void shouldNotLoseConcurrentCounterAdds() throws Exception {
        runConcurrently((thread, op) -> state.add("messages", 1));

        assertThat(state.get("messages")).isEqualTo((long) THREADS * OPS_PER_THREAD);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    protected Acquire acquire(String key, String member, String holder, int cap) {
        return state.acquire(key, member, holder, cap, LEASE, T0);
    }

    protected void givenMembers(String key, int cap, String... members) {
        for (String member : members) {
            assertThat(acquire(key, member, member, cap)).as("given member %s of %s", member, key)
                .isEqualTo(Acquire.ADDED);
        }
    }

    protected long consume(String key, long permits, long capacity, long refillTokens, long periodNanos, long now) {
        return state.consume(key, permits, capacity, refillTokens, periodNanos, now);
    }

    /** Takes a whole new bucket at {@code now}. */
    protected void drain(String key, long capacity, long refillTokens, long periodNanos, long now) {
        assertThat(consume(key, capacity, capacity, refillTokens, periodNanos, now)).as("draining %s", key).isZero();
    }

    /** One operation of one thread; the thread and operation numbers make distinct members. */
    @FunctionalInterface
    protected interface Operation {
        void run(int thread, int op);
    }

    /** Runs {@value #OPS_PER_THREAD} operations on each of {@value #THREADS} threads, released together. */
    protected void runConcurrently(Operation operation) throws Exception {
        runConcurrently(OPS_PER_THREAD, operation);
    }

    /** Runs {@code opsPerThread} operations on each of {@value #THREADS} threads, released together. */
    protected void runConcurrently(int opsPerThread, Operation operation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int op = 0; op < opsPerThread; op++) {
                        operation.run(thread, op);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

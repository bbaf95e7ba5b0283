package dev.sluice.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.limit.window.SlidingLog;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LimitState} owes the rate windows ({@link RateWindow#SLIDING} and {@link RateWindow#FIXED}),
 * run against each store through {@link LimitStateContract}, which extends it. The property tests drive random
 * schedules (bursts, steady streams just above and just below the rate, long gaps, random spacing) through the
 * store and through an oracle that keeps every admission: a sliding window must decide exactly as the oracle does
 * (never {@code permits + 1} in any window, and never a refusal the oracle would admit), with the oracle's wait.
 *
 * <p>Time is only the {@code nowNanos} argument: the schedules jump through hours in microseconds of real time.
 * Times are whole ticks of {@link SlidingLog#tickFor} (every nanosecond for periods up to a second), the
 * resolution at which the stores promise exactness.
 *
 * <p>Public, with public test methods, because the stores live in other packages.
 */
public abstract class RateWindowContract {

    protected static final long T0 = 1_000_000_000_000L;
    protected static final long MS = 1_000_000L;
    protected static final long SECOND = 1_000_000_000L;

    /** Rates the vendor pages state, and a few awkward ones: {permits, period in ms}. */
    private static final long[][] RATES = {{1, 1_000}, {3, 1_000}, {10, 1_000}, {40, 60_000}, {480, 3_600_000},
        {5, 250}, {7, 333}, {3, 600_000}};
    private static final int SCHEDULES_PER_RATE = 4;
    private static final int REQUESTS_PER_SCHEDULE = 250;

    protected LimitState state;

    protected abstract LimitState newState();

    @BeforeEach
    public void createState() {
        state = newState();
    }

    // ---- sliding -----------------------------------------------------------------------------------------

    @Test
    public void shouldAdmitPermitsAtOnceThenRefuseUntilTheFirstLeaves() {
        for (int i = 1; i <= 3; i++) {
            assertThat(state.slidingWindow("conn", 3, SECOND, T0)).as("request %d of 3 per second", i).isZero();
        }

        assertThat(state.slidingWindow("conn", 3, SECOND, T0 + 999 * MS)).as("4th, 999 ms after the first three")
            .isEqualTo(MS);
        assertThat(state.slidingWindow("conn", 3, SECOND, T0 + SECOND)).as("4th, 1 s after the first three")
            .isZero();
    }

    @Test
    public void shouldRefuse41stRequestWhenFortyWereSpreadOverTheMinute() {
        for (int i = 0; i < 40; i++) {
            assertThat(state.slidingWindow("ip", 40, 60 * SECOND, T0 + i * 1_500 * MS)).as("request %d", i + 1)
                .isZero();
        }

        long wait = state.slidingWindow("ip", 40, 60 * SECOND, T0 + 59 * SECOND);
        assertThat(wait).as("41st request at 59 s: the first leaves the window at 60 s").isEqualTo(SECOND);
        assertThat(state.slidingWindow("ip", 40, 60 * SECOND, T0 + 60 * SECOND)).as("41st request at 60 s")
            .isZero();
    }

    @Test
    public void shouldNotCountRefusedRequests() {
        state.slidingWindow("conn", 1, SECOND, T0);
        for (int i = 1; i < 10; i++) {
            assertThat(state.slidingWindow("conn", 1, SECOND, T0 + i * 100 * MS)).as("refused at %d ms", i * 100)
                .isPositive();
        }

        assertThat(state.slidingWindow("conn", 1, SECOND, T0 + SECOND)).as("a second after the one admission")
            .isZero();
    }

    @Test
    public void shouldKeepSlidingWindowsOfDifferentKeysIndependent() {
        state.slidingWindow("a", 1, SECOND, T0);

        assertThat(state.slidingWindow("b", 1, SECOND, T0)).isZero();
        assertThat(state.slidingWindow("a", 1, SECOND, T0)).isPositive();
    }

    @Test
    public void shouldForgetEverythingAfterAGapLongerThanThePeriod() {
        for (int i = 0; i < 480; i++) {
            state.slidingWindow("hour", 480, 3_600 * SECOND, T0 + i * SECOND);
        }

        // Far enough that 32-bit ticks have wrapped many times over.
        long later = T0 + 1_000 * 3_600 * SECOND;
        for (int i = 0; i < 480; i++) {
            assertThat(state.slidingWindow("hour", 480, 3_600 * SECOND, later)).as("request %d after the gap", i + 1)
                .isZero();
        }
        assertThat(state.slidingWindow("hour", 480, 3_600 * SECOND, later)).as("481st after the gap").isPositive();
    }

    @Test
    public void slidingWindowShouldDecideExactlyAsTheOracleOnRandomSchedules() {
        int schedule = 0;
        for (long[] rate : RATES) {
            for (int s = 0; s < SCHEDULES_PER_RATE; s++) {
                runSchedule(rate[0], rate[1] * MS, new SplittableRandom(schedule * 7919L + 17), "s" + schedule, true);
                schedule++;
            }
        }
    }

    @Test
    public void shouldNeverAdmitMoreThanPermitsFromConcurrentCallers() throws Exception {
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        if (state.slidingWindow("shared", 100, SECOND, T0 + i * MS) == 0) {
                            admitted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(admitted.get()).as("admitted of 1,000 requests within 250 ms, 100 per second").isEqualTo(100);
    }

    // ---- fixed -------------------------------------------------------------------------------------------

    @Test
    public void shouldAlignFixedWindowsToThePeriodOnTheEpoch() {
        long minute = 60 * SECOND;
        long start = 29_000_000 * minute;
        for (int i = 0; i < 3; i++) {
            assertThat(state.fixedWindow("min", 3, minute, start + 59 * SECOND)).as("request %d at :59", i + 1)
                .isZero();
        }

        assertThat(state.fixedWindow("min", 3, minute, start + 59 * SECOND + 500 * MS))
            .as("4th in the same calendar minute: wait to the next").isEqualTo(500 * MS);
        assertThat(state.fixedWindow("min", 3, minute, start + minute)).as("first of the next minute").isZero();
    }

    @Test
    public void fixedWindowShouldDecideExactlyAsTheOracleOnRandomSchedules() {
        int schedule = 0;
        for (long[] rate : RATES) {
            for (int s = 0; s < SCHEDULES_PER_RATE; s++) {
                runSchedule(rate[0], rate[1] * MS, new SplittableRandom(schedule * 104729L + 3), "f" + schedule,
                    false);
                schedule++;
            }
        }
    }

    // ---- the property tests' schedules and oracle --------------------------------------------------------

    /** Drives one random schedule through the store and the oracle, asserting every decision and wait. */
    private void runSchedule(long permits, long periodNanos, SplittableRandom random, String key, boolean sliding) {
        long tick = SlidingLog.tickFor(periodNanos, MS);
        Oracle oracle = new Oracle(permits, periodNanos, sliding);
        long now = T0 + random.nextLong(periodNanos / tick) * tick;
        for (int i = 0; i < REQUESTS_PER_SCHEDULE; i++) {
            now += nextGap(random, permits, periodNanos, tick);
            long expected = oracle.waitFor(now);
            long actual = sliding ? state.slidingWindow(key, permits, periodNanos, now)
                : state.fixedWindow(key, permits, periodNanos, now);
            assertThat(actual).as("%s window, %d per %d ms, request %d at +%d ns: wait (0 = admitted)",
                sliding ? "sliding" : "fixed", permits, periodNanos / MS, i + 1, now - T0).isEqualTo(expected);
            if (expected == 0) {
                oracle.admit(now);
            }
        }
        if (sliding) {
            assertThat(oracle.mostInAnyWindow()).as("most admitted within any %d ms", periodNanos / MS)
                .isLessThanOrEqualTo(permits);
        }
    }

    /** Bursts, steady streams just above and just below the rate, long gaps and random spacing, in whole ticks. */
    private static long nextGap(SplittableRandom random, long permits, long periodNanos, long tick) {
        long even = Math.max(1, periodNanos / permits / tick);
        return tick * switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> even * 9 / 10;
            case 2 -> even * 11 / 10 + 1;
            case 3 -> even;
            case 4 -> periodNanos / tick + random.nextLong(2 * periodNanos / tick);
            default -> random.nextLong(2 * even + 1);
        };
    }

    /** Keeps every admission and counts them in the window before each request, by definition. */
    private static final class Oracle {

        private final long permits;
        private final long periodNanos;
        private final boolean sliding;
        private final List<Long> admitted = new ArrayList<>();

        Oracle(long permits, long periodNanos, boolean sliding) {
            this.permits = permits;
            this.periodNanos = periodNanos;
            this.sliding = sliding;
        }

        long waitFor(long now) {
            List<Long> counted = new ArrayList<>();
            for (long at : admitted) {
                boolean inWindow = sliding ? now - at < periodNanos
                    : Math.floorDiv(at, periodNanos) == Math.floorDiv(now, periodNanos);
                if (inWindow) {
                    counted.add(at);
                }
            }
            if (counted.size() < permits) {
                return 0;
            }
            return sliding ? counted.get((int) (counted.size() - permits)) + periodNanos - now
                : (Math.floorDiv(now, periodNanos) + 1) * periodNanos - now;
        }

        void admit(long now) {
            admitted.add(now);
        }

        long mostInAnyWindow() {
            long most = 0;
            for (int i = 0; i < admitted.size(); i++) {
                int count = 0;
                for (int j = i; j < admitted.size() && admitted.get(j) - admitted.get(i) < periodNanos; j++) {
                    count++;
                }
                most = Math.max(most, count);
            }
            return most;
        }
    }
}

package dev.sluice.limit.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The sliding log's memory budget: 4-byte slots, allocated only as used, given back as admissions leave. */
class SlidingLogTest {

    private static final long MS = 1_000_000L;
    private static final long HOUR = 3_600_000 * MS;
    private static final long T0 = 1_700_000_000_000L * MS;

    @Test
    void shouldAllocateNothingBeforeTheFirstAdmission() {
        SlidingLog log = new SlidingLog();

        assertThat(log.capacity()).as("slots of an idle 480-per-hour log").isZero();
    }

    @Test
    void shouldGrowOnlyWithTheAdmissionsInsideTheWindow() {
        SlidingLog log = new SlidingLog();

        log.tryAdmit(480, HOUR, T0);
        assertThat(log.capacity()).as("slots after one admission of 480 per hour").isEqualTo(8);
        for (int i = 1; i < 100; i++) {
            log.tryAdmit(480, HOUR, T0 + i * MS);
        }
        assertThat(log.capacity()).as("slots holding 100 admissions").isEqualTo(128);
        for (int i = 100; i < 480; i++) {
            log.tryAdmit(480, HOUR, T0 + i * MS);
        }
        assertThat(log.capacity()).as("slots holding 480 admissions: never more than permits").isEqualTo(480);
    }

    @Test
    void shouldShrinkAsAdmissionsLeaveTheWindow() {
        SlidingLog log = new SlidingLog();
        for (int i = 0; i < 480; i++) {
            log.tryAdmit(480, HOUR, T0 + i * MS);
        }

        // One request every 10 minutes for an hour: the old admissions leave, so the ring halves step by step.
        for (int i = 1; i <= 12; i++) {
            log.tryAdmit(480, HOUR, T0 + HOUR + i * 600_000 * MS);
        }

        assertThat(log.held()).as("admissions within the last hour").isEqualTo(6);
        assertThat(log.capacity()).as("slots for 6 admissions").isLessThanOrEqualTo(16);
    }

    @Test
    void shouldAllocateNothingPerAllowedDecisionOnceTheRingFitsTheTraffic() {
        SlidingLog log = new SlidingLog();
        long now = T0;
        // 1,000 per millisecond, one request per microsecond: the ring holds about 1,000 and wraps all the time.
        for (int i = 0; i < 100_000; i++) {
            now += 1_000;
            log.tryAdmit(1_000, MS, now);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        long refused = 0;
        for (int i = 0; i < 100_000; i++) {
            now += 1_000;
            refused += log.tryAdmit(1_000, MS, now) == 0 ? 0 : 1;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(refused).as("refusals at exactly the rate").isZero();
        assertThat(allocated).as("bytes allocated by 100,000 allowed decisions").isLessThan(1_000);
    }
}

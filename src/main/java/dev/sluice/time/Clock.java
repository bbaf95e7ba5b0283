package dev.sluice.time;

/**
 * The only source of time for Sluice logic. Production uses {@link SystemClock}; tests drive a manual clock so
 * that windows, penalties and timeouts are exercised without waiting.
 */
@FunctionalInterface
public interface Clock {

    /** Wall-clock time in nanoseconds since the Unix epoch; used both for timestamps and for intervals. */
    long epochNanos();

    default long epochMillis() {
        return epochNanos() / 1_000_000L;
    }
}

package dev.sluice.limit.window;

/**
 * At most {@code permits} admissions per window, the windows aligned to the period on the UTC epoch (with a period
 * of a minute, each calendar minute). Sixteen bytes of state whatever the rate.
 *
 * <p>A change of period (a plan was reloaded) keeps the count in the window that contains the latest time seen, so
 * a reload never grants a fresh window early.
 */
public final class FixedWindow implements RateCounter {

    private long periodNanos;
    private long windowIndex = Long.MIN_VALUE;
    private long count;

    @Override
    public long tryAdmit(long permits, long periodNanos, long nowNanos) {
        long index = Math.floorDiv(nowNanos, periodNanos);
        if (periodNanos != this.periodNanos) {
            boolean started = windowIndex != Long.MIN_VALUE;
            this.periodNanos = periodNanos;
            windowIndex = started ? index : Long.MIN_VALUE;
        }
        if (index > windowIndex) {
            windowIndex = index;
            count = 0;
        }
        // A caller whose clock reads behind (index < windowIndex) counts in the latest window, never in an old one.
        if (count < permits) {
            count++;
            return 0;
        }
        return (windowIndex + 1) * periodNanos - nowNanos;
    }

    @Override
    public boolean idle(long nowNanos) {
        return windowIndex == Long.MIN_VALUE || Math.floorDiv(nowNanos, periodNanos) > windowIndex;
    }
}

package dev.sluice.limit.memory;

/**
 * The latest allowed request on one spacing key: who made it and when.
 *
 * <p>Time: {@link #lastNanos} never moves backwards, so a caller whose clock reads behind cannot shorten the
 * spacing others must keep; its own wait is measured from its {@code nowNanos}, lag included.
 *
 * <p>Thread-safety: every method synchronizes on the record. A retired record has been (or is being) removed from
 * its map; callers that find one retired look the key up again.
 */
final class Spacing {

    /** Returned by {@link #space} on a retired record; never a valid wait. */
    static final long RETIRED = -1;

    private String holder;
    private long lastNanos;
    /** The longest interval asked for on this key, so that {@link #retireIfIdle} never drops a record early. */
    private long longestIntervalNanos;
    private boolean retired;

    /** The record of a first request, which is always allowed. */
    Spacing(String holder, long intervalNanos, long nowNanos) {
        this.holder = holder;
        this.longestIntervalNanos = intervalNanos;
        this.lastNanos = nowNanos;
    }

    /** @return 0 when allowed (and recorded), the nanoseconds still to wait, or {@link #RETIRED} */
    synchronized long space(String holder, long intervalNanos, long nowNanos) {
        if (retired) {
            return RETIRED;
        }
        long sinceLastNanos = nowNanos - lastNanos;
        if (!this.holder.equals(holder) && sinceLastNanos < intervalNanos) {
            return intervalNanos - sinceLastNanos;
        }
        this.holder = holder;
        if (sinceLastNanos > 0) {
            this.lastNanos = nowNanos;
        }
        this.longestIntervalNanos = Math.max(longestIntervalNanos, intervalNanos);
        return 0;
    }

    /**
     * Retires the record once every interval asked for has passed: a new record then allows the next request of
     * any holder, which is what this record would do too.
     */
    synchronized boolean retireIfIdle(long nowNanos) {
        if (nowNanos - lastNanos >= longestIntervalNanos) {
            retired = true;
        }
        return retired;
    }
}

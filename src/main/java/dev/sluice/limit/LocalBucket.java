package dev.sluice.limit;

import dev.sluice.limit.window.RateCounter;

/**
 * A token bucket owned by one connection (one thread), so it needs no atomics. Tokens are kept scaled by the
 * refill period, so refill is exact integer arithmetic: after {@code periodNanos / permits} nanoseconds one whole
 * token is back. Starts full. Its capacity and rate are fixed when it is made (a connection's limit does not
 * change under it), so {@link #tryAdmit} ignores the rate it is given.
 */
final class LocalBucket implements RateCounter {

    private final long capacityScaled;
    private final long permits;
    private final long periodNanos;
    private long scaledTokens;
    private long lastNanos;

    LocalBucket(long capacity, long permits, long periodNanos, long nowNanos) {
        this.capacityScaled = Math.multiplyExact(capacity, periodNanos);
        this.permits = permits;
        this.periodNanos = periodNanos;
        this.scaledTokens = capacityScaled;
        this.lastNanos = nowNanos;
    }

    @Override
    public long tryAdmit(long ignoredPermits, long ignoredPeriodNanos, long nowNanos) {
        return tryTake(nowNanos);
    }

    @Override
    public boolean idle(long nowNanos) {
        return false;
    }

    /** Takes one token; returns 0, or the nanoseconds until one is available. */
    long tryTake(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            long refill = elapsed >= capacityScaled / Math.max(1, permits) ? capacityScaled
                : elapsed * permits;
            scaledTokens = Math.min(capacityScaled, scaledTokens + refill);
            lastNanos = nowNanos;
        }
        if (scaledTokens >= periodNanos) {
            scaledTokens -= periodNanos;
            return 0;
        }
        long missing = periodNanos - scaledTokens;
        return (missing + permits - 1) / permits;
    }
}

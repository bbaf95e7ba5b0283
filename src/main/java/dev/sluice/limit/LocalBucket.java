package dev.sluice.limit;

/**
 * A token bucket owned by one connection (one thread), so it needs no atomics. Tokens are kept scaled by the
 * refill period, so refill is exact integer arithmetic: after {@code periodNanos / permits} nanoseconds one whole
 * token is back. Starts full.
 */
final class LocalBucket {

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

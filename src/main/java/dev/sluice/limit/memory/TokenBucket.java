package dev.sluice.limit.memory;

/**
 * One greedy token bucket in exact integer arithmetic.
 *
 * <p>Units: the fill level is kept in <em>units</em> chosen so that both a token and a nanosecond are whole numbers
 * of them. With {@code g = gcd(refillTokens, refillPeriodNanos)}, one token is {@code refillPeriodNanos / g} units
 * and one elapsed nanosecond refills {@code refillTokens / g} units. Refill is then a multiplication, the wait is
 * a ceiling division, and the remainder of a partly refilled token is kept in {@link #units}, so nothing drifts:
 * after exactly {@code refillPeriodNanos / refillTokens} nanoseconds (rounded up when that is not whole) one token
 * is available, and {@code refillTokens} tokens after exactly {@code refillPeriodNanos}. The one limit is that the
 * capacity in units, {@code capacity * refillPeriodNanos / g}, must fit in a long (one million tokens a month
 * does; a billion tokens a month does not): beyond that the parameters are refused as misconfiguration.
 *
 * <p>Time: {@link #lastNanos} never moves backwards. A caller whose clock reads behind it (it read the clock,
 * then lost the race for the lock) gets no refill, and its wait includes the lag, so the wait is always measured
 * from the caller's own {@code nowNanos}.
 *
 * <p>Thread-safety: every method synchronizes on the bucket. A retired bucket has been (or is being) removed
 * from its map; callers that find one retired look the key up again.
 */
final class TokenBucket {

    /** Returned by {@link #take} on a retired bucket; never a valid wait. */
    static final long RETIRED = -1;

    private long capacity;
    private long refillTokens;
    private long refillPeriodNanos;
    private long unitsPerToken;
    private long unitsPerNano;
    private long capacityUnits;
    private long units;
    private long lastNanos;
    private boolean retired;

    /** A full bucket; refuses parameters whose capacity in units does not fit in a long. */
    TokenBucket(long capacity, long refillTokens, long refillPeriodNanos, long nowNanos) {
        configure(capacity, refillTokens, refillPeriodNanos);
        this.units = capacityUnits;
        this.lastNanos = nowNanos;
    }

    /**
     * Takes {@code permits} (1..capacity) when the bucket holds them.
     *
     * @return 0 when taken, the nanoseconds from {@code nowNanos} until they would be, or {@link #RETIRED}
     */
    synchronized long take(long permits, long capacity, long refillTokens, long refillPeriodNanos, long nowNanos) {
        if (retired) {
            return RETIRED;
        }
        refill(nowNanos);
        if (capacity != this.capacity || refillTokens != this.refillTokens
            || refillPeriodNanos != this.refillPeriodNanos) {
            reconfigure(capacity, refillTokens, refillPeriodNanos);
        }
        long neededUnits = permits * unitsPerToken;
        if (units >= neededUnits) {
            units -= neededUnits;
            return 0;
        }
        return ceilDiv(neededUnits - units, unitsPerNano) + (lastNanos - nowNanos);
    }

    /** Retires the bucket when it would be full at {@code nowNanos}; a new bucket starts full, so no one can tell. */
    synchronized boolean retireIfFull(long nowNanos) {
        long missingUnits = capacityUnits - units;
        long elapsedNanos = nowNanos - lastNanos;
        if (missingUnits == 0 || (elapsedNanos > 0 && elapsedNanos >= ceilDiv(missingUnits, unitsPerNano))) {
            retired = true;
        }
        return retired;
    }

    private void refill(long nowNanos) {
        long elapsedNanos = nowNanos - lastNanos;
        if (elapsedNanos <= 0) {
            return;
        }
        lastNanos = nowNanos;
        long missingUnits = capacityUnits - units;
        // elapsed <= missing / perNano guarantees elapsed * perNano <= missing: the product cannot overflow.
        units = elapsedNanos > missingUnits / unitsPerNano ? capacityUnits : units + elapsedNanos * unitsPerNano;
    }

    /**
     * The same key with different parameters (a plan was reloaded): whole tokens carry over, clamped to the new
     * capacity; the fraction of a token in progress is dropped. Refuses bad parameters with the state unchanged.
     */
    private void reconfigure(long capacity, long refillTokens, long refillPeriodNanos) {
        long wholeTokens = units / unitsPerToken;
        configure(capacity, refillTokens, refillPeriodNanos);
        units = Math.min(wholeTokens, capacity) * unitsPerToken;
    }

    private void configure(long capacity, long refillTokens, long refillPeriodNanos) {
        long divisor = gcd(refillTokens, refillPeriodNanos);
        long perToken = refillPeriodNanos / divisor;
        if (capacity > Long.MAX_VALUE / perToken) {
            throw new IllegalArgumentException("token bucket too fine-grained: capacity " + capacity
                + " x refillPeriodNanos " + refillPeriodNanos + " / gcd(refillTokens " + refillTokens
                + ", refillPeriodNanos) exceeds a long; use a coarser period or fewer tokens");
        }
        this.capacity = capacity;
        this.refillTokens = refillTokens;
        this.refillPeriodNanos = refillPeriodNanos;
        this.unitsPerToken = perToken;
        this.unitsPerNano = refillTokens / divisor;
        this.capacityUnits = capacity * perToken;
    }

    /** Math.ceilDiv arrived in Java 18; both arguments are positive here. */
    private static long ceilDiv(long dividend, long divisor) {
        long quotient = dividend / divisor;
        return quotient * divisor == dividend ? quotient : quotient + 1;
    }

    private static long gcd(long a, long b) {
        long x = a;
        long y = b;
        while (y != 0) {
            long r = x % y;
            x = y;
            y = r;
        }
        return x;
    }
}

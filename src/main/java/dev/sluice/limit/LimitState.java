package dev.sluice.limit;

/**
 * The shared state behind every limit scoped wider than one connection (identity, account, IP, sub-account,
 * service). Only the atomic operations the engine needs, each of which a Redis implementation performs as one
 * Lua script in one round trip. Keys are opaque strings built by the engine; implementations namespace them.
 *
 * <p>Time: every operation that depends on time takes {@code nowNanos} from the caller's clock. A Redis store may
 * use the server's own clock instead (so that node clocks cannot disagree); the memory store uses the argument.
 *
 * <p>Expected outcomes are return values, never exceptions. Implementations are thread-safe.
 */
public interface LimitState {

    /** Outcome of {@link #acquire}. */
    enum Acquire {
        /** The member was not held and there was room: it is now held by the holder. */
        ADDED,
        /** The member was already held (by this or another holder); the holder is now recorded too. */
        PRESENT,
        /** The member was not held and the set already has {@code cap} members: nothing changed. */
        FULL
    }

    /**
     * Adds {@code holder} as a holder of {@code member} in the capped set {@code key}. A member counts once
     * however many holders it has, so one set serves connection slots (member = holder = connection id),
     * channel connections (member = connection id) and unique users (member = user address, holder = connection
     * id). The hold is a lease that expires {@code leaseNanos} after {@code nowNanos} unless renewed by acquiring
     * again; the memory store may ignore leases (its holders release on close).
     */
    Acquire acquire(String key, String member, String holder, int cap, long leaseNanos, long nowNanos);

    /** Removes one holder of a member; the member leaves the set when its last holder is gone. Idempotent. */
    void release(String key, String member, String holder);

    /** Number of members (not holders) currently in the set. */
    int size(String key, long nowNanos);

    /**
     * Takes {@code permits} from a token bucket that holds at most {@code capacity} tokens and refills
     * {@code refillTokens} every {@code refillPeriodNanos}, continuously (greedy). A new bucket starts full.
     *
     * @return 0 when the permits were taken; otherwise the nanoseconds until they would be available (nothing
     *     is taken). Permits above capacity can never be taken: {@link Long#MAX_VALUE}.
     */
    long consume(String key, long permits, long capacity, long refillTokens, long refillPeriodNanos, long nowNanos);

    /**
     * Admits one request to an exact sliding window ({@link RateWindow#SLIDING}): allowed, and recorded, when fewer
     * than {@code permits} requests were admitted on the key within the preceding {@code periodNanos}. A refused
     * request is not recorded.
     *
     * @return 0 when admitted; otherwise the nanoseconds until a request would be (nothing is recorded)
     */
    long slidingWindow(String key, long permits, long periodNanos, long nowNanos);

    /**
     * Admits one request to a fixed window ({@link RateWindow#FIXED}): at most {@code permits} per window, the
     * windows aligned to {@code periodNanos} on the UTC epoch.
     *
     * @return 0 when admitted; otherwise the nanoseconds until the next window starts (nothing is recorded)
     */
    long fixedWindow(String key, long permits, long periodNanos, long nowNanos);

    /**
     * Spacing between requests of different holders sharing one key (AllTick: 3 s between requests on
     * different connections of one token). Allowed, and recorded as the latest, when the previous request was
     * from the same holder or at least {@code intervalNanos} ago.
     *
     * @return 0 when allowed; otherwise the nanoseconds still to wait (nothing recorded)
     */
    long space(String key, String holder, long intervalNanos, long nowNanos);

    /** Blocks a key until {@code untilNanos}; a later block extends it, an earlier one does not shorten it. */
    void blockUntil(String key, long untilNanos);

    /** Nanoseconds until the key's block ends, or 0 when it is not blocked. */
    long blockedFor(String key, long nowNanos);

    /** Adds to a counter (which starts at 0) and returns the new total. */
    long add(String key, long delta);

    /** Current value of a counter; 0 when never added to. */
    long get(String key);

    /**
     * Reserves credits ahead from a counter that must never pass {@code max}: grants
     * {@code min(want, ceil((max - used) / 2))} (0 once the counter has reached {@code max}) and adds the grant
     * to the counter in the same atomic step, so that the counter is at most {@code max} at every instant,
     * whatever the number of callers. Granting at most half of what is left spreads the last credits of a quota
     * over the connections asking for them instead of handing them all to the first. Unused credits go back with
     * {@link #add} and a negative delta.
     *
     * @return the credits granted, from 0 to {@code want}; a negative {@code want} is misconfiguration
     */
    long reserve(String key, long want, long max);

    /**
     * Whether calls may wait on another process (Redis): the engine then never calls the store from an event loop
     * but from its decision executor. The memory store answers at once.
     */
    default boolean remote() {
        return false;
    }

    /** True while the store cannot decide admissions and its policy is to refuse them (HTTP 503). */
    default boolean refusesAdmissions() {
        return false;
    }
}

package dev.sluice.limit.window;

/**
 * Counts admissions of one rate limit ({@code permits} per {@code periodNanos}) for one key. Implementations are
 * not thread-safe: a connection owns its own, and the memory store guards each shared one with a lock.
 *
 * <p>Time is the caller's {@code nowNanos} on the UTC epoch (a fixed window aligns to it). A caller whose clock
 * reads behind the latest time the counter has seen is judged at that latest time, and its wait is measured from its
 * own {@code nowNanos}: the state never moves back in time, so a lagging caller cannot free room early.
 */
public interface RateCounter {

    /**
     * Admits one request when the limit has room, and records it.
     *
     * @return 0 when admitted; otherwise the nanoseconds from {@code nowNanos} until a request would be (nothing is
     *     recorded)
     */
    long tryAdmit(long permits, long periodNanos, long nowNanos);

    /** Whether the counter is indistinguishable from a new one at {@code nowNanos}, so its owner may drop it. */
    boolean idle(long nowNanos);
}

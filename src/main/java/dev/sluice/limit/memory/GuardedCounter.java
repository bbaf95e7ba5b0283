package dev.sluice.limit.memory;

import dev.sluice.limit.window.RateCounter;

/**
 * A shared {@link RateCounter} of the memory store, behind its own monitor. A retired counter has been (or is being)
 * removed from its map; callers that find one retired look the key up again, so no admission is recorded in a
 * counter that is gone.
 */
final class GuardedCounter {

    /** Returned by {@link #tryAdmit} on a retired counter; never a valid wait. */
    static final long RETIRED = -1;

    private final RateCounter counter;
    private boolean retired;

    GuardedCounter(RateCounter counter) {
        this.counter = counter;
    }

    synchronized long tryAdmit(long permits, long periodNanos, long nowNanos) {
        return retired ? RETIRED : counter.tryAdmit(permits, periodNanos, nowNanos);
    }

    /** Retires the counter when a new one would decide the same from {@code nowNanos} on. */
    synchronized boolean retireIfIdle(long nowNanos) {
        if (counter.idle(nowNanos)) {
            retired = true;
        }
        return retired;
    }
}

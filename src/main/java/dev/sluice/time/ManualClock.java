package dev.sluice.time;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that only moves when told to. Used by tests and by anything that replays time deterministically.
 * Thread-safe: readers on other threads see every advance.
 */
public final class ManualClock implements Clock {

    private final AtomicLong nowNanos;

    public ManualClock(long startEpochMillis) {
        this.nowNanos = new AtomicLong(TimeUnit.MILLISECONDS.toNanos(startEpochMillis));
    }

    @Override
    public long epochNanos() {
        return nowNanos.get();
    }

    public void advanceMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("time only moves forward: " + millis + " ms");
        }
        nowNanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    public void advance(long amount, TimeUnit unit) {
        advanceMillis(unit.toMillis(amount));
    }
}

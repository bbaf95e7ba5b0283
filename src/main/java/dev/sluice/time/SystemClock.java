package dev.sluice.time;

import java.time.Instant;

/** The real clock. Nanosecond resolution where the platform offers it. */
public final class SystemClock implements Clock {

    public static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public long epochMillis() {
        return System.currentTimeMillis();
    }
}

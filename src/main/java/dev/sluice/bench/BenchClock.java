package dev.sluice.bench;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The only time source of the benchmark processes. The feed stamps each message with its scheduled send time in
 * epoch nanoseconds and the load generator, another process on the same machine, subtracts it from its own reading
 * of the same wall clock: so both sides read {@link #epochNanos()}. Durations inside one process use the monotonic
 * {@link #monoNanos()}.
 */
public final class BenchClock {

    private BenchClock() {
    }

    /** Wall-clock time in epoch nanoseconds (microsecond resolution on Linux). */
    public static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Monotonic nanoseconds, for intervals within one process. */
    public static long monoNanos() {
        return System.nanoTime();
    }

    /** Sleeps the calling (non event-loop) thread; the orchestrator paces scenario phases with it. */
    public static void sleepMillis(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.sluice.nats;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling for cross-process conditions: a deadline, a short pause between checks, and a clear failure. */
final class Await {

    private static final long PAUSE_NS = Duration.ofMillis(10).toNanos();

    private Await() {
    }

    static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what + "; "
                    + state.get());
            }
            LockSupport.parkNanos(PAUSE_NS);
        }
    }
}

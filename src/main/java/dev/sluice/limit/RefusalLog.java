package dev.sluice.limit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a refusal at most once per scope key per window and counts the rest, so a flooding client cannot flood the
 * log. The message names the limit, scope key, value and usage: never a credential (scope keys are identities,
 * accounts and IPs, not tokens).
 */
final class RefusalLog {

    static final long WINDOW_NANOS = 60_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.limit");

    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    void record(Decision decision, long nowNanos) {
        String key = decision.limit().id() + '|' + decision.scopeKey();
        Window window = windows.computeIfAbsent(key, k -> new Window());
        long start = window.startNanos.get();
        if (start == Long.MIN_VALUE || nowNanos - start >= WINDOW_NANOS) {
            if (window.startNanos.compareAndSet(start, nowNanos)) {
                long suppressed = window.suppressed.getAndSet(0);
                LOG.info("{}{}", decision, suppressed > 0 ? " (" + suppressed + " more in the last window)" : "");
                return;
            }
        }
        window.suppressed.incrementAndGet();
    }

    /** Drops windows that ended long ago, so keys of departed clients do not accumulate. */
    void sweep(long nowNanos) {
        windows.values().removeIf(w -> nowNanos - w.startNanos.get() >= 2 * WINDOW_NANOS && w.suppressed.get() == 0);
    }

    private static final class Window {
        final AtomicLong startNanos = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong suppressed = new AtomicLong();
    }
}

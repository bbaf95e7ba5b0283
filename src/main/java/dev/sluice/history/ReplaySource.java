package dev.sluice.history;

import dev.sluice.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What replays need from the process: the store, the executor that reads it (never a Netty event loop), the
 * clock that paces them, and how often a running replay polls the clock on its own ({@code pollMs}; 0 when only
 * session ticks drive it, as in tests on a manual clock).
 */
public record ReplaySource(HistoryStore store, Executor reader, Clock clock, long pollMs) {

    /** Records read per batch: a replay holds at most two, the one it is sending and the next. */
    public static final int BATCH = 2_000;

    public ReplaySource {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(clock, "clock");
    }

    public ReplayControl start(ReplaySpec spec, ReplayFormat format, ReplaySink sink) {
        ReplaySession session = new ReplaySession(this, spec, format, sink);
        session.begin();
        return session;
    }
}

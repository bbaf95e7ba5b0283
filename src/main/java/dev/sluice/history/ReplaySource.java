package dev.sluice.history;

import dev.sluice.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.ToLongFunction;

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

    /** Starts a replay whose state before its start may be as old as the store holds. */
    public ReplayControl start(ReplaySpec spec, ReplayFormat format, ReplaySink sink) {
        return start(spec, format, sink, channel -> Long.MIN_VALUE);
    }

    /**
     * Starts a replay whose snapshots (each channel's state before the start or a seek's target) are no older than
     * {@code earliestMs} of their channel (a channel of {@code spec}; {@link Long#MIN_VALUE} for no bound). It is
     * asked on the sink's event loop at the start and at every seek, so a bound that moves with time is current.
     */
    public ReplayControl start(ReplaySpec spec, ReplayFormat format, ReplaySink sink,
                               ToLongFunction<String> earliestMs) {
        ReplaySession session = new ReplaySession(this, spec, format, sink, earliestMs);
        session.begin();
        return session;
    }
}

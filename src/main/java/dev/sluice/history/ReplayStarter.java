package dev.sluice.history;

import java.util.function.ToLongFunction;

/** Starts a replay that a dialect has decoded and the limits have allowed. */
@FunctionalInterface
public interface ReplayStarter {

    /**
     * @param earliestMs per stream of the replay request ({@code exchange/channel}, as the limits name it): the
     *                   earliest epoch millisecond the connection may be sent from history now, which bounds the
     *                   replay's snapshots; {@link Long#MIN_VALUE} for no bound. Asked on the sink's event loop.
     */
    ReplayControl start(ReplaySink sink, ToLongFunction<String> earliestMs);
}

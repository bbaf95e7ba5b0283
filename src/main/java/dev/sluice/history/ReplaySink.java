package dev.sluice.history;

import io.netty.util.concurrent.EventExecutor;

/**
 * Where a replay's messages go: the connection that asked for it. Every method is called on {@link #executor()},
 * the connection's event loop.
 */
public interface ReplaySink {

    /** The connection's event loop: replay batches read elsewhere are handed back to it. */
    EventExecutor executor();

    /** Sends one message (charged as the connection charges messages); false when the connection is gone. */
    boolean send(String text);

    /** Whether the connection can take more now; a replay waits (it does not buffer) while it cannot. */
    boolean writable();

    /** The replay is over (completed, stopped or failed): the connection may start another. */
    void ended();
}

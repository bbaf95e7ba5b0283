package dev.sluice.bus;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;

/**
 * Receives a stream's frames on its own executor. The frame passed in belongs to the caller and is released
 * after the call: keep it only through {@code retainedDuplicate()}.
 */
public interface Subscriber {

    /** The event loop that all callbacks of this subscriber run on. */
    EventExecutor executor();

    void onFrame(Stream stream, ByteBuf frame);

    /**
     * Starts (or restarts after a resync) the stream for this subscriber: live frames that follow come after the
     * snapshot. {@code frame} is null when the stream has no snapshot to give.
     */
    void onSnapshot(Stream stream, ByteBuf frame);
}

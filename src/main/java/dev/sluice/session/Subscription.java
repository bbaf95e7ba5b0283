package dev.sluice.session;

import dev.sluice.bus.Stream;
import dev.sluice.limit.SubscriptionInfo;
import io.netty.buffer.ByteBuf;

/**
 * One stream a session is subscribed to, and what it holds back while the connection is slow: the latest frame of
 * a conflated stream, or the fact that increments were dropped and a snapshot is due.
 */
final class Subscription {

    final String key;
    final SubscriptionInfo info;
    final Stream stream;
    /** Latest frame of a conflated stream not yet written; owned (one reference) by this subscription. */
    ByteBuf pending;
    /** Increments were dropped: ignore frames until the next snapshot arrives. */
    boolean stale;
    /** A snapshot was requested from the bus and has not arrived yet. */
    boolean resyncRequested;

    Subscription(SubscriptionInfo info, Stream stream) {
        this.key = info.key();
        this.info = info;
        this.stream = stream;
    }

    void replacePending(ByteBuf frame) {
        releasePending();
        pending = frame;
    }

    ByteBuf takePending() {
        ByteBuf frame = pending;
        pending = null;
        return frame;
    }

    void releasePending() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}

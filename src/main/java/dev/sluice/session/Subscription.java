package dev.sluice.session;

import dev.sluice.bus.Stream;
import dev.sluice.bus.Subscriber;
import dev.sluice.limit.SubscriptionInfo;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;

/**
 * One stream a session is subscribed to, and what it holds back while the connection is slow: the latest frame of
 * a conflated stream, or the fact that increments were dropped and a snapshot is due.
 *
 * <p>It is also the bus subscriber of its stream, so a delivered frame arrives with its subscription in hand and
 * the session looks nothing up per frame. Frames the bus had queued before the subscription {@link #left} are
 * ignored, even when the same stream has been subscribed again meanwhile (the new subscription gets its own
 * snapshot first).
 */
final class Subscription implements Subscriber {

    final String key;
    final SubscriptionInfo info;
    final Stream stream;
    private final Session session;
    /** Latest frame of a conflated stream not yet written; owned (one reference) by this subscription. */
    ByteBuf pending;
    /** Increments were dropped: ignore frames until the next snapshot arrives. */
    boolean stale;
    /** A snapshot was requested from the bus and has not arrived yet. */
    boolean resyncRequested;
    /** The session has left the stream: whatever the bus still delivers is ignored. */
    boolean left;

    Subscription(Session session, SubscriptionInfo info, Stream stream) {
        this.session = session;
        this.key = info.key();
        this.info = info;
        this.stream = stream;
    }

    @Override
    public EventExecutor executor() {
        return session.executor();
    }

    @Override
    public void onFrame(Stream from, ByteBuf frame) {
        session.onFrame(this, frame);
    }

    @Override
    public void onSnapshot(Stream from, ByteBuf frame) {
        session.onSnapshot(this, frame);
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

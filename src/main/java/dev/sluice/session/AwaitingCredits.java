package dev.sluice.session;

import dev.sluice.limit.ConnectionLimits;
import dev.sluice.limit.Decision;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;

/**
 * Live frames held while a connection has no credit in hand and its next batch is on its way from a remote limit
 * state ({@code Decision.DEFERRED}): a frame is never sent without a credit, so it waits here, in order, and goes
 * out (charged) when the credits arrive. Rare by construction: the next batch is asked when half of the last one is
 * spent, so a connection waits only if it sends that many messages within one round trip to Redis, or at the very
 * end of a quota. Bounded by {@link #MAX_FRAMES}: past it the connection is a slow consumer.
 *
 * <p>Buffers: each held frame is a retained duplicate of the bus's frame, owned here until it is written or
 * {@link #clear} releases it. Event loop only (the session's).
 */
final class AwaitingCredits {

    /** At most this many frames wait for credits (a batch's worth). */
    static final int MAX_FRAMES = 1_000;

    private final Session session;
    private final ArrayDeque<Subscription> subscriptions = new ArrayDeque<>();
    private final ArrayDeque<ByteBuf> frames = new ArrayDeque<>();

    AwaitingCredits(Session session) {
        this.session = session;
    }

    /**
     * Charges a live frame its credit before it is written: true when it may go out now; otherwise it waits here
     * (for the next batch, or behind frames that already wait, so the client gets them in order) or the quota's
     * refusal was applied.
     */
    boolean charge(Subscription subscription, ByteBuf frame) {
        Decision decision = frames.isEmpty() ? session.limits().onOutbound(1) : Decision.DEFERRED;
        if (decision.deferred()) {
            hold(subscription, frame);
            return false;
        }
        if (decision.refused()) {
            session.enforce(decision);
            return false;
        }
        return true;
    }

    /**
     * Holds a retained duplicate of {@code frame} for {@code subscription} until the credits arrive, which wakes
     * the session; past {@link #MAX_FRAMES} the connection is closed as a slow consumer.
     */
    private void hold(Subscription subscription, ByteBuf frame) {
        if (frames.size() >= MAX_FRAMES) {
            session.closeSlowConsumer();
            return;
        }
        subscriptions.add(subscription);
        frames.add(frame.retainedDuplicate());
        if (frames.size() == 1) {
            // The first to wait asks for the wake; the frames behind it go out with it.
            wakeWhenCredited(session.limits());
        }
    }

    /** Sends the held frames in order, each charged, while credits are in hand; on refusal applies its action. */
    void sendAll() {
        while (!frames.isEmpty() && session.isOpen()) {
            Subscription subscription = subscriptions.peekFirst();
            boolean gone = subscription.left || subscription.stale;
            ConnectionLimits limits = session.limits();
            Decision decision = gone ? Decision.ALLOWED : limits.onOutbound(1);
            if (decision.deferred()) {
                wakeWhenCredited(limits);
                return;
            }
            if (decision.refused()) {
                clear();
                session.enforce(decision);
                return;
            }
            subscriptions.pollFirst();
            ByteBuf frame = frames.pollFirst();
            try {
                if (!gone) {
                    session.write(subscription, frame);
                }
            } finally {
                frame.release();
            }
        }
    }

    private void wakeWhenCredited(ConnectionLimits limits) {
        if (limits.creditsReady(session.wakeOnCredits())) {
            // Answered meanwhile: no wake will come, so wake now.
            session.wakeOnCredits().run();
        }
    }

    /** Releases every held frame. */
    void clear() {
        subscriptions.clear();
        for (ByteBuf frame = frames.pollFirst(); frame != null; frame = frames.pollFirst()) {
            frame.release();
        }
    }
}

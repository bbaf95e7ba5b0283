package dev.sluice.session;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;

/**
 * Live frames held while a connection has no credit in hand and its next batch is on its way from a remote limit
 * state ({@code Decision.DEFERRED}): a frame is never sent without a credit, so it waits here, in order, and goes
 * out (charged) when the credits arrive. Rare by construction: the next batch is asked when half of the last one is
 * spent, so a connection waits only if it sends that many messages within one round trip to Redis, or at the very
 * end of a quota. Bounded by {@link #MAX_FRAMES}: past it the connection is a slow consumer.
 *
 * <p>Buffers: each held frame is a retained duplicate of the bus's frame, owned here until {@link #poll} hands it
 * over or {@link #clear} releases it. Event loop only.
 */
final class AwaitingCredits {

    /** At most this many frames wait for credits (a batch's worth). */
    static final int MAX_FRAMES = 1_000;

    private final ArrayDeque<Subscription> subscriptions = new ArrayDeque<>();
    private final ArrayDeque<ByteBuf> frames = new ArrayDeque<>();

    boolean isEmpty() {
        return frames.isEmpty();
    }

    /**
     * Holds a retained duplicate of {@code frame} for {@code subscription}.
     *
     * @return false when {@link #MAX_FRAMES} are waiting already (nothing held)
     */
    boolean hold(Subscription subscription, ByteBuf frame) {
        if (frames.size() >= MAX_FRAMES) {
            return false;
        }
        subscriptions.add(subscription);
        frames.add(frame.retainedDuplicate());
        return true;
    }

    /** The subscription of the first held frame. */
    Subscription peek() {
        return subscriptions.peekFirst();
    }

    /** Takes the first held frame; the caller releases it. */
    ByteBuf poll() {
        subscriptions.pollFirst();
        return frames.pollFirst();
    }

    /** Releases every held frame. */
    void clear() {
        subscriptions.clear();
        for (ByteBuf frame = frames.pollFirst(); frame != null; frame = frames.pollFirst()) {
            frame.release();
        }
    }
}

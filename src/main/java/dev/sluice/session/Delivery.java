package dev.sluice.session;

import dev.sluice.dialect.Frames;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;

/**
 * How one connection writes the bus's shared frames: straight out while the connection is writable, otherwise by
 * each stream's slow-consumer policy (conflate to the latest, drop increments until a resync, or queue up to the
 * backlog bound). It also numbers the connection's messages for dialects whose frames carry a per-connection
 * {@code sequence} while their body is still encoded once. Runs on the connection's event loop.
 */
final class Delivery {

    private static final byte[] SEQUENCE_OPEN = JsonBytes.ascii("{\"sequence\":");

    private final OutboundWriter out;
    private final long maxBacklogBytes;
    /** The last number of this connection's message sequence (sequenced streams and dialects that count). */
    private long sequence;

    Delivery(OutboundWriter out, long maxBacklogBytes) {
        this.out = out;
        this.maxBacklogBytes = maxBacklogBytes;
    }

    long nextSequence() {
        return ++sequence;
    }

    /**
     * Writes a frame, or holds or drops it by the stream's policy while the connection is not writable.
     *
     * @return false when a queued stream's backlog has overflowed: the caller closes the connection
     */
    boolean deliver(Subscription subscription, ByteBuf frame) {
        boolean sequenced = subscription.stream.encoder().sequenced();
        if (out.isWritable()) {
            subscription.releasePending();
            write(sequenced, frame);
            return true;
        }
        switch (subscription.stream.encoder().slowPolicy()) {
            // A held tail is numbered when it is written, not now: a frame replaced before it goes out, or a reply
            // sent meanwhile, would otherwise leave a gap or put the numbers out of order.
            case CONFLATE -> subscription.replacePending(frame.retainedDuplicate());
            case RESYNC -> subscription.stale = true;
            case QUEUE -> {
                write(sequenced, frame);
                return out.pendingBytes() <= maxBacklogBytes;
            }
            default -> throw new IllegalStateException("unknown slow policy");
        }
        return true;
    }

    /** Writes what a conflated stream held back while the connection was not writable. */
    void writeHeld(Subscription subscription) {
        ByteBuf pending = subscription.takePending();
        if (pending == null) {
            return;
        }
        if (subscription.stream.encoder().sequenced()) {
            out.writeFrame(sequencePrefix(pending));
        }
        out.writeFrame(pending);
    }

    /**
     * Writes a shared frame. A sequenced stream's frame is only the shared tail of the message: it goes out behind
     * a small buffer of this connection's own, holding the frame header and {@code {"sequence":N,} (two writes,
     * contiguous on the wire), so the tail is still encoded once per event.
     */
    private void write(boolean sequenced, ByteBuf frame) {
        if (sequenced) {
            out.writeFrame(sequencePrefix(frame));
        }
        out.writeFrame(frame.retainedDuplicate());
    }

    /** The header of the whole frame and {@code {"sequence":N,} for a sequenced tail of {@code tail}'s length. */
    private ByteBuf sequencePrefix(ByteBuf tail) {
        long number = nextSequence();
        int digits = 1;
        for (long rest = number / 10; rest > 0; rest /= 10) {
            digits++;
        }
        long payloadLength = SEQUENCE_OPEN.length + digits + 1L + tail.readableBytes();
        ByteBuf prefix = out.alloc().directBuffer(10 + SEQUENCE_OPEN.length + digits + 1);
        Frames.writeTextHeader(prefix, payloadLength);
        prefix.writeBytes(SEQUENCE_OPEN);
        JsonBytes.writeLong(prefix, number);
        prefix.writeByte(',');
        return prefix;
    }
}

package dev.sluice.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The only place where a session touches its Netty channel. Market-data frames are written unflushed and flushed
 * once per event-loop pass through the loop's {@link FlushBatcher}; control replies are flushed at once.
 * Threading: every method runs on the channel's event loop.
 */
public final class OutboundWriter {

    /** How long a closing connection may take to drain its close frame before it is cut. */
    static final long CLOSE_DRAIN_MS = 2_000;

    private final Channel channel;
    private final FlushBatcher batcher;
    private boolean dirty;
    private boolean closeSent;
    /** Fills in a control reply's per-connection number as it is sent ({@code Dialect#numbered}). */
    private UnaryOperator<String> numbering = UnaryOperator.identity();

    public OutboundWriter(Channel channel) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.batcher = FlushBatcher.of(channel.eventLoop());
    }

    ByteBufAllocator alloc() {
        return channel.alloc();
    }

    boolean isWritable() {
        return channel.isWritable();
    }

    /** Writes a complete pre-built frame; takes ownership of {@code frame}. */
    void writeFrame(ByteBuf frame) {
        channel.write(frame, channel.voidPromise());
        markDirty();
    }

    private void markDirty() {
        if (!dirty) {
            dirty = true;
            batcher.add(this);
        }
    }

    /** Stops or resumes reading from the client (while a request's decision is pending elsewhere). */
    void reading(boolean on) {
        channel.config().setAutoRead(on);
    }

    /** Numbers control replies from now on (the session's dialect decides whether and how). */
    void numberReplies(UnaryOperator<String> numbering) {
        this.numbering = Objects.requireNonNull(numbering, "numbering");
    }

    /** Sends a control reply now, numbered at this moment so that replies and feed frames stay in one sequence. */
    void sendText(String text) {
        channel.writeAndFlush(new TextWebSocketFrame(numbering.apply(text)), channel.voidPromise());
    }

    /**
     * Writes a text message unflushed; it goes out with the loop's next batched flush (replay data). Encoded with
     * {@link String#getBytes}, which copies an ASCII string's bytes at once, where Netty's encoder (the
     * {@code TextWebSocketFrame(String)} constructor) goes character by character: the most expensive step of a
     * replay at full speed.
     */
    void writeText(String text) {
        channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8))),
            channel.voidPromise());
        markDirty();
    }

    /** Sends a WebSocket ping frame now (dialects whose server pings its clients). */
    void sendPing() {
        channel.writeAndFlush(new PingWebSocketFrame(), channel.voidPromise());
    }

    /** Sends a binary reply now. */
    void sendBinary(byte[] data) {
        channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data)), channel.voidPromise());
    }

    /** Bytes written to the channel and not yet taken by the socket. */
    long pendingBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /** Whether a close frame has gone out: nothing more is read or written after it. */
    public boolean closing() {
        return closeSent;
    }

    /**
     * Sends a close frame with the code and reason, then closes the connection; the connection is cut after a
     * grace period if the frame cannot drain (a stalled client). Only the first close counts.
     */
    public void close(int code, String reason) {
        if (closeSent || !channel.isActive()) {
            return;
        }
        closeSent = true;
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> channel.close(), CLOSE_DRAIN_MS, TimeUnit.MILLISECONDS);
    }

    /** Answers the peer's close frame with the same status, as RFC 6455 asks, then closes. Takes the frame. */
    public void echoClose(WebSocketServerHandshaker handshaker, CloseWebSocketFrame frame) {
        if (closeSent) {
            frame.release();
            return;
        }
        closeSent = true;
        handshaker.close(channel, frame);
    }

    void flushNow() {
        dirty = false;
        channel.flush();
    }
}

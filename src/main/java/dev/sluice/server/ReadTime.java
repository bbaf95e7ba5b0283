package dev.sluice.server;

import dev.sluice.time.Clock;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Objects;

/**
 * When the connection's bytes were last read from the socket: the time every request is dated by (an upgrade, an
 * HTTP request, a WebSocket message), so that a limit judges the client's pace, not the server's. First in the
 * pipeline, ahead of the PROXY protocol and the HTTP codec.
 *
 * <p>Why here: Netty hands each buffer down the pipeline as soon as its read returns (one read batch is several
 * such reads, each fired at once), and every stage behind this one (PROXY header, HTTP codec and aggregator,
 * WebSocket decoder, UTF-8 check, aggregator) decodes synchronously inside that call, on the channel's loop; none
 * is added with an executor of its own. So when a complete request reaches {@link HttpGate} or
 * {@link WebSocketHandler}, {@link #nanos()} is the time its last byte was read, whatever work ran before it on
 * the loop. From there the stamp travels with the request: through a session's queue while a remote decision is
 * outstanding, onto the decision executor, into the decision. A stage added later that held messages back and
 * released them on a later read would have to carry the stamp with them instead.
 *
 * <p>One clock reading per socket read, not per message: requests that arrived in one read share its time, as
 * they arrived together. What waits in the kernel's socket buffer (the loop busy elsewhere, reading paused) is
 * dated when it is read: the server cannot see earlier than that.
 *
 * <p>Threading: the channel's event loop only.
 */
final class ReadTime extends ChannelInboundHandlerAdapter {

    private final Clock clock;
    private long lastReadNanos;

    ReadTime(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lastReadNanos = clock.epochNanos();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = clock.epochNanos();
        ctx.fireChannelRead(msg);
    }

    /** The clock's time (epoch nanoseconds) at the connection's latest socket read. */
    long nanos() {
        return lastReadNanos;
    }
}

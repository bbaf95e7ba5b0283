package dev.sluice.server;

import dev.sluice.metric.ServiceMetrics;
import dev.sluice.session.OutboundWriter;
import dev.sluice.session.Session;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket stage of a connection: complete messages go to the {@link Session}, pings are answered, the peer's
 * close is echoed, and every protocol violation leaves through one exit, {@link #violation}, with its RFC 6455 close
 * code: 1002 protocol error, 1007 invalid UTF-8, 1009 too big. Each message goes on with the time it was read from
 * the socket ({@link ReadTime}), which its limits judge it at.
 */
final class WebSocketHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketHandler.class);

    private final Session session;
    private final WebSocketServerHandshaker handshaker;
    private final OutboundWriter out;
    private final ServiceMetrics metrics;
    private final ReadTime readTime;

    WebSocketHandler(Session session, WebSocketServerHandshaker handshaker, OutboundWriter out,
                     ServiceMetrics metrics, ReadTime readTime) {
        this.session = session;
        this.handshaker = handshaker;
        this.out = out;
        this.metrics = metrics;
        this.readTime = Objects.requireNonNull(readTime, "readTime");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (out.closing()) {
                return;
            }
            if (msg instanceof TextWebSocketFrame text) {
                session.onText(text.text(), readTime.nanos());
            } else if (msg instanceof BinaryWebSocketFrame binary) {
                session.onBinary(ByteBufUtil.getBytes(binary.content()), readTime.nanos());
            } else if (msg instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (msg instanceof CloseWebSocketFrame close) {
                out.echoClose(handshaker, close.retain());
            }
            // Pongs need no answer.
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            session.onWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.onClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (out.closing() || !ctx.channel().isActive() || cause instanceof IOException) {
            // Not a violation: our close is already under way, or the peer is gone (a reset, which Netty answers by
            // closing the channel, or the aggregator's PrematureChannelClosureException for a message cut short by
            // the close). There is nothing to send, count or warn about.
            LOG.debug("connection {} ended: {}", session.connId(), cause.toString());
            return;
        }
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            violation(corrupted.closeStatus(), corrupted.getMessage());
        } else if (cause instanceof TooLongFrameException) {
            violation(WebSocketCloseStatus.MESSAGE_TOO_BIG, "message too big");
        } else {
            LOG.warn("closing connection {} after an unexpected error", session.connId(), cause);
            violation(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "internal error");
        }
    }

    private void violation(WebSocketCloseStatus status, String reason) {
        metrics.protocolViolation();
        session.onClosed();
        out.close(status.code(), reason == null ? status.reasonText() : truncate(reason));
    }

    /** A close reason must fit a control frame: 123 bytes after the status code. */
    private static String truncate(String reason) {
        return reason.length() <= 100 ? reason : reason.substring(0, 100);
    }
}

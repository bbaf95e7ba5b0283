package dev.sluice.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.ProtocolDetectionResult;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PROXY protocol (v1 text or v2 binary, as sent by HAProxy, nginx, AWS NLB ...), first in the pipeline when
 * {@code server.proxyProtocol} is on. A connection from a trusted proxy may start with a header naming the real
 * client; its source address then becomes the connection's client address ({@link #clientAddress}). A header from
 * any other peer is a client trying to choose its own address for per-IP limits: the connection is closed. A
 * connection without a header (a direct client, or a proxy's health check) goes on with its socket address.
 */
final class ProxyProtocol extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyProtocol.class);
    private static final AttributeKey<String> CLIENT = AttributeKey.valueOf("sluice.proxy.client");
    /** Untrusted headers are logged at the first and then every this many, so a flood cannot flood the log. */
    private static final long LOG_EVERY = 10_000;
    private static final AtomicLong UNTRUSTED = new AtomicLong();

    private final Set<String> trustedProxies;

    ProxyProtocol(List<String> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    /** The client address a trusted proxy named in a PROXY header, or null. */
    static String clientAddress(Channel channel) {
        return channel.attr(CLIENT).get();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        ProtocolDetectionResult<HAProxyProtocolVersion> detected = HAProxyMessageDecoder.detectProtocol(in);
        switch (detected.state()) {
            case NEEDS_MORE_DATA:
                return;
            case INVALID:
                // No header: the bytes are the client's own (HTTP); they go on when this handler leaves.
                ctx.pipeline().remove(this);
                return;
            default:
                if (!trustedProxies.contains(peer(ctx.channel()))) {
                    long count = UNTRUSTED.incrementAndGet();
                    if (count % LOG_EVERY == 1) {
                        LOG.warn("PROXY protocol header from untrusted peer {}: connection closed ({} so far; is the "
                            + "proxy missing from server.trustedProxies?)", peer(ctx.channel()), count);
                    }
                    in.skipBytes(in.readableBytes());
                    ctx.close();
                    return;
                }
                ctx.pipeline().addAfter(ctx.name(), "proxy-decoder", new HAProxyMessageDecoder());
                ctx.pipeline().addAfter("proxy-decoder", "proxy-client", new ClientOfHeader());
                ctx.pipeline().remove(this);
        }
    }

    private static String peer(Channel channel) {
        return channel.remoteAddress() instanceof InetSocketAddress address
            ? address.getAddress().getHostAddress() : "unknown";
    }

    /** Takes the client address from the decoded header, then leaves the pipeline. */
    private static final class ClientOfHeader extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HAProxyMessage header)) {
                ctx.fireChannelRead(msg);
                return;
            }
            try {
                // LOCAL (a health check of the proxy itself) names no client: the socket address stays.
                if (header.command() == HAProxyCommand.PROXY && header.sourceAddress() != null) {
                    ctx.channel().attr(CLIENT).set(header.sourceAddress());
                }
            } finally {
                header.release();
            }
            ctx.pipeline().remove(this);
        }
    }
}

package dev.sluice.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The load generator's WebSocket client connections: Netty, epoll where available, loopback only. */
final class WsClients implements AutoCloseable {

    /** Connections spread over this many loopback source addresses (127.0.0.1 ...), so ports never run short. */
    static final int SOURCE_ADDRESSES = 16;

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;

    WsClients(int threads) {
        IoHandlerFactory factory = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.channelType = Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("loadgen", true), factory);
    }

    /**
     * Opens one connection from {@code 127.0.0.(1 + sourceIndex % SOURCE_ADDRESSES)} (or the given source address
     * when {@code sourceIndex} is negative) and upgrades it to a WebSocket on {@code uri}; {@code handler} sees
     * the handshake's completion as a user event and its failure as an exception.
     */
    ChannelFuture connect(URI uri, String sourceHost, Supplier<ChannelHandler> handler) {
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
            .maxFramePayloadLength(1 << 20).handshakeTimeoutMillis(60_000).dropPongFrames(true)
            .withUTF8Validator(false).build();
        return bootstrap()
            .handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536),
                        new WebSocketClientProtocolHandler(config), handler.get());
                }
            })
            .connect(new InetSocketAddress(uri.getHost(), uri.getPort()), new InetSocketAddress(sourceHost, 0));
    }

    /**
     * One bootstrap for many bare TCP connections (the storm's): no codec in the pipeline, which the caller fills
     * once the connection is up. Shared by every connection, unlike {@link #connect}'s per-connection bootstrap.
     */
    Bootstrap rawBootstrap() {
        return bootstrap()
            .handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    // Handlers are added when the connection is up, before anything is written on it.
                }
            });
    }

    static String sourceHost(int index) {
        return "127.0.0." + (1 + index % SOURCE_ADDRESSES);
    }

    EventLoopGroup group() {
        return group;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A client bootstrap on the shared loops: no Nagle delay, 30 s to connect. */
    private Bootstrap bootstrap() {
        return new Bootstrap().group(group).channel(channelType)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
    }
}

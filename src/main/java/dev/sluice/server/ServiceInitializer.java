package dev.sluice.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/** The pipeline of a new connection: HTTP until {@link HttpGate} upgrades it to WebSocket. */
public final class ServiceInitializer extends ChannelInitializer<SocketChannel> {

    static final int MAX_INITIAL_LINE_BYTES = 4096;
    static final int MAX_HEADER_BYTES = 8192;
    static final int MAX_HTTP_BODY_BYTES = 8192;

    private final ServiceRuntime service;

    public ServiceInitializer(ServiceRuntime service) {
        this.service = service;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        configure(channel.pipeline(), service);
    }

    /** The stages of a new connection, in order; also what tests build on an embedded channel. */
    static void configure(ChannelPipeline pipeline, ServiceRuntime service) {
        // First, so that every request is dated by when its bytes were read (see ReadTime).
        ReadTime readTime = new ReadTime(service.clock());
        pipeline.addLast("read-time", readTime);
        if (service.server().proxyProtocol()) {
            pipeline.addLast("proxy-protocol", new ProxyProtocol(service.server().trustedProxies()));
        }
        pipeline.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, MAX_HTTP_BODY_BYTES));
        pipeline.addLast("aggregator", new HttpObjectAggregator(MAX_HTTP_BODY_BYTES));
        pipeline.addLast("gate", new HttpGate(service, readTime));
    }
}

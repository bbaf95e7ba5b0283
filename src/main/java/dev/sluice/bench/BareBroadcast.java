package dev.sluice.bench;

import dev.sluice.dialect.Frames;
import dev.sluice.server.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Baseline B0, the ceiling: a bare Netty WebSocket broadcast server. No limits, no dialect, no routing table beyond a
 * list of channels per event loop and topic. Each message is encoded once into a complete frame, the same buffer is
 * written to every subscriber ({@code retainedDuplicate()}), and each loop flushes every connection it wrote to once,
 * in a task queued behind the deliveries already waiting (as Sluice's {@code FlushBatcher} does, so a busy loop
 * flushes once for many messages). The publisher is one thread pacing the same {@link Schedule} as Sluice's bench feed.
 */
final class BareBroadcast implements AutoCloseable {

    private static final Pattern INST_ID = Pattern.compile("\"instId\":\"" + BenchMessages.SYMBOL_PREFIX + "(\\d+)");

    private final Transport transport = Transport.best();
    private final EventLoopGroup acceptor = transport.newGroup(1, "b0-accept");
    private final EventLoopGroup workers;
    private final int channels;
    /** Subscribers per loop and channel; each map is touched only by its loop. */
    private final Map<EventLoop, PerLoop> loops = new HashMap<>();
    private Channel listener;
    private Thread publisher;

    BareBroadcast(int channels, int ioThreads) {
        this.channels = channels;
        this.workers = transport.newGroup(ioThreads, "b0-io");
        workers.forEach(loop -> {
            loops.put((EventLoop) loop, new PerLoop((EventLoop) loop, channels));
        });
    }

    int start(String host) throws InterruptedException {
        listener = new ServerBootstrap().group(acceptor, workers).channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65_536),
                        new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                            .websocketPath("/ws/v5/public").checkStartsWith(true).build()), new Subscribe());
                }
            }).bind(host, 0).sync().channel();
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Publishes the steps on a thread of its own; completes with the count published per channel. */
    CompletableFuture<long[]> run(List<Schedule.Step> steps) {
        CompletableFuture<long[]> done = new CompletableFuture<>();
        // A FastThreadLocalThread, as Sluice's bus thread is, so the pooled allocator gives it a thread cache too.
        publisher = new FastThreadLocalThread(() -> publish(steps, done), "b0-publisher");
        publisher.setDaemon(true);
        publisher.start();
        return done;
    }

    private void publish(List<Schedule.Step> steps, CompletableFuture<long[]> done) {
        Schedule schedule = new Schedule(channels, steps, BenchClock.epochNanos());
        List<List<ByteBuf>> batch = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            batch.add(new ArrayList<>());
        }
        Schedule.Emitter encode = (channel, seq, stamp, step) -> {
            byte[] text = BenchMessages.trade(channel, seq, stamp, step).getBytes(StandardCharsets.US_ASCII);
            ByteBuf frame = Frames.begin(PooledByteBufAllocator.DEFAULT, text.length).writeBytes(text);
            batch.get(channel).add(Frames.finishText(frame));
        };
        boolean more = true;
        while (more) {
            more = schedule.emitDue(BenchClock.epochNanos(), encode);
            fanOut(batch);
            BenchClock.sleepMillis(1);
        }
        done.complete(schedule.published());
    }

    /** One task per loop writes the batch to its subscribers; the loop flushes them once it has no more to write. */
    private void fanOut(List<List<ByteBuf>> batch) {
        if (batch.stream().allMatch(List::isEmpty)) {
            return;
        }
        List<List<ByteBuf>> frames = new ArrayList<>();
        for (List<ByteBuf> perChannel : batch) {
            frames.add(new ArrayList<>(perChannel));
            perChannel.clear();
        }
        for (PerLoop loop : loops.values()) {
            frames.forEach(list -> list.forEach(ByteBuf::retain));
            loop.loop.execute(() -> loop.deliver(frames));
        }
        releaseAll(frames);
    }

    private static void releaseAll(List<List<ByteBuf>> frames) {
        frames.forEach(list -> list.forEach(ByteBuf::release));
    }

    /** One event loop's subscribers per channel and the connections it has written to since its last flush. */
    private static final class PerLoop implements Runnable {
        final EventLoop loop;
        final List<List<Channel>> subscribers = new ArrayList<>();
        private final Set<Channel> dirty = Collections.newSetFromMap(new IdentityHashMap<>());
        private boolean flushScheduled;

        PerLoop(EventLoop loop, int channels) {
            this.loop = loop;
            for (int c = 0; c < channels; c++) {
                subscribers.add(new ArrayList<>());
            }
        }

        void deliver(List<List<ByteBuf>> frames) {
            for (int c = 0; c < frames.size(); c++) {
                List<ByteBuf> mine = frames.get(c);
                if (mine.isEmpty()) {
                    continue;
                }
                for (Channel ch : subscribers.get(c)) {
                    for (ByteBuf frame : mine) {
                        ch.write(frame.retainedDuplicate(), ch.voidPromise());
                    }
                    dirty.add(ch);
                }
            }
            releaseAll(frames);
            if (!flushScheduled && !dirty.isEmpty()) {
                flushScheduled = true;
                loop.execute(this);
            }
        }

        /** The flush pass: queued behind the deliveries that were waiting when the first of them wrote. */
        @Override
        public void run() {
            flushScheduled = false;
            for (Channel ch : dirty) {
                ch.flush();
            }
            dirty.clear();
        }
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Adds the connection to the channels it subscribes to and acknowledges as OKX does. */
    private final class Subscribe extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame msg) {
            String text = msg.text();
            if (!text.contains("\"subscribe\"")) {
                return;
            }
            List<List<Channel>> perChannel = loops.get(ctx.channel().eventLoop()).subscribers;
            Matcher m = INST_ID.matcher(text);
            while (m.find()) {
                int c = Integer.parseInt(m.group(1));
                if (c < channels) {
                    perChannel.get(c).add(ctx.channel());
                    ctx.channel().closeFuture().addListener(f -> perChannel.get(c).remove(ctx.channel()));
                    ctx.write(new TextWebSocketFrame("{\"event\":\"subscribe\",\"arg\":{\"channel\":\"trades\","
                        + "\"instId\":\"" + BenchMessages.symbol(c) + "\"}}"));
                }
            }
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A load generator closing its connections resets them: nothing to report.
            ctx.close();
        }
    }
}

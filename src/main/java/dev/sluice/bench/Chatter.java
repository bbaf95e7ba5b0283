package dev.sluice.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load-generator mode {@code chatter} (scenario S5): {@code clients} connections that each send ping, subscribe and
 * unsubscribe requests in turn at their own steady rate. In-limit clients send from 2 to 80% of {@code limit}
 * messages a second; every tenth client sends at 1.5 x {@code limit}, over its plan's message rate. Prints
 * {@code SUBSCRIBED ok total} once every client is connected, and only then do the clients start sending (each at
 * its own offset within its first period): S5 measures the limiter, not a connection storm, and requests sent
 * while the server was still busy with the other clients' handshakes waited unread in its socket buffers and were
 * read, and dated, together. Sends until {@code STOP}, then prints
 * {@code RESULT json} with, per class (in limit, over limit), the messages sent, the error frames and the other
 * replies received, and for the in-limit clients how many of their sends were the {@code limit + 1}-th within one
 * rolling {@link #PERIOD_NANOS} window as sent ({@code inLimitSendsOverWindow}: must be 0, or the generator, not
 * the server, put an in-limit client over its limit), and when the first and last error frames of in-limit clients
 * arrived, in milliseconds after the clients started sending (-1 without any).
 */
final class Chatter {

    /** The period of the plan's message rate (S5: {@code limit} per second). */
    static final long PERIOD_NANOS = 1_000_000_000L;
    private static final byte[] ERROR = Receiver.ascii("\"event\":\"error\"");
    private static final String[] REQUESTS = {"ping", BenchMessages.subscribe(0, 1),
        BenchMessages.subscribe(0, 1).replace("\"subscribe\"", "\"unsubscribe\"")};

    private final WsClients clients;
    private final URI uri;
    private final int count;
    private final int limit;
    private final AtomicLong[] sent = {new AtomicLong(), new AtomicLong()};
    private final AtomicLong[] errors = {new AtomicLong(), new AtomicLong()};
    private final AtomicLong[] replies = {new AtomicLong(), new AtomicLong()};
    private final AtomicLong inLimitSendsOverWindow = new AtomicLong();
    private final List<Client> all = new ArrayList<>();
    /** When the clients were told to start sending (BenchClock.monoNanos). */
    private volatile long startNanos;
    private final AtomicLong firstInLimitErrorNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastInLimitErrorNanos = new AtomicLong(Long.MIN_VALUE);

    Chatter(WsClients clients, Map<String, String> args) {
        this.clients = clients;
        this.uri = URI.create(args.get("url"));
        this.count = Integer.parseInt(args.get("clients"));
        this.limit = Integer.parseInt(args.getOrDefault("limit", "50"));
    }

    /** Messages a second client {@code i} sends. */
    int rate(int i) {
        return rate(i, limit);
    }

    /** Messages a second client {@code i} sends against a limit of {@code limit} a second. */
    static int rate(int i, int limit) {
        return over(i) ? limit * 3 / 2 : 2 + (i * 37) % (limit * 4 / 5 - 1);
    }

    /** Messages a second {@code clients} clients send in all, the in-limit ones ({@code over} false) or the others. */
    static long nominalRate(int clients, int limit, boolean over) {
        long sum = 0;
        for (int i = 0; i < clients; i++) {
            sum += over(i) == over ? rate(i, limit) : 0;
        }
        return sum;
    }

    static boolean over(int i) {
        return i % 10 == 9;
    }

    void run() throws Exception {
        CountDownLatch connected = new CountDownLatch(count);
        AtomicInteger ok = new AtomicInteger();
        for (int i = 0; i < count; i++) {
            Client client = new Client(i, connected, ok);
            all.add(client);
            clients.connect(uri, WsClients.sourceHost(i), () -> client).addListener(f -> {
                if (!f.isSuccess()) {
                    connected.countDown();
                }
            });
        }
        connected.await(60, TimeUnit.SECONDS);
        startNanos = BenchClock.monoNanos();
        for (Client client : all) {
            client.start();
        }
        LoadGen.say("SUBSCRIBED " + ok.get() + " " + count);
        LoadGen.awaitStop();
        clients.close();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("clients", count);
        result.put("connected", ok.get());
        result.put("sentInLimit", sent[0].get());
        result.put("sentOverLimit", sent[1].get());
        result.put("errorsInLimit", errors[0].get());
        result.put("errorsOverLimit", errors[1].get());
        result.put("replies", replies[0].get() + replies[1].get());
        result.put("repliesInLimit", replies[0].get());
        result.put("repliesOverLimit", replies[1].get());
        result.put("inLimitSendsOverWindow", inLimitSendsOverWindow.get());
        result.put("firstInLimitErrorMs", sinceStartMs(firstInLimitErrorNanos.get(), Long.MAX_VALUE));
        result.put("lastInLimitErrorMs", sinceStartMs(lastInLimitErrorNanos.get(), Long.MIN_VALUE));
        LoadGen.say("RESULT " + LoadGen.json(result));
    }

    private long sinceStartMs(long nanos, long none) {
        return nanos == none ? -1 : (nanos - startNanos) / 1_000_000;
    }

    private final class Client extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final int index;
        private final int kind;
        private final CountDownLatch connected;
        private final AtomicInteger ok;
        private int next;
        /** The connection's context once its handshake completed; null until then (or if it never did). */
        private volatile ChannelHandlerContext context;
        /** When the last {@code limit} messages were sent (BenchClock.monoNanos), a ring indexed by {@link #next}. */
        private final long[] sentAt;

        Client(int index, CountDownLatch connected, AtomicInteger ok) {
            this.index = index;
            this.kind = over(index) ? 1 : 0;
            this.connected = connected;
            this.ok = ok;
            this.sentAt = new long[limit];
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                context = ctx;
                ok.incrementAndGet();
                connected.countDown();
            }
            super.userEventTriggered(ctx, evt);
        }

        /** Starts sending, once every client is connected. */
        void start() {
            ChannelHandlerContext ctx = context;
            if (ctx == null) {
                return;
            }
            long periodUs = 1_000_000L / rate(index);
            // Fixed delay, not fixed rate: a load generator that stalls must not catch up in a burst and push an
            // in-limit client over its limit.
            ctx.executor().scheduleWithFixedDelay(() -> send(ctx), (index * 7919L) % periodUs, periodUs,
                TimeUnit.MICROSECONDS);
        }

        private void send(ChannelHandlerContext ctx) {
            if (ctx.channel().isActive()) {
                long now = BenchClock.monoNanos();
                int slot = next % limit;
                // The send limit messages ago: if it is less than a period back, this one is the limit + 1-th in
                // one rolling window, as sent.
                if (kind == 0 && next >= limit && now - sentAt[slot] < PERIOD_NANOS) {
                    inLimitSendsOverWindow.incrementAndGet();
                }
                sentAt[slot] = now;
                ctx.writeAndFlush(new TextWebSocketFrame(REQUESTS[next++ % REQUESTS.length]), ctx.voidPromise());
                sent[kind].incrementAndGet();
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            ByteBuf text = frame.content();
            if (Receiver.indexOf(text, ERROR, text.readerIndex()) >= 0) {
                errors[kind].incrementAndGet();
                if (kind == 0) {
                    long now = BenchClock.monoNanos();
                    firstInLimitErrorNanos.accumulateAndGet(now, Math::min);
                    lastInLimitErrorNanos.accumulateAndGet(now, Math::max);
                }
            } else {
                replies[kind].incrementAndGet();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}

package dev.sluice.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One round of the storm's upgrade attempts and its tally: attempt {@code i} asks for {@code url?token=bench-(i %
 * tokens)} from source address {@code ipPrefix(1 + i % ips)}, with at most {@code window} attempts in flight. The
 * requests are built before the clock starts ({@link StormHandshake}); an attempt writes its bytes on a connection
 * from the shared bootstrap and reads only the response head. It is accepted when the answer is 101 with the
 * accept value its key calls for; an accepted connection stays open (or, in a warm-up round, is closed at once),
 * a refusal is counted by status and closed.
 */
final class StormRound {

    private static final int MAX_HEAD = 8_192;

    private final Bootstrap bootstrap;
    private final URI url;
    private final StormHandshake[] handshakes;
    private final String[] tokens;
    private final String[] ips;
    private final boolean keepOpen;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger wrongAccept = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private final Map<Integer, AtomicInteger> refused = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> openPerToken = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> openPerIp = new ConcurrentHashMap<>();
    private final AtomicInteger peakPerToken = new AtomicInteger();
    private final AtomicInteger peakPerIp = new AtomicInteger();
    private final AtomicLong lastAnswerNanos = new AtomicLong();
    /** Microseconds from an attempt's connect to its answer. */
    private final Histogram answerMicros = new ConcurrentHistogram(3);
    private long startNanos;
    private long unanswered;

    StormRound(Bootstrap bootstrap, URI url, int attempts, int tokenCount, String ipPrefix, int ipCount,
               boolean keepOpen) {
        this.bootstrap = bootstrap;
        this.url = url;
        this.keepOpen = keepOpen;
        this.handshakes = new StormHandshake[attempts];
        this.tokens = new String[attempts];
        this.ips = new String[attempts];
        Random random = new Random();
        for (int i = 0; i < attempts; i++) {
            tokens[i] = "bench-" + (i % tokenCount);
            ips[i] = ipPrefix + (1 + i % ipCount);
            handshakes[i] = StormHandshake.of(url.getHost(), url.getPort(), url.getPath() + "?token=" + tokens[i],
                random);
        }
    }

    /** Makes every attempt, {@code window} in flight at most, and waits for their answers until the deadline. */
    void run(int window, long deadlineNanos) throws InterruptedException {
        InetSocketAddress server = new InetSocketAddress(url.getHost(), url.getPort());
        Semaphore inFlight = new Semaphore(window);
        CountDownLatch settled = new CountDownLatch(handshakes.length);
        Runnable onSettled = () -> {
            inFlight.release();
            settled.countDown();
        };
        startNanos = BenchClock.monoNanos();
        for (int i = 0; i < handshakes.length; i++) {
            if (!inFlight.tryAcquire(deadlineNanos - BenchClock.monoNanos(), TimeUnit.NANOSECONDS)) {
                break;
            }
            Attempt attempt = new Attempt(tokens[i], ips[i], handshakes[i], onSettled, BenchClock.monoNanos());
            bootstrap.connect(server, new InetSocketAddress(attempt.ip, 0)).addListener((ChannelFuture f) -> {
                if (f.isSuccess()) {
                    f.channel().pipeline().addLast(attempt);
                    f.channel().writeAndFlush(Unpooled.wrappedBuffer(attempt.handshake.request));
                } else {
                    failed.incrementAndGet();
                    attempt.settle();
                }
            });
        }
        settled.await(Math.max(0, deadlineNanos - BenchClock.monoNanos()), TimeUnit.NANOSECONDS);
        unanswered = settled.getCount();
    }

    /** Upgrades refused, whatever the status. */
    int refusedTotal() {
        return refused.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** The tally; rates over the time from the first attempt to the last answer. */
    Map<String, Object> result() {
        double seconds = Math.max(1e-9, (lastAnswerNanos.get() - startNanos) / 1e9);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("attempts", handshakes.length);
        result.put("accepted", accepted.get());
        result.put("refused", refused);
        result.put("wrongAccept", wrongAccept.get());
        result.put("failed", failed.get());
        result.put("unanswered", unanswered);
        result.put("closedByServer", closedByServer.get());
        result.put("seconds", seconds);
        result.put("acceptedPerSecond", accepted.get() / seconds);
        result.put("handshakesPerSecond", (accepted.get() + wrongAccept.get() + refusedTotal()) / seconds);
        result.put("answerMs", Map.of("p50", answerMicros.getValueAtPercentile(50) / 1e3,
            "p99", answerMicros.getValueAtPercentile(99) / 1e3, "max", answerMicros.getMaxValue() / 1e3));
        result.put("maxPerToken", peakPerToken.get());
        result.put("maxPerIp", peakPerIp.get());
        result.put("open", keepOpen ? accepted.get() - closedByServer.get() : 0);
        return result;
    }

    private static void opened(Map<String, AtomicInteger> open, String key, AtomicInteger peak) {
        int now = open.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        peak.accumulateAndGet(now, Math::max);
    }

    /**
     * One upgrade attempt, on its connection's event loop from the moment the connection is up: collects the
     * response head, settles once on it (or on the connection's end), then keeps an accepted connection open and
     * notes if the server closes it.
     */
    private final class Attempt extends ChannelInboundHandlerAdapter {
        private final String token;
        private final String ip;
        private final StormHandshake handshake;
        private final Runnable onSettled;
        private final long connectNanos;
        private final StringBuilder head = new StringBuilder();
        private boolean settled;
        private boolean open;

        Attempt(String token, String ip, StormHandshake handshake, Runnable onSettled, long connectNanos) {
            this.token = token;
            this.ip = ip;
            this.handshake = handshake;
            this.onSettled = onSettled;
            this.connectNanos = connectNanos;
        }

        void settle() {
            if (!settled) {
                settled = true;
                onSettled.run();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                if (!settled) {
                    head.append(in.toString(StandardCharsets.ISO_8859_1));
                    int end = head.indexOf("\r\n\r\n");
                    if (end >= 0) {
                        answered(ctx.channel(), head.substring(0, end));
                    } else if (head.length() > MAX_HEAD) {
                        failed.incrementAndGet();
                        settle();
                        ctx.close();
                    }
                }
            } finally {
                in.release();
            }
        }

        private void answered(Channel channel, String response) {
            long now = BenchClock.monoNanos();
            lastAnswerNanos.accumulateAndGet(now, Math::max);
            answerMicros.recordValue((now - connectNanos) / 1_000);
            int status = StormHandshake.status(response);
            if (handshake.accepts(response)) {
                accepted.incrementAndGet();
                if (keepOpen) {
                    open = true;
                    opened(openPerToken, token, peakPerToken);
                    opened(openPerIp, ip, peakPerIp);
                }
            } else if (status == 101) {
                wrongAccept.incrementAndGet();
            } else if (status > 0) {
                refused.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
            head.setLength(0);
            settle();
            if (!open) {
                channel.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (!settled) {
                failed.incrementAndGet();
                settle();
            } else if (open) {
                open = false;
                closedByServer.incrementAndGet();
                openPerToken.get(token).decrementAndGet();
                openPerIp.get(ip).decrementAndGet();
            }
            super.channelInactive(ctx);
        }
    }
}

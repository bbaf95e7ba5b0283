package dev.sluice.bench;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load-generator mode {@code storm}: {@code attempts} WebSocket upgrades as fast as a window of {@code window}
 * handshakes in flight allows, on {@code url?token=bench-(i % tokens)} from source address
 * {@code 127.0.1.(1 + i % ips)}. Accepted connections stay open (so per-token and per-IP caps stay full) until
 * {@code STOP}. Prints {@code RESULT json}: accepted, refused by HTTP status, failed, the rate of accepted
 * handshakes, and the most connections accepted for any one token and any one address (to check the caps).
 */
final class Storm {

    private final WsClients clients;
    private final String url;
    private final int attempts;
    private final int tokens;
    private final int ips;
    private final int window;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final Map<Integer, AtomicInteger> refused = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perToken = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perIp = new ConcurrentHashMap<>();
    private final AtomicLong lastSettledNanos = new AtomicLong();

    Storm(WsClients clients, Map<String, String> args) {
        this.clients = clients;
        this.url = args.get("url");
        this.attempts = Integer.parseInt(args.get("attempts"));
        this.tokens = Integer.parseInt(args.getOrDefault("tokens", "100"));
        this.ips = Integer.parseInt(args.getOrDefault("ips", "8"));
        this.window = Integer.parseInt(args.getOrDefault("window", "256"));
    }

    void run() throws Exception {
        Semaphore inFlight = new Semaphore(window);
        CountDownLatch settled = new CountDownLatch(attempts);
        long start = BenchClock.monoNanos();
        for (int i = 0; i < attempts; i++) {
            inFlight.acquire();
            String token = "bench-" + (i % tokens);
            String ip = "127.0.1." + (1 + i % ips);
            Attempt attempt = new Attempt(token, ip, () -> {
                lastSettledNanos.accumulateAndGet(BenchClock.monoNanos(), Math::max);
                inFlight.release();
                settled.countDown();
            });
            clients.connect(URI.create(url + "?token=" + token), ip, () -> attempt).addListener(f -> {
                if (!f.isSuccess()) {
                    attempt.settle(-1);
                }
            });
        }
        settled.await(180, TimeUnit.SECONDS);
        double seconds = Math.max(1e-9, (lastSettledNanos.get() - start) / 1e9);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("attempts", attempts);
        result.put("accepted", accepted.get());
        result.put("refused", refused);
        result.put("failed", failed.get());
        result.put("seconds", seconds);
        result.put("acceptedPerSecond", accepted.get() / seconds);
        result.put("handshakesPerSecond", (attempts - failed.get()) / seconds);
        result.put("maxPerToken", perToken.values().stream().mapToInt(AtomicInteger::get).max().orElse(0));
        result.put("maxPerIp", perIp.values().stream().mapToInt(AtomicInteger::get).max().orElse(0));
        LoadGen.say("RESULT " + LoadGen.json(result));
        LoadGen.awaitStop();
    }

    /** One upgrade attempt; settles once with 101 (accepted), the refusal's status, or -1 (no answer). */
    private final class Attempt extends ChannelInboundHandlerAdapter {
        private final String token;
        private final String ip;
        private final Runnable onSettled;
        private boolean settled;

        Attempt(String token, String ip, Runnable onSettled) {
            this.token = token;
            this.ip = ip;
            this.onSettled = onSettled;
        }

        void settle(int status) {
            if (settled) {
                return;
            }
            settled = true;
            if (status == 101) {
                accepted.incrementAndGet();
                perToken.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
                perIp.computeIfAbsent(ip, t -> new AtomicInteger()).incrementAndGet();
            } else if (status < 0) {
                failed.incrementAndGet();
            } else {
                refused.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            }
            onSettled.run();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                settle(101);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            io.netty.util.ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof WebSocketClientHandshakeException refusal && refusal.response() != null) {
                settle(refusal.response().status().code());
            } else {
                settle(-1);
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            settle(-1);
            super.channelInactive(ctx);
        }
    }
}

package dev.sluice.bench;

import dev.sluice.history.HistoryCursor;
import dev.sluice.history.HistoryRecord;
import dev.sluice.history.HistoryStore;
import dev.sluice.history.ReplaySource;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Load-generator modes of scenario S7 ({@link ReplayScenario}); each prints {@code RESULT json} and ends by itself.
 * With {@code warmup=W warmupEnd=T} each first reads (or replays) the first {@code W} records, up to {@code T}, and
 * does not measure them: JIT compilation, as in the fan-out scenarios' warm-up step.
 * <ul>
 *   <li>{@code replay}: one WebSocket connection to {@code url} that asks 0xArchive for a replay of BTC trades over
 *       {@code [start, end]} at {@code speed}, checks every trade's {@code tid} (1..{@code records}) arrives once
 *       and in order, and measures {@code historical_data} messages a second from the first to the last;</li>
 *   <li>{@code replay-store}: baseline, the same range read from the DuckDB file {@code store} through the
 *       store's {@link HistoryCursor} in pages of {@link ReplaySource#BATCH}, as a replay reads it, same checks;</li>
 *   <li>{@code replay-duckdb}: baseline, the same range as one streamed DuckDB query, no pages.</li>
 * </ul>
 */
final class ReplayLoad {

    private static final byte[] DATA = Receiver.ascii("{\"type\":\"historical_data\"");
    private static final byte[] COMPLETED = Receiver.ascii("\"type\":\"replay_completed\"");
    private static final byte[] SENT = Receiver.ascii("\"snapshots_sent\":");
    private static final byte[] TID = Receiver.ascii("\"tid\":");
    private static final String TID_TEXT = "\"tid\":";

    private ReplayLoad() {
    }

    static void run(WsClients clients, Map<String, String> args) throws Exception {
        int records = Integer.parseInt(args.get("records"));
        long start = Long.parseLong(args.get("start"));
        long end = Long.parseLong(args.get("end"));
        int warmup = Integer.parseInt(args.getOrDefault("warmup", "0"));
        long warmupEnd = Long.parseLong(args.getOrDefault("warmupEnd", Long.toString(start)));
        String mode = args.get("mode");
        Path store = Path.of(args.getOrDefault("store", "."));
        Map<String, Object> result;
        if (mode.equals("replay")) {
            result = replay(clients, URI.create(args.get("url")), records, start, end, args.get("speed"),
                warmup > 0 ? request(start, warmupEnd, args.get("speed")) : null);
        } else {
            Object warmed = warmup == 0 ? 0L : read(mode, store, warmup, start, warmupEnd).get("received");
            result = read(mode, store, records, start, end);
            result.put("warmupReceived", warmed);
        }
        result.put("warmup", warmup);
        LoadGen.say("RESULT " + LoadGen.json(result));
    }

    private static Map<String, Object> read(String mode, Path store, int records, long start, long end)
        throws Exception {
        return mode.equals("replay-store") ? pages(store, records, start, end) : stream(store, records, start, end);
    }

    private static String request(long start, long end, String speed) {
        return "{\"op\":\"replay\",\"channel\":\"trades\",\"symbol\":\"BTC\",\"start\":" + start + ",\"end\":" + end
            + ",\"speed\":" + speed + "}";
    }

    /** The range read through the store's cursor, pages of the replay's batch size: what a replay reads. */
    private static Map<String, Object> pages(Path file, int records, long start, long end) throws Exception {
        Order order = new Order(records);
        try (HistoryStore store = HistoryStore.open(file)) {
            long t0 = BenchClock.monoNanos();
            HistoryCursor cursor = store.cursor("hyperliquid", List.of("trades"), "BTC", start - 1, Long.MAX_VALUE,
                end);
            int pages = 0;
            while (!cursor.exhausted()) {
                for (HistoryRecord record : cursor.next(ReplaySource.BATCH)) {
                    order.on(tid(record.data()), BenchClock.monoNanos());
                }
                pages++;
            }
            Map<String, Object> result = order.result(t0);
            result.put("pages", pages);
            return result;
        }
    }

    /** The range as one streamed DuckDB query in (ts, seq) order, no pages: the most the store gives. */
    private static Map<String, Object> stream(Path file, int records, long start, long end) throws Exception {
        Order order = new Order(records);
        Properties streaming = new Properties();
        streaming.setProperty("jdbc_stream_results", "true");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file, streaming);
             PreparedStatement query = connection.prepareStatement("SELECT channel, ts, seq, data FROM events "
                 + "WHERE exchange = 'hyperliquid' AND symbol = 'BTC' AND channel = 'trades' AND ts >= ? "
                 + "AND ts <= ? ORDER BY ts, seq")) {
            long t0 = BenchClock.monoNanos();
            query.setLong(1, start);
            query.setLong(2, end);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    rows.getString(1);
                    rows.getLong(2);
                    rows.getLong(3);
                    order.on(tid(rows.getString(4)), BenchClock.monoNanos());
                }
            }
            return order.result(t0);
        }
    }

    /** The {@code tid} of a stored trade array {@code [{...,"tid":N}]}. */
    private static long tid(String data) {
        return Long.parseLong(data.substring(data.lastIndexOf(TID_TEXT) + TID_TEXT.length(), data.length() - 2));
    }

    private static Map<String, Object> replay(WsClients clients, URI uri, int records, long start, long end,
                                              String speed, String warmup) throws Exception {
        Client client = new Client(new Order(records), warmup, request(start, end, speed));
        clients.connect(uri, "127.0.0.1", () -> client).addListener(f -> {
            if (!f.isSuccess()) {
                client.fail("connect: " + f.cause());
            }
        });
        boolean finished = client.done.await(60 + records / 10_000L, TimeUnit.SECONDS);
        Map<String, Object> result = client.order.result(client.requestedNanos);
        result.put("completedCount", client.completedCount);
        result.put("warmupReceived", client.warmupReceived);
        result.put("warmupCompletedCount", client.warmupCompleted);
        result.put("finished", finished);
        result.put("error", client.error);
        return result;
    }

    /** Which {@code tid}s arrived, how often and in which order, and when the first and last did. */
    static final class Order {
        private final int expected;
        private final BitSet seen;
        private long received;
        private long duplicates;
        private long outOfOrder;
        private long highest;
        private long firstNanos;
        private long lastNanos;

        Order(int expected) {
            this.expected = expected;
            this.seen = new BitSet(expected + 1);
        }

        void on(long tid, long nowNanos) {
            if (received++ == 0) {
                firstNanos = nowNanos;
            }
            lastNanos = nowNanos;
            if (tid < 1 || tid > expected || seen.get((int) tid)) {
                duplicates++;
                return;
            }
            seen.set((int) tid);
            if (tid < highest) {
                outOfOrder++;
            }
            highest = Math.max(highest, tid);
        }

        /** Counts and rates; {@code startNanos} is when the request went out (or the first read started). */
        Map<String, Object> result(long startNanos) {
            Map<String, Object> result = new LinkedHashMap<>();
            long span = lastNanos - firstNanos;
            result.put("expected", expected);
            result.put("received", received);
            result.put("gaps", expected - seen.cardinality());
            result.put("duplicates", duplicates);
            result.put("outOfOrder", outOfOrder);
            result.put("firstAfterMs", received == 0 ? -1 : (firstNanos - startNanos) / 1e6);
            result.put("spanMs", span / 1e6);
            result.put("totalMs", (lastNanos - startNanos) / 1e6);
            result.put("perSecond", span <= 0 ? 0.0 : (received - 1) * 1e9 / span);
            return result;
        }
    }

    private static final class Client extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        final Order order;
        final CountDownLatch done = new CountDownLatch(1);
        private final String request;
        /** The warm-up replay, sent first and not measured; null for none. */
        private final String warmup;
        private boolean warming;
        volatile long warmupReceived;
        volatile long warmupCompleted = -1;
        volatile long requestedNanos;
        volatile long completedCount = -1;
        volatile String error = "";

        Client(Order order, String warmup, String request) {
            this.order = order;
            this.warmup = warmup;
            this.request = request;
        }

        void fail(String why) {
            if (done.getCount() > 0) {
                error = why;
                done.countDown();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                warming = warmup != null;
                requestedNanos = BenchClock.monoNanos();
                ctx.writeAndFlush(new TextWebSocketFrame(warming ? warmup : request));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            ByteBuf text = frame.content();
            int at = text.readerIndex();
            if (Receiver.indexOf(text, DATA, at) == at) {
                if (warming) {
                    warmupReceived++;
                } else {
                    order.on(Receiver.number(text, lastEndOf(text, TID)), BenchClock.monoNanos());
                }
            } else if (Receiver.indexOf(text, COMPLETED, at) >= 0 && warming) {
                warmupCompleted = Receiver.number(text, endOf(text, SENT, at));
                warming = false;
                requestedNanos = BenchClock.monoNanos();
                ctx.writeAndFlush(new TextWebSocketFrame(request));
            } else if (Receiver.indexOf(text, COMPLETED, at) >= 0) {
                completedCount = Receiver.number(text, endOf(text, SENT, at));
                done.countDown();
                ctx.close();
            } else if (text.toString(StandardCharsets.UTF_8).contains("\"error\"")) {
                fail(text.toString(StandardCharsets.UTF_8));
            }
        }

        /**
         * Just after the last {@code key} in the frame, searched from the end: the trade's {@code tid} closes the
         * message, and a client that scans every byte of 500k messages a second becomes the bottleneck itself.
         */
        private static int lastEndOf(ByteBuf text, byte[] key) {
            for (int i = text.writerIndex() - key.length; i >= text.readerIndex(); i--) {
                int j = 0;
                while (j < key.length && text.getByte(i + j) == key[j]) {
                    j++;
                }
                if (j == key.length) {
                    return i + key.length;
                }
            }
            return -1;
        }

        private static int endOf(ByteBuf text, byte[] key, int from) {
            int at = Receiver.indexOf(text, key, from);
            return at < 0 ? -1 : at + key.length;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            fail("connection closed before replay_completed");
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(String.valueOf(cause));
            ctx.close();
        }
    }
}

package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.GatewayFixture;
import dev.sluice.bus.Stream;
import dev.sluice.bus.Subscriber;
import dev.sluice.metric.MicrometerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that stop reading and then read again, over real sockets, for the two slow-consumer policies that never
 * close a connection: {@code books5} and {@code tickers} are conflated (only the latest state is held back and sent
 * once the connection drains), {@code books} is resynchronised (increments are dropped, then a fresh snapshot
 * starts an unbroken chain again). Neither is ever closed with 4005, although {@code server.maxBacklogBytes} is at
 * its smallest. Also a duplicate subscription on a healthy connection, which ccxt sends after it discards a book:
 * {@code books} restarts with one fresh snapshot and the one stream carries on from it; {@code trades}, which has
 * no snapshot, simply carries on without losing a trade.
 *
 * <p>How a client is made "not writable": it stops reading while the feed publishes far more on its streams than
 * the kernel can hold for it. On Linux the server's send buffer autotunes up to {@code net.ipv4.tcp_wmem}'s maximum
 * (4 MiB by default) and the client's receive buffer does not grow while it does not read, so after a few MiB the
 * rest piles up in the server's outbound buffer, past Netty's 64 KiB high-water mark. The first stall publishes
 * {@link #LONG_STALL_BYTES} and bounds what the client gets to a third of what was published; a second, shorter
 * stall checks that the policy works again once it has recovered. That the channel did become unwritable is thus
 * proven black-box: the client receives fewer frames than were published, and (books) a fresh snapshot.
 * Publishing is slow under paranoid leak detection (every buffer access is recorded), hence the modest sizes.
 */
@Timeout(180)
class SlowConsumerResumeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/ws/v5/public";
    /** Published during the first stall: about six times what the kernel holds for a stalled client. */
    private static final long LONG_STALL_BYTES = 24L << 20;
    /** Published during the second stall: still well past what the kernel holds. */
    private static final long SHORT_STALL_BYTES = 8L << 20;
    private static final long[] STALLS = {LONG_STALL_BYTES, SHORT_STALL_BYTES};
    private static final int STALL_CHUNK_MS = 100;
    private static final int PACE_CHUNK_MS = 20;
    private static final int PACED_CHUNKS = 25;
    private static final int MAX_STALL_CHUNKS = 10_000;
    private static final String YAML = """
        server:
          maxBacklogBytes: 65536
        feed:
          instruments:
            - exchange: okx
              symbol: BTC-USDT
              base: BTC
              quote: USDT
              tickSize: 0.1
              lotSize: 0.00000001
              minSize: 0.00001
              price: 65000
              depth: 400
              levelSize: 0.5
              tradesPerSecond: 50
              bookUpdatesPerSecond: 5000
        services:
          - name: okx
            dialect: okx
            port: 0
        """;

    @Test
    void shouldSendOnlyTheLatestBooks5AndTickerToAClientThatStallsAndNeverCloseIt() throws Exception {
        MicrometerMetrics metrics = new MicrometerMetrics();
        try (GatewayFixture fixture = GatewayFixture.start(YAML, metrics, null);
             RawWebSocket slow = RawWebSocket.connect(fixture.port("okx"), PATH)) {
            fixture.advanceFeed(0);
            slow.sendText(subscribe("books5", "tickers"));
            Latest received = new Latest();
            received.readUntil(slow, () -> received.acks == 2 && received.has("books5") && received.has("tickers"));
            Published books5 = Published.observe(fixture, "books5");
            Published tickers = Published.observe(fixture, "tickers");

            for (long stallBytes : STALLS) {
                long books5Before = books5.frames();
                long tickersBefore = tickers.frames();
                received.resetCounts();
                stall(fixture, stallBytes, books5, tickers);
                long books5Published = books5.frames() - books5Before;
                long tickersPublished = tickers.frames() - tickersBefore;

                received.readUntil(slow, () -> books5.latest().equals(received.latest("books5"))
                    && tickers.latest().equals(received.latest("tickers")));
                assertNothingMoreThanPong(slow);

                long bound = fewerThanOneIn(stallBytes);
                assertThat(received.count("books5")).as("books5 pushes received after a stall of %d bytes, of %d"
                    + " published", stallBytes, books5Published).isLessThan(books5Published / bound);
                assertThat(received.count("tickers")).as("tickers received after a stall of %d bytes, of %d"
                    + " published", stallBytes, tickersPublished).isLessThan(tickersPublished / bound);
                assertThat(tickersPublished).as("tickers published during the stall").isGreaterThan(30);
            }
            assertThat(metrics.scrape()).contains("sluice_slow_consumers_closed_total{service=\"okx\"} 0.0");
        }
    }

    @Test
    void shouldResyncBooksWithAFreshSnapshotAndAnUnbrokenChainAfterAStall() throws Exception {
        MicrometerMetrics metrics = new MicrometerMetrics();
        try (GatewayFixture fixture = GatewayFixture.start(YAML, metrics, null);
             RawWebSocket slow = RawWebSocket.connect(fixture.port("okx"), PATH)) {
            fixture.advanceFeed(0);
            BookReplica replica = new BookReplica();
            slow.sendText(subscribe("books"));
            replica.readUntil(slow, () -> replica.snapshots == 1);
            assertThat(replica.acks).isEqualTo(1);
            Published books = Published.observe(fixture, "books");
            paced(fixture, slow, replica, books);
            assertThat(replica.snapshots).as("snapshots before any stall").isEqualTo(1);
            assertThat(replica.updates).as("updates chained to the first snapshot").isGreaterThan(100);

            for (long stallBytes : STALLS) {
                long publishedBefore = books.frames();
                int snapshotsBefore = replica.snapshots;
                long updatesBefore = replica.updates;
                stall(fixture, stallBytes, books);
                long published = books.frames() - publishedBefore;

                replica.readUntil(slow, () -> replica.lastSeq == books.lastSeqId());
                assertThat(replica.snapshots - snapshotsBefore).as("fresh snapshots after a stall of %d bytes",
                    stallBytes).isPositive();
                long bound = fewerThanOneIn(stallBytes);
                assertThat(replica.updates - updatesBefore).as("updates received after a stall of %d bytes, of %d"
                    + " published", stallBytes, published).isLessThan(published / bound);

                long updatesAfterResync = replica.updates;
                paced(fixture, slow, replica, books);
                assertThat(replica.updates - updatesAfterResync).as("updates chained to the new snapshot")
                    .isGreaterThan(100);
            }
            assertNothingMoreThanPong(slow);
            assertSameAsFreshSnapshot(fixture, replica);
            assertThat(metrics.scrape()).contains("sluice_slow_consumers_closed_total{service=\"okx\"} 0.0");
        }
    }

    @Test
    void shouldRestartBooksWithOneFreshSnapshotWhenAHealthyClientSubscribesAgain() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(YAML, new MicrometerMetrics(), null);
             RawWebSocket client = RawWebSocket.connect(fixture.port("okx"), PATH)) {
            fixture.advanceFeed(0);
            BookReplica replica = new BookReplica();
            client.sendText(subscribe("books"));
            replica.readUntil(client, () -> replica.snapshots == 1);
            Published books = Published.observe(fixture, "books");
            paced(fixture, client, replica, books);
            // Updates in flight when the second subscribe arrives: the client has not read them yet.
            fixture.advanceFeed(PACE_CHUNK_MS);
            long publishedAtResubscribe = books.frames();

            client.sendText(subscribe("books"));
            replica.readUntil(client, () -> replica.snapshots == 2);
            assertThat(replica.acks).as("acks").isEqualTo(2);
            assertThat(replica.lastBeforeLastSnapshot).as("message right before the fresh snapshot")
                .isEqualTo("event");
            assertThat(replica.lastSnapshotSeq).as("seqId of the fresh snapshot").isEqualTo(books.lastSeqId());

            long updatesAtSnapshot = replica.updates;
            paced(fixture, client, replica, books);
            assertThat(replica.updates - updatesAtSnapshot).as("updates after the fresh snapshot, each once")
                .isEqualTo(books.frames() - publishedAtResubscribe).isGreaterThan(100);
            assertThat(replica.snapshots).as("snapshots").isEqualTo(2);
            assertNothingMoreThanPong(client);
            assertSameAsFreshSnapshot(fixture, replica);
        }
    }

    @Test
    void shouldLoseNoTradeWhenAClientSubscribesToTradesAgain() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(YAML, new MicrometerMetrics(), null);
             RawWebSocket client = RawWebSocket.connect(fixture.port("okx"), PATH)) {
            fixture.advanceFeed(0);
            TradeTape tape = new TradeTape();
            client.sendText(subscribe("trades"));
            tape.readUntil(client, () -> tape.acks == 1);
            // The session handles the ping after the subscribe, so its bus subscription is queued by the pong.
            assertNothingMoreThanPong(client);
            Published trades = Published.observe(fixture, "trades");
            fixture.advanceFeed(2_000);
            tape.readUntil(client, () -> tape.lastSeq == trades.lastSeqId());

            // Trades become due before the bus learns of the second subscribe, and it publishes them first.
            fixture.advanceClock(2_000);
            CountDownLatch resubscribed = new CountDownLatch(1);
            Future<Boolean> held = fixture.gateway().bus().executor().submit(() -> {
                boolean released = resubscribed.await(10, TimeUnit.SECONDS);
                fixture.gateway().feed().poll();
                return released;
            });
            client.sendText(subscribe("trades"));
            tape.readUntil(client, () -> tape.acks == 2);
            resubscribed.countDown();
            assertThat(held.get(10, TimeUnit.SECONDS)).as("bus held until the second ack").isTrue();
            fixture.advanceFeed(2_000);

            tape.readUntil(client, () -> tape.lastSeq == trades.lastSeqId());
            assertThat(tape.trades).as("trades received, each once and in order").isGreaterThan(200);
            assertNothingMoreThanPong(client);
        }
    }

    /**
     * How far below the published count a stalled client's received count must stay: under a third after the long
     * stall, and at least one short of all (some were held back) after the short one.
     */
    private static long fewerThanOneIn(long stallBytes) {
        return stallBytes == LONG_STALL_BYTES ? 3 : 1;
    }

    /** Publishes at least {@code stallBytes} on the given streams while the client does not read. */
    private static void stall(GatewayFixture fixture, long stallBytes, Published... streams) {
        long start = bytes(streams);
        int chunks = 0;
        while (bytes(streams) - start < stallBytes) {
            assertThat(++chunks).as("chunks of %d ms to publish %d bytes", STALL_CHUNK_MS, stallBytes)
                .isLessThan(MAX_STALL_CHUNKS);
            fixture.advanceFeed(STALL_CHUNK_MS);
        }
    }

    private static long bytes(Published... streams) {
        long sum = 0;
        for (Published stream : streams) {
            sum += stream.bytes();
        }
        return sum;
    }

    /** Publishes a little at a time and reads it all each time, as a client that keeps up does. */
    private static void paced(GatewayFixture fixture, RawWebSocket client, BookReplica replica, Published books)
        throws IOException {
        for (int i = 0; i < PACED_CHUNKS; i++) {
            fixture.advanceFeed(PACE_CHUNK_MS);
            replica.readUntil(client, () -> replica.lastSeq == books.lastSeqId());
        }
    }

    /** After what the test has read, the server has nothing more for the client: a ping is answered next. */
    private static void assertNothingMoreThanPong(RawWebSocket client) throws IOException {
        client.sendText("ping");
        assertThat(text(client.readFrame())).as("next message after the latest state").isEqualTo("pong");
    }

    /** The book the client rebuilt is the book a new subscriber's snapshot shows. */
    private static void assertSameAsFreshSnapshot(GatewayFixture fixture, BookReplica replica) throws IOException {
        try (RawWebSocket fresh = RawWebSocket.connect(fixture.port("okx"), PATH)) {
            BookReplica snapshot = new BookReplica();
            fresh.sendText(subscribe("books"));
            snapshot.readUntil(fresh, () -> snapshot.snapshots == 1);
            assertThat(snapshot.lastSeq).as("seqId of the fresh snapshot").isEqualTo(replica.lastSeq);
            assertThat(replica.bids).as("bids rebuilt from snapshot and updates").isEqualTo(snapshot.bids)
                .hasSize(400);
            assertThat(replica.asks).as("asks rebuilt from snapshot and updates").isEqualTo(snapshot.asks)
                .hasSize(400);
        }
    }

    private static String subscribe(String... channels) {
        StringBuilder args = new StringBuilder();
        for (String channel : channels) {
            args.append(args.length() == 0 ? "" : ",")
                .append("{\"channel\":\"").append(channel).append("\",\"instId\":\"BTC-USDT\"}");
        }
        return "{\"op\":\"subscribe\",\"args\":[" + args + "]}";
    }

    private static String text(RawWebSocket.Frame frame) {
        assertThat(frame.opcode()).as("opcode of %s", frame).isEqualTo(RawWebSocket.TEXT);
        return frame.text();
    }

    /** A condition a reader waits for; checked after every message. */
    private interface Until {
        boolean done();
    }

    /** What a client has read; subclasses take each message apart. */
    private abstract static class Reader {
        int acks;

        /** Reads messages until the condition holds; every read is bounded by the socket's read timeout. */
        final void readUntil(RawWebSocket client, Until until) throws IOException {
            while (!until.done()) {
                String message;
                try {
                    message = text(client.readFrame());
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the server stopped sending before the awaited message; read so far: "
                        + this, e);
                }
                JsonNode json = JSON.readTree(message);
                if (json.has("event")) {
                    assertThat(json.get("event").asText()).as("event %s", message).isEqualTo("subscribe");
                    acks++;
                    onAck();
                } else {
                    onPush(json, message);
                }
            }
        }

        void onAck() {
        }

        abstract void onPush(JsonNode push, String message);
    }

    /**
     * The pushes of conflated channels: the latest payload and how many came, per channel. Each channel's pushes
     * must move forward in time (a held-back frame never arrives after a newer one).
     */
    private static final class Latest extends Reader {
        private final Map<String, String> latest = new HashMap<>();
        private final Map<String, Integer> counts = new HashMap<>();
        private final Map<String, Long> lastKey = new HashMap<>();

        @Override
        void onPush(JsonNode push, String message) {
            String channel = push.get("arg").get("channel").asText();
            JsonNode data = push.get("data").get(0);
            // books5 carries the book's seqId, which grows with every change; a ticker only its timestamp.
            long key = data.has("seqId") ? data.get("seqId").asLong() : data.get("ts").asLong();
            Long previous = lastKey.put(channel, key);
            if (previous != null) {
                assertThat(key).as("%s push after one at %d", channel, previous).isGreaterThan(previous);
            }
            latest.put(channel, message);
            counts.merge(channel, 1, Integer::sum);
        }

        @Override
        public String toString() {
            return "acks " + acks + ", pushes per channel " + counts + ", latest " + lastKey;
        }

        boolean has(String channel) {
            return latest.containsKey(channel);
        }

        String latest(String channel) {
            return latest.get(channel);
        }

        long count(String channel) {
            return counts.getOrDefault(channel, 0);
        }

        void resetCounts() {
            counts.clear();
        }
    }

    /**
     * An OKX {@code books} client: keeps the book from snapshot and updates and checks the chain on every push.
     * A snapshot restarts the chain; every update's prevSeqId must be the seqId before it, so a dropped increment
     * would show as a failed assertion.
     */
    private static final class BookReplica extends Reader {
        final NavigableMap<BigDecimal, String> bids = new TreeMap<>(Comparator.reverseOrder());
        final NavigableMap<BigDecimal, String> asks = new TreeMap<>();
        long lastSeq = -1;
        int snapshots;
        long updates;
        long seqBeforeLastSnapshot = -1;
        long lastSnapshotSeq = -1;
        /** "event" or "push": what came right before the latest snapshot. */
        String lastBeforeLastSnapshot;
        private String lastKind;

        @Override
        void onAck() {
            lastKind = "event";
        }

        @Override
        void onPush(JsonNode push, String message) {
            assertThat(push.get("arg").get("channel").asText()).isEqualTo("books");
            String action = push.get("action").asText();
            JsonNode data = push.get("data").get(0);
            long prev = data.get("prevSeqId").asLong();
            long seq = data.get("seqId").asLong();
            if ("snapshot".equals(action)) {
                assertThat(prev).as("prevSeqId of a snapshot").isEqualTo(-1);
                bids.clear();
                asks.clear();
                snapshots++;
                seqBeforeLastSnapshot = lastSeq;
                lastSnapshotSeq = seq;
                lastBeforeLastSnapshot = lastKind;
            } else {
                assertThat(action).as("action").isEqualTo("update");
                assertThat(lastSeq).as("seqId before an update: a snapshot came first").isNotNegative();
                assertThat(prev).as("prevSeqId of the update after seqId %d", lastSeq).isEqualTo(lastSeq);
                updates++;
            }
            apply(data.get("bids"), bids);
            apply(data.get("asks"), asks);
            lastSeq = seq;
            lastKind = "push";
        }

        @Override
        public String toString() {
            return "acks " + acks + ", snapshots " + snapshots + ", updates " + updates + ", last seqId " + lastSeq
                + ", seqId before the last snapshot " + seqBeforeLastSnapshot + ", last snapshot " + lastSnapshotSeq;
        }

        private static void apply(JsonNode levels, Map<BigDecimal, String> side) {
            for (JsonNode level : levels) {
                BigDecimal price = new BigDecimal(level.get(0).asText());
                String size = level.get(1).asText();
                if (new BigDecimal(size).signum() == 0) {
                    side.remove(price);
                } else {
                    side.put(price, size);
                }
            }
        }
    }

    /** An OKX {@code trades} client: every trade's seqId must follow the one before it. */
    private static final class TradeTape extends Reader {
        long lastSeq = -1;
        long trades;

        @Override
        void onPush(JsonNode push, String message) {
            assertThat(push.get("arg").get("channel").asText()).isEqualTo("trades");
            long seq = push.get("data").get(0).get("seqId").asLong();
            if (lastSeq >= 0) {
                assertThat(seq).as("seqId of the trade after %d", lastSeq).isEqualTo(lastSeq + 1);
            }
            lastSeq = seq;
            trades++;
        }

        @Override
        public String toString() {
            return "acks " + acks + ", trades " + trades + ", last seqId " + lastSeq;
        }
    }

    /**
     * What the gateway publishes on one OKX stream of BTC-USDT, seen as a bus subscriber on the bus thread: how many
     * frames and bytes, and the latest frame's payload.
     */
    private static final class Published implements Subscriber {
        private final AtomicLong frames = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicReference<String> latest = new AtomicReference<>("");

        static Published observe(GatewayFixture fixture, String channel) throws Exception {
            Published observer = new Published();
            fixture.gateway().bus().subscribe(OkxStreams.btcUsdt(subscribe(channel)), observer);
            fixture.gateway().bus().executor().submit(() -> { }).get(5, TimeUnit.SECONDS);
            return observer;
        }

        long frames() {
            return frames.get();
        }

        long bytes() {
            return bytes.get();
        }

        String latest() {
            return latest.get();
        }

        long lastSeqId() {
            JsonNode data;
            try {
                data = JSON.readTree(latest.get()).get("data").get(0);
            } catch (IOException e) {
                throw new AssertionError("published frame is not JSON: " + latest.get(), e);
            }
            return data.get("seqId").asLong();
        }

        @Override
        public EventExecutor executor() {
            return ImmediateEventExecutor.INSTANCE;
        }

        @Override
        public void onFrame(Stream stream, ByteBuf frame) {
            frames.incrementAndGet();
            bytes.addAndGet(frame.readableBytes());
            latest.set(payload(frame));
        }

        @Override
        public void onSnapshot(Stream stream, ByteBuf frame) {
        }

        /** The payload of a pre-built server text frame (unmasked, 2, 4 or 10 header bytes). */
        private static String payload(ByteBuf frame) {
            int marker = frame.getUnsignedByte(frame.readerIndex() + 1);
            int header = marker < 126 ? 2 : marker == 126 ? 4 : 10;
            return frame.toString(frame.readerIndex() + header, frame.readableBytes() - header,
                StandardCharsets.UTF_8);
        }
    }
}

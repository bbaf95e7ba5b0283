package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.GatewayFixture;
import dev.sluice.bus.Stream;
import dev.sluice.bus.Subscriber;
import dev.sluice.limit.Admitter;
import dev.sluice.metric.MicrometerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that stops reading while trades pour in: trades are never dropped silently (it receives an unbroken
 * prefix of the sequence), and once its backlog passes {@code server.maxBacklogBytes} it is closed with OKX's
 * 4005 "Buffer is full". A client that keeps reading is not affected and receives every trade.
 */
@Timeout(120)
class SlowConsumerTest {

    private static final String SUBSCRIBE_TRADES =
        "{\"op\":\"subscribe\",\"args\":[{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"}]}";
    private static final Pattern SEQ_ID = Pattern.compile("\"seqId\":(\\d+)");
    private static final int MAX_CHUNKS = 20_000;
    private static final long FAST_CLIENT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
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
              price: 65000
              depth: 20
              levelSize: 0.5
              tradesPerSecond: 10000
              bookUpdatesPerSecond: 0
        services:
          - name: okx
            dialect: okx
            port: 0
        """;

    @Test
    void shouldCloseClientThatStopsReadingWith4005AfterAnUnbrokenPrefixOfTrades() throws Exception {
        MicrometerMetrics metrics = new MicrometerMetrics();
        try (GatewayFixture fixture = GatewayFixture.start(YAML, metrics, Admitter.ADMIT_ALL);
             RawWebSocket slow = RawWebSocket.connect(fixture.port("okx"), "/ws/v5/public")) {
            int port = fixture.port("okx");
            fixture.advanceFeed(0);
            slow.sendText(SUBSCRIBE_TRADES);
            assertThat(text(slow.readFrame())).contains("\"event\":\"subscribe\"");
            FastReader fast = FastReader.open(port);

            PublishedTrades published = PublishedTrades.observe(fixture);
            int chunks = 0;
            while (!metrics.scrape().contains("sluice_slow_consumers_closed_total{service=\"okx\"} 1.0")) {
                assertThat(++chunks).as("chunks of 20 ms of trades before the slow client is closed")
                    .isLessThan(MAX_CHUNKS);
                fixture.advanceFeed(20);
                // Pace the feed to the reading client, so that only the client that stopped reading falls behind,
                // however slow this machine is.
                fast.awaitSeq(published.lastSeq());
            }
            List<RawWebSocket.Frame> frames = slow.readUntilEof();

            RawWebSocket.Frame close = frames.get(frames.size() - 1);
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(((close.payload()[0] & 0xFF) << 8) | (close.payload()[1] & 0xFF)).isEqualTo(4005);
            assertThat(new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8))
                .isEqualTo("Buffer is full");
            long first = seqId(text(frames.get(0)));
            for (int i = 0; i < frames.size() - 1; i++) {
                assertThat(seqId(text(frames.get(i)))).as("trade %d received by the slow client", i)
                    .isEqualTo(first + i);
            }
            assertThat(frames.size() - 1).as("trades received before the close").isGreaterThan(100);
            fast.assertUnbrokenSince(first);
        }
    }

    private static String text(RawWebSocket.Frame frame) {
        assertThat(frame.opcode()).as("text frame").isEqualTo(0x1);
        return new String(frame.payload(), StandardCharsets.UTF_8);
    }

    private static long seqId(String trade) {
        Matcher matcher = SEQ_ID.matcher(trade);
        assertThat(matcher.find()).as("seqId in %s", trade).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /** Counts the trades the gateway publishes, as a bus subscriber of the same OKX trades stream. */
    private static final class PublishedTrades implements Subscriber {
        private final AtomicLong lastSeq = new AtomicLong(-1);

        static PublishedTrades observe(GatewayFixture fixture) throws Exception {
            PublishedTrades observer = new PublishedTrades();
            fixture.gateway().bus().subscribe(OkxStreams.btcUsdt(SUBSCRIBE_TRADES), observer);
            fixture.gateway().bus().executor().submit(() -> { }).get(5, TimeUnit.SECONDS);
            return observer;
        }

        long lastSeq() {
            return lastSeq.get();
        }

        @Override
        public EventExecutor executor() {
            return ImmediateEventExecutor.INSTANCE;
        }

        @Override
        public void onFrame(Stream stream, ByteBuf frame) {
            Matcher matcher = SEQ_ID.matcher(frame.toString(StandardCharsets.UTF_8));
            if (matcher.find()) {
                lastSeq.set(Long.parseLong(matcher.group(1)));
            }
        }

        @Override
        public void onSnapshot(Stream stream, ByteBuf frame) {
        }
    }

    /** A client that reads everything as it comes and checks the trade sequence has no gap. */
    private static final class FastReader implements WebSocket.Listener {
        private final AtomicLong firstSeq = new AtomicLong(-1);
        private final AtomicLong lastSeq = new AtomicLong(-1);
        private final AtomicLong gaps = new AtomicLong();
        private final StringBuilder partial = new StringBuilder();
        private final CompletableFuture<String> ack = new CompletableFuture<>();
        private WebSocket socket;

        static FastReader open(int port) throws Exception {
            FastReader reader = new FastReader();
            reader.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/v5/public"), reader).get(5, TimeUnit.SECONDS);
            reader.socket.sendText(SUBSCRIBE_TRADES, true).get(5, TimeUnit.SECONDS);
            // The session queues its bus subscription before it sends the ack, so after the ack every trade
            // published from now on reaches this client.
            assertThat(reader.ack.get(5, TimeUnit.SECONDS)).contains("\"event\":\"subscribe\"");
            return reader;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                if (message.contains("\"event\"")) {
                    ack.complete(message);
                }
                Matcher matcher = SEQ_ID.matcher(message);
                if (matcher.find()) {
                    long seq = Long.parseLong(matcher.group(1));
                    firstSeq.compareAndSet(-1, seq);
                    if (lastSeq.get() >= 0 && seq != lastSeq.get() + 1) {
                        gaps.incrementAndGet();
                    }
                    lastSeq.set(seq);
                }
            }
            webSocket.request(1);
            return null;
        }

        /** Waits, bounded, until this client has received the trade with the given seqId. */
        void awaitSeq(long seq) {
            long deadline = System.nanoTime() + FAST_CLIENT_WAIT_NANOS;
            while (lastSeq.get() < seq) {
                assertThat(System.nanoTime()).as("the reading client receives trade %d in time", seq)
                    .isLessThan(deadline);
                Thread.onSpinWait();
                Thread.yield();
            }
        }

        void assertUnbrokenSince(long seq) throws Exception {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
            assertThat(gaps.get()).as("gaps in the fast client's trade sequence").isZero();
            assertThat(firstSeq.get()).as("first trade of the fast client").isLessThanOrEqualTo(seq + 1);
            assertThat(lastSeq.get()).as("last trade of the fast client").isGreaterThan(seq + 100);
        }
    }
}

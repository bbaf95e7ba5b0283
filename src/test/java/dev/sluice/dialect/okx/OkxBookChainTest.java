package dev.sluice.dialect.okx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.bus.Bus;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Stream;
import dev.sluice.bus.Subscriber;
import dev.sluice.bus.SyntheticFeed;
import dev.sluice.bus.SyntheticSpec;
import dev.sluice.dialect.Command;
import dev.sluice.dialect.Connection;
import dev.sluice.dialect.Endpoint;
import dev.sluice.time.ManualClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The OKX {@code books} stream from the synthetic feed: a snapshot, then updates whose prevSeqId is always the
 * previous seqId; applying them to the snapshot rebuilds exactly the book a fresh snapshot shows.
 */
class OkxBookChainTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBSCRIBE_BOOKS = "{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\","
        + "\"instId\":\"BTC-USDT\"}]}";

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final Bus bus = new Bus(ImmediateEventExecutor.INSTANCE, PooledByteBufAllocator.DEFAULT);
    private final Capture capture = new Capture();

    @Test
    void shouldChainEveryUpdateToThePreviousSeqIdFromTheSnapshotOn() throws Exception {
        SyntheticFeed feed = feed(5, 20);
        Stream books = subscribeBooks(feed);

        runFor(feed, 120_000, 100);

        List<JsonNode> frames = capture.frames();
        assertThat(frames).hasSizeGreaterThan(1000);
        assertThat(frames.get(0).get("action").asText()).isEqualTo("snapshot");
        assertThat(data(frames.get(0)).get("prevSeqId").asLong()).isEqualTo(-1);
        long last = data(frames.get(0)).get("seqId").asLong();
        for (JsonNode frame : frames.subList(1, frames.size())) {
            assertThat(frame.get("action").asText()).isEqualTo("update");
            assertThat(data(frame).get("prevSeqId").asLong()).as("prevSeqId after seqId %d", last).isEqualTo(last);
            last = data(frame).get("seqId").asLong();
        }
        bus.resync(books, capture);
        assertThat(capture.frames().get(capture.frames().size() - 1).get("action").asText()).isEqualTo("snapshot");
    }

    @Test
    void shouldRebuildTheSameUncrossedBookFromSnapshotAndUpdates() throws Exception {
        SyntheticFeed feed = feed(8, 30);
        Stream books = subscribeBooks(feed);
        runFor(feed, 60_000, 50);
        List<JsonNode> frames = new ArrayList<>(capture.frames());

        Map<Double, String> bids = new TreeMap<>(Comparator.reverseOrder());
        Map<Double, String> asks = new TreeMap<>();
        for (JsonNode frame : frames) {
            apply(data(frame).get("bids"), bids);
            apply(data(frame).get("asks"), asks);
            double bestBid = bids.keySet().iterator().next();
            double bestAsk = asks.keySet().iterator().next();
            assertThat(bestBid).as("best bid below best ask at seqId %s", data(frame).get("seqId")).isLessThan(bestAsk);
        }
        bus.resync(books, capture);
        JsonNode fresh = capture.frames().get(capture.frames().size() - 1);
        Map<Double, String> freshBids = new TreeMap<>(Comparator.reverseOrder());
        Map<Double, String> freshAsks = new TreeMap<>();
        apply(data(fresh).get("bids"), freshBids);
        apply(data(fresh).get("asks"), freshAsks);

        assertThat(bids).isEqualTo(freshBids);
        assertThat(asks).isEqualTo(freshAsks);
        assertThat(bids).hasSize(400);
    }

    @Test
    void shouldSendEmptyUpdateWithEqualSeqIdsAfterSixtySecondsWithoutChange() throws Exception {
        SyntheticFeed feed = feed(0, 0);
        subscribeBooks(feed);

        clock.advanceMillis(59_999);
        feed.poll();
        assertThat(capture.frames()).hasSize(1);
        clock.advanceMillis(1);
        feed.poll();

        assertThat(capture.frames()).hasSize(2);
        JsonNode keepAlive = data(capture.frames().get(1));
        assertThat(keepAlive.get("seqId").asLong()).isEqualTo(keepAlive.get("prevSeqId").asLong());
        assertThat(keepAlive.get("bids")).isEmpty();
        assertThat(keepAlive.get("asks")).isEmpty();
    }

    private SyntheticFeed feed(double tradesPerSecond, double bookUpdatesPerSecond) {
        Instrument btc = OkxFramesTest.instrument("BTC-USDT", "0.1", "0.00000001");
        SyntheticSpec spec = new SyntheticSpec(btc, 650_000, 400, tradesPerSecond, bookUpdatesPerSecond,
            50_000_000, 3);
        return new SyntheticFeed(bus, clock, 7, List.of(spec));
    }

    private Stream subscribeBooks(SyntheticFeed feed) {
        feed.poll();
        OkxDialect dialect = new OkxDialect(List.of(OkxFramesTest.instrument("BTC-USDT", "0.1", "0.00000001")));
        Command.Subscribe subscribe = (Command.Subscribe) dialect.decode(new TestConnection(), SUBSCRIBE_BOOKS);
        Stream stream = ((Command.Accepted) subscribe.outcomes().get(0)).stream();
        bus.subscribe(stream, capture);
        return stream;
    }

    private void runFor(SyntheticFeed feed, long millis, long stepMillis) {
        for (long t = 0; t < millis; t += stepMillis) {
            clock.advanceMillis(stepMillis);
            feed.poll();
        }
    }

    private static JsonNode data(JsonNode frame) {
        return frame.get("data").get(0);
    }

    private static void apply(JsonNode levels, Map<Double, String> side) {
        for (JsonNode level : levels) {
            double price = Double.parseDouble(level.get(0).asText());
            String size = level.get(1).asText();
            if ("0".equals(size)) {
                side.remove(price);
            } else {
                side.put(price, size);
            }
        }
    }

    private static final class TestConnection implements Connection {
        @Override
        public String connId() {
            return "c0ffee01";
        }

        @Override
        public Endpoint endpoint() {
            return OkxDialect.PUBLIC;
        }
    }

    /** Keeps every frame it is given, as parsed JSON. */
    private static final class Capture implements Subscriber {
        private final List<String> payloads = new ArrayList<>();

        @Override
        public EventExecutor executor() {
            return ImmediateEventExecutor.INSTANCE;
        }

        @Override
        public void onFrame(Stream stream, ByteBuf frame) {
            payloads.add(FrameText.payloadOf(frame.retainedDuplicate()));
        }

        @Override
        public void onSnapshot(Stream stream, ByteBuf frame) {
            if (frame != null) {
                onFrame(stream, frame);
            }
        }

        List<JsonNode> frames() throws Exception {
            List<JsonNode> frames = new ArrayList<>();
            for (String payload : payloads) {
                frames.add(JSON.readTree(payload));
            }
            return frames;
        }
    }
}

package dev.sluice.nats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.bus.BookChange;
import dev.sluice.bus.Bus;
import dev.sluice.bus.Candle;
import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Level;
import dev.sluice.bus.OrderBook;
import dev.sluice.bus.Side;
import dev.sluice.bus.SlowPolicy;
import dev.sluice.bus.Stream;
import dev.sluice.bus.StreamEncoder;
import dev.sluice.bus.Subscriber;
import dev.sluice.bus.SyntheticSpec;
import dev.sluice.bus.Ticker;
import dev.sluice.bus.Topic;
import dev.sluice.bus.Trade;
import dev.sluice.config.NatsConfig;
import dev.sluice.metric.FeedMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every event type through a real nats-server: published by {@link NatsPublisher}, received by a {@link NatsFeed},
 * published on the node's bus exactly as it was published on the other side.
 */
@Timeout(60)
class NatsRoundTripIT {

    private static final Instrument BTC = WireCodecTest.BTC;
    private static final Instrument ETH = new Instrument("okx", "ETH-USDT", "ETH", "USDT", new BigDecimal("0.01"),
        new BigDecimal("0.000001"), new BigDecimal("0.001"));

    private final DefaultEventLoop busLoop = new DefaultEventLoop();
    private final List<Object> seen = new CopyOnWriteArrayList<>();
    private NatsServer nats;
    private NatsFeed feed;
    private NatsFeedPublisher publisher;

    @AfterEach
    void stop() {
        if (publisher != null) {
            publisher.close();
        }
        if (feed != null) {
            feed.close();
        }
        if (nats != null) {
            nats.close();
        }
        busLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void shouldDeliverEveryEventTypeAndRebuildTheBookOnTheNode() throws Exception {
        nats = NatsServer.start();
        NatsConfig config = NatsConfig.withUrl(nats.url());
        Bus bus = new Bus(busLoop, PooledByteBufAllocator.DEFAULT);
        for (String channel : List.of(Topic.TRADES, Topic.BOOK, Topic.TICKER, Topic.CANDLE_1M)) {
            bus.subscribe(new Stream(BTC.topic(channel), new Recorder()), new Idle(busLoop));
        }
        feed = new NatsFeed(config, bus, List.of(BTC), FeedMetrics.NOOP);
        feed.start();
        assertThat(feed.awaitSubscribed(10_000)).as("subscribed to NATS").isTrue();
        publisher = NatsFeedPublisher.open(config, List.of(new SyntheticSpec(BTC, 650_000, 5, 1, 1, 1, 1),
            new SyntheticSpec(ETH, 320_000, 5, 1, 1, 1, 1)));

        OrderBook book = new OrderBook();
        book.set(Side.BUY, new Level(649_999, 20, 2));
        book.set(Side.SELL, new Level(650_001, 40, 4));
        book.markApplied(100, 1_000);
        Topic bookTopic = BTC.topic(Topic.BOOK);
        Trade trade = new Trade(BTC.topic(Topic.TRADES), BTC, 7, 650_001, 10, Side.BUY, 1_002, 1, 1);
        Ticker ticker = new Ticker(BTC.topic(Topic.TICKER), BTC, 650_001, 10, 650_002, 40, 649_999, 20, 640_000,
            660_000, 630_000, 99, 6_400, 645_000, 646_000, 1_003);
        Candle candle = new Candle(BTC.topic(Topic.CANDLE_1M), BTC, 0, 1, 3, 1, 2, 10, 20, false, 1_004);
        Trade unknown = new Trade(ETH.topic(Topic.TRADES), ETH, 1, 320_000, 1, Side.SELL, 1_005, 1, 1);
        publish(new BookChange(bookTopic, BTC, 100, 100, 1_000, List.of(), List.of(), book));
        book.set(Side.BUY, new Level(649_998, 5, 1));
        book.set(Side.SELL, new Level(650_001, 0, 0));
        book.markApplied(101, 1_001);
        publish(new BookChange(bookTopic, BTC, 101, 100, 1_001, List.of(new Level(649_998, 5, 1)),
            List.of(new Level(650_001, 0, 0)), book));
        publish(new BookChange(bookTopic, BTC, 101, 101, 61_001, List.of(), List.of(), book));
        publish(trade);
        publish(ticker);
        publish(candle);
        publish(unknown);

        Await.until("the node handled all 7 messages", Duration.ofSeconds(10), () -> feed.received() == 7,
            () -> "received " + feed.received() + " of " + publisher.published());
        assertThat(feed.skipped()).as("the ETH-USDT trade the node has no instrument for").isEqualTo(1);
        assertThat(seen).containsExactly(
            new BookView(100, 100, 1_000, List.of(), List.of(), 100, 1_000,
                List.of(new Level(649_999, 20, 2)), List.of(new Level(650_001, 40, 4))),
            new BookView(101, 100, 1_001, List.of(new Level(649_998, 5, 1)), List.of(new Level(650_001, 0, 0)),
                101, 1_001, List.of(new Level(649_999, 20, 2), new Level(649_998, 5, 1)), List.of()),
            new BookView(101, 101, 61_001, List.of(), List.of(), 101, 1_001,
                List.of(new Level(649_999, 20, 2), new Level(649_998, 5, 1)), List.of()),
            trade, ticker, candle);
    }

    private void publish(Event event) throws Exception {
        publisher.executor().submit(() -> publisher.sink().accept(event)).get(5, TimeUnit.SECONDS);
    }

    /** A book event as the node published it, with the node's book as it was at that moment. */
    private record BookView(long seqId, long prevSeqId, long tsMillis, List<Level> bids, List<Level> asks,
                            long bookSeqId, long bookTsMillis, List<Level> bookBids, List<Level> bookAsks) {
        static BookView of(BookChange change) {
            OrderBook book = change.book();
            return new BookView(change.seqId(), change.prevSeqId(), change.tsMillis(), change.bids(), change.asks(),
                book.seqId(), book.tsMillis(), List.copyOf(book.bids().values()), List.copyOf(book.asks().values()));
        }
    }

    /** Records what the node's bus publishes (on the bus thread) and encodes nothing. */
    private final class Recorder implements StreamEncoder {
        @Override
        public String key() {
            return "recorder";
        }

        @Override
        public SlowPolicy slowPolicy() {
            return SlowPolicy.CONFLATE;
        }

        @Override
        public ByteBuf encode(Event event, ByteBufAllocator alloc) {
            seen.add(event instanceof BookChange change ? BookView.of(change) : event);
            return null;
        }

        @Override
        public ByteBuf snapshot(Event latest, ByteBufAllocator alloc) {
            return null;
        }
    }

    /** A subscriber that only has to exist, so that the bus encodes the topic's events. */
    private record Idle(EventExecutor executor) implements Subscriber {
        @Override
        public void onFrame(Stream stream, ByteBuf frame) {
        }

        @Override
        public void onSnapshot(Stream stream, ByteBuf frame) {
        }
    }
}

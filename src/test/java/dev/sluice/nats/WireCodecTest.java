package dev.sluice.nats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.bus.BookChange;
import dev.sluice.bus.Candle;
import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Level;
import dev.sluice.bus.OrderBook;
import dev.sluice.bus.Side;
import dev.sluice.bus.SyntheticFeed;
import dev.sluice.bus.SyntheticSpec;
import dev.sluice.bus.Ticker;
import dev.sluice.bus.Topic;
import dev.sluice.bus.Trade;
import dev.sluice.time.ManualClock;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The NATS wire format: every event type survives a round trip, and unusable messages are values, not crashes. */
class WireCodecTest {

    static final Instrument BTC = new Instrument("okx", "BTC-USDT", "BTC", "USDT", new BigDecimal("0.1"),
        new BigDecimal("0.00000001"), new BigDecimal("0.00001"));
    static final Instrument HK = new Instrument("alltick", "700.HK", "700", "HKD", new BigDecimal("0.2"),
        new BigDecimal("100"), new BigDecimal("100"));

    private final WireEncoder encoder = new WireEncoder();
    private final WireDecoder decoder = new WireDecoder(List.of(BTC, HK));

    @Test
    void shouldRoundTripTradeTickerAndCandleToEqualEvents() {
        Trade trade = new Trade(BTC.topic(Topic.TRADES), BTC, 123_456_789L, 650_001L, 19_546_274L, Side.SELL,
            1_704_067_200_123L, 3, 42);
        Ticker ticker = new Ticker(BTC.topic(Topic.TICKER), BTC, 650_001, 1, 650_002, 2, 650_000, 3, 640_000,
            660_000, 630_000, 99_000_000_000L, 6_400_000_000L, 645_000, 646_000, 1_704_067_200_500L);
        Candle candle = new Candle(HK.topic(Topic.CANDLE_1M), HK, 1_704_067_200_000L, 3844, 3850, 3840, 3842,
            28_500, 10_950_000, true, 1_704_067_260_000L);

        for (Event event : List.of(trade, ticker, candle)) {
            assertThat(decoder.decode(encoder.encode(event))).isEqualTo(new WireMessage.Market(event));
        }
    }

    @Test
    void shouldRoundTripBookChangeWithRemovalsAndKeepAlive() {
        OrderBook book = new OrderBook();
        BookChange change = new BookChange(BTC.topic(Topic.BOOK), BTC, 1_000_002, 1_000_001, 1_704_067_200_001L,
            List.of(new Level(649_999, 0, 0), new Level(649_990, 5_000_000, 4)), List.of(new Level(650_010, 7, 1)),
            book);
        BookChange keepAlive = new BookChange(BTC.topic(Topic.BOOK), BTC, 9, 9, 5, List.of(), List.of(), book);

        assertThat(decoder.decode(encoder.encode(change))).isEqualTo(new WireMessage.Book(change.topic(), BTC,
            false, 1_000_002, 1_000_001, 1_704_067_200_001L, change.bids(), change.asks()));
        assertThat(decoder.decode(encoder.encode(keepAlive))).isEqualTo(new WireMessage.Book(keepAlive.topic(), BTC,
            false, 9, 9, 5, List.of(), List.of()));
    }

    @Test
    void shouldRoundTripFullBookSnapshotBestFirst() {
        OrderBook book = new OrderBook();
        book.set(Side.BUY, new Level(649_990, 10, 1));
        book.set(Side.BUY, new Level(649_999, 20, 2));
        book.set(Side.SELL, new Level(650_020, 30, 3));
        book.set(Side.SELL, new Level(650_001, 40, 4));
        book.markApplied(77, 1_704_067_200_777L);

        WireMessage decoded = decoder.decode(encoder.snapshot(BTC.topic(Topic.BOOK), BTC, book));

        assertThat(decoded).isEqualTo(new WireMessage.Book(BTC.topic(Topic.BOOK), BTC, true, 77, 77,
            1_704_067_200_777L, List.of(new Level(649_999, 20, 2), new Level(649_990, 10, 1)),
            List.of(new Level(650_001, 40, 4), new Level(650_020, 30, 3))));
    }

    @Test
    void shouldRoundTripSnapshotRequestForSymbolWithDots() {
        assertThat(decoder.decode(encoder.snapshotRequest(HK.topic(Topic.BOOK), HK)))
            .isEqualTo(new WireMessage.SnapshotRequest(new Topic("alltick", Topic.BOOK, "700.HK")));
    }

    @Test
    void shouldRoundTripEveryEventOfTenMinutesOfSyntheticMarket() {
        ManualClock clock = new ManualClock(1_704_067_200_000L);
        List<Event> events = new ArrayList<>();
        SyntheticFeed feed = new SyntheticFeed(events::add, ImmediateEventExecutor.INSTANCE, clock, 7,
            List.of(new SyntheticSpec(BTC, 650_000, 50, 8, 10, 50_000_000, 3)));
        for (int i = 0; i < 600; i++) {
            clock.advanceMillis(1_000);
            feed.poll();
        }
        assertThat(events).hasSizeGreaterThan(10_000);
        long bytes = 0;
        for (Event event : events) {
            byte[] wire = encoder.encode(event);
            bytes += wire.length;
            WireMessage decoded = decoder.decode(wire);
            if (event instanceof BookChange change) {
                assertThat(decoded).isEqualTo(new WireMessage.Book(change.topic(), BTC, false, change.seqId(),
                    change.prevSeqId(), change.tsMillis(), change.bids(), change.asks()));
            } else {
                assertThat(decoded).isEqualTo(new WireMessage.Market(event));
            }
        }
        assertThat(bytes / events.size()).as("mean bytes per message").isLessThan(120);
    }

    @Test
    void shouldSkipUnknownInstrumentAndMismatchedScales() {
        Instrument eth = new Instrument("okx", "ETH-USDT", "ETH", "USDT", BigDecimal.ONE, BigDecimal.ONE,
            BigDecimal.ONE);
        Instrument coarseBtc = new Instrument("okx", "BTC-USDT", "BTC", "USDT", BigDecimal.ONE,
            new BigDecimal("0.00000001"), BigDecimal.ONE);

        WireMessage unknown = decoder.decode(encoder.encode(trade(eth)));
        WireMessage mismatch = decoder.decode(encoder.encode(trade(coarseBtc)));

        assertThat(unknown).isInstanceOfSatisfying(WireMessage.Skipped.class, s -> {
            assertThat(s.reason()).isEqualTo(WireMessage.Reason.UNKNOWN_INSTRUMENT);
            assertThat(s.key()).isEqualTo("okx/ETH-USDT");
        });
        assertThat(mismatch).isInstanceOfSatisfying(WireMessage.Skipped.class, s -> {
            assertThat(s.reason()).isEqualTo(WireMessage.Reason.SCALE_MISMATCH);
            assertThat(s.detail()).contains("0/8 on the wire but 1/8");
        });
    }

    @Test
    void shouldSkipNewerVersionUnknownTypeAndTruncatedMessages() {
        byte[] trade = encoder.encode(trade(BTC));
        byte[] newerVersion = trade.clone();
        newerVersion[0] = 2;
        byte[] newerType = trade.clone();
        newerType[1] = 42;

        assertThat(reason(newerVersion)).isEqualTo(WireMessage.Reason.UNSUPPORTED_VERSION);
        assertThat(reason(newerType)).isEqualTo(WireMessage.Reason.UNKNOWN_TYPE);
        for (int length = 0; length < trade.length; length++) {
            assertThat(reason(Arrays.copyOf(trade, length))).as("trade cut to %d bytes", length)
                .isEqualTo(WireMessage.Reason.MALFORMED);
        }
    }

    @Test
    void shouldIgnoreFieldsAppendedWithinOneVersion() {
        Trade trade = trade(BTC);
        byte[] wire = encoder.encode(trade);
        byte[] longer = Arrays.copyOf(wire, wire.length + 3);

        assertThat(decoder.decode(longer)).isEqualTo(new WireMessage.Market(trade));
    }

    private WireMessage.Reason reason(byte[] bytes) {
        WireMessage decoded = decoder.decode(bytes);
        assertThat(decoded).isInstanceOf(WireMessage.Skipped.class);
        return ((WireMessage.Skipped) decoded).reason();
    }

    private static Trade trade(Instrument instrument) {
        return new Trade(instrument.topic(Topic.TRADES), instrument, 1, 2, 3, Side.BUY, 4, 1, 5);
    }
}

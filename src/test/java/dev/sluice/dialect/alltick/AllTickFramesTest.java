package dev.sluice.dialect.alltick;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.bus.BookChange;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Level;
import dev.sluice.bus.OrderBook;
import dev.sluice.bus.Side;
import dev.sluice.bus.Topic;
import dev.sluice.bus.Trade;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AllTick frames byte for byte against the examples in shared/vendors.md (AllTick section). Where Sluice departs
 * from an example on purpose (milliseconds in {@code tick_time}, a turnover that is price times volume), the test
 * makes that one substitution in the example and says so.
 */
class AllTickFramesTest {

    private static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final String HEARTBEAT_RESPONSE =
        "{\"ret\":200,\"msg\":\"ok\",\"cmd_id\":22001,\"seq_id\":123,\"trace\":\"asdfsdfa\",\"data\":{}}";
    private static final String HEADER_ERROR =
        "{\"ret\":201,\"msg\":\"request header param invalid\",\"cmd_id\":0,\"seq_id\":0,\"trace\":\"\",\"data\":{}}";
    private static final String TRADE_PUSH = "{\"cmd_id\":22998,\"data\":{\"code\":\"1288.HK\","
        + "\"seq\":1605509068000001,\"tick_time\":1605509068,\"price\":\"651.12\",\"volume\":\"300\","
        + "\"turnover\":\"12345.6\",\"trade_direction\":1}}";
    private static final String DEPTH_PUSH = "{\"cmd_id\":22999,\"data\":{\"code\":\"HK-1288\","
        + "\"seq\":1605509068000001,\"tick_time\":1605509068,"
        + "\"bids\":[{\"price\":\"9.12\",\"volume\":\"9.12\"}],"
        + "\"asks\":[{\"price\":\"147.12\",\"volume\":\"147.12\"}]}}";
    private static final long TICK_TIME_MS = 1_605_509_068_000L;
    private static final long SEQ = 1_605_509_068_000_001L;

    @Test
    void shouldAnswerHeartbeatExactlyAsAllTickDocumentsIt() {
        assertThat(AllTickReplies.ok(new AllTickRequest(22000, 123, "asdfsdfa"))).isEqualTo(HEARTBEAT_RESPONSE);
    }

    @Test
    void shouldAnswerAnUnreadableHeaderExactlyAsAllTickDocumentsIt() {
        assertThat(AllTickReplies.HEADER_INVALID_REPLY).isEqualTo(HEADER_ERROR);
    }

    @Test
    void shouldEncodeTradeAsAllTickDocumentsItWithTickTimeInMillisAndTurnoverAsPriceTimesVolume() {
        Instrument hk1288 = instrument("1288.HK", "0.01", "1");
        Trade trade = new Trade(hk1288.topic(Topic.TRADES), hk1288, 7, 65112, 300, Side.BUY, TICK_TIME_MS, 1, SEQ);

        String payload = payloadOf(new AllTickTrades(hk1288, AllTickMarket.HK_STOCKS).encode(trade, ALLOC));

        assertThat(payload).isEqualTo(TRADE_PUSH
            .replace("\"tick_time\":1605509068,", "\"tick_time\":1605509068000,")
            .replace("\"turnover\":\"12345.6\"", "\"turnover\":\"195336\""));
    }

    @Test
    void shouldEncodeSellTradesAsDirectionTwo() {
        Instrument aapl = instrument("AAPL.US", "0.01", "1");
        Trade trade = new Trade(aapl.topic(Topic.TRADES), aapl, 7, 18950, 10, Side.SELL, TICK_TIME_MS, 1, 9);

        String payload = payloadOf(new AllTickTrades(aapl, AllTickMarket.US_STOCKS).encode(trade, ALLOC));

        assertThat(payload).endsWith("\"price\":\"189.5\",\"volume\":\"10\",\"turnover\":\"1895\","
            + "\"trade_direction\":2}}");
    }

    @Test
    void shouldComputeTurnoverBeyondSixtyFourBitsExactly() {
        Instrument btc = instrument("BTCUSDT", "0.01", "0.00000001");
        Trade trade = new Trade(btc.topic(Topic.TRADES), btc, 7, 9_000_000_000_000L, 5_000_000_000L, Side.BUY,
            TICK_TIME_MS, 1, 9);

        String payload = payloadOf(new AllTickTrades(btc, AllTickMarket.CRYPTO).encode(trade, ALLOC));

        assertThat(payload).contains("\"price\":\"90000000000\",\"volume\":\"50\",\"turnover\":\"4500000000000\"");
    }

    @Test
    void shouldSendZeroVolumeAndTurnoverForForexMetalsAndEnergy() {
        Instrument eurusd = instrument("EURUSD", "0.00001", "0.01");
        Trade trade = new Trade(eurusd.topic(Topic.TRADES), eurusd, 7, 108512, 100, Side.BUY, TICK_TIME_MS, 1, 9);
        BookChange book = change(eurusd, List.of(new Level(108512, 100, 1)), List.of(new Level(108514, 100, 1)));

        String tradePayload = payloadOf(new AllTickTrades(eurusd, AllTickMarket.FOREX).encode(trade, ALLOC));
        String depthPayload = payloadOf(new AllTickDepth(eurusd, AllTickMarket.FOREX, 1).snapshot(book, ALLOC));

        assertThat(tradePayload).contains("\"price\":\"1.08512\",\"volume\":\"0\",\"turnover\":\"0\"");
        assertThat(depthPayload).contains("\"bids\":[{\"price\":\"1.08512\",\"volume\":\"0\"}],"
            + "\"asks\":[{\"price\":\"1.08514\",\"volume\":\"0\"}]");
    }

    @Test
    void shouldEncodeOrderBookAsAllTickDocumentsItWithTickTimeInMillis() {
        Instrument hk1288 = instrument("HK-1288", "0.01", "0.01");
        BookChange book = change(hk1288, List.of(new Level(912, 912, 1)), List.of(new Level(14712, 14712, 1)));

        String payload = payloadOf(new AllTickDepth(hk1288, AllTickMarket.HK_STOCKS, 5).snapshot(book, ALLOC));

        assertThat(payload).isEqualTo(DEPTH_PUSH.replace("\"tick_time\":1605509068,",
            "\"tick_time\":1605509068000,"));
    }

    @Test
    void shouldSendAtMostTheRequestedLevelsBestFirst() {
        Instrument hk700 = instrument("700.HK", "0.2", "100");
        BookChange book = change(hk700,
            List.of(new Level(3854, 200, 1), new Level(3852, 300, 1), new Level(3850, 400, 1)),
            List.of(new Level(3856, 500, 1), new Level(3858, 600, 1), new Level(3860, 700, 1)));

        String payload = payloadOf(new AllTickDepth(hk700, AllTickMarket.HK_STOCKS, 2).snapshot(book, ALLOC));

        assertThat(payload).endsWith("\"bids\":[{\"price\":\"385.4\",\"volume\":\"200\"},"
            + "{\"price\":\"385.2\",\"volume\":\"300\"}],\"asks\":[{\"price\":\"385.6\",\"volume\":\"500\"},"
            + "{\"price\":\"385.8\",\"volume\":\"600\"}]}}");
    }

    @Test
    void shouldPushOnlyChangesThatReachTheRequestedLevels() {
        Instrument hk700 = instrument("700.HK", "0.2", "100");
        BookChange deep = change(hk700,
            List.of(new Level(3854, 200, 1), new Level(3852, 300, 1), new Level(3850, 400, 1)),
            List.of(new Level(3856, 500, 1)));
        BookChange deepOnly = new BookChange(deep.topic(), hk700, SEQ + 1, SEQ, TICK_TIME_MS,
            List.of(new Level(3850, 400, 1)), List.of(), deep.book());
        BookChange keepAlive = new BookChange(deep.topic(), hk700, SEQ, SEQ, TICK_TIME_MS, List.of(), List.of(),
            deep.book());

        assertThat(new AllTickDepth(hk700, AllTickMarket.HK_STOCKS, 1).encode(deepOnly, ALLOC)).isNull();
        assertThat(new AllTickDepth(hk700, AllTickMarket.HK_STOCKS, 1).encode(keepAlive, ALLOC)).isNull();
        assertThat(payloadOf(new AllTickDepth(hk700, AllTickMarket.HK_STOCKS, 3).encode(deepOnly, ALLOC)))
            .contains("\"price\":\"385\",\"volume\":\"400\"");
    }

    private static BookChange change(Instrument instrument, List<Level> bids, List<Level> asks) {
        OrderBook book = new OrderBook();
        bids.forEach(level -> book.set(Side.BUY, level));
        asks.forEach(level -> book.set(Side.SELL, level));
        book.markApplied(SEQ, TICK_TIME_MS);
        return new BookChange(instrument.topic(Topic.BOOK), instrument, SEQ, SEQ - 1, TICK_TIME_MS, bids, asks, book);
    }

    private static Instrument instrument(String code, String tick, String lot) {
        return new Instrument("alltick", code, code, "USD", new BigDecimal(tick), new BigDecimal(lot),
            new BigDecimal(lot));
    }

    /** The payload of a complete unmasked text frame (header checked); releases the frame. */
    private static String payloadOf(ByteBuf frame) {
        try {
            assertThat(frame.getUnsignedByte(frame.readerIndex())).as("FIN text frame").isEqualTo((short) 0x81);
            int marker = frame.getUnsignedByte(frame.readerIndex() + 1);
            int header = marker < 126 ? 2 : marker == 126 ? 4 : 10;
            long length = marker < 126 ? marker : marker == 126 ? frame.getUnsignedShort(frame.readerIndex() + 2)
                : frame.getLong(frame.readerIndex() + 2);
            assertThat(frame.readableBytes() - header).as("payload length in the header").isEqualTo(length);
            return frame.toString(frame.readerIndex() + header, (int) length, StandardCharsets.UTF_8);
        } finally {
            frame.release();
        }
    }
}

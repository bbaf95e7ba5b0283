package dev.sluice.dialect.okx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.bus.BookChange;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Level;
import dev.sluice.bus.OrderBook;
import dev.sluice.bus.Side;
import dev.sluice.bus.Ticker;
import dev.sluice.bus.Topic;
import dev.sluice.bus.Trade;
import io.netty.buffer.PooledByteBufAllocator;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OKX frames byte for byte against the examples in shared/vendors.md (OKX section). */
class OkxFramesTest {

    private static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    @Test
    void shouldEncodeTickerExactlyAsOkxDocumentsIt() {
        Instrument btc = instrument("BTC-USDT", "0.01", "0.1");
        Ticker ticker = new Ticker(btc.topic(Topic.TICKER), btc, 999999, 1, 999999, 110, 888888, 50,
            900000, 1000000, 888888, 22220, 222200, 222200, 222200, 1597026383085L);

        String payload = FrameText.payloadOf(new OkxTickers(btc).encode(ticker, ALLOC));

        assertThat(payload).isEqualTo("{\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"},\"data\":[{"
            + "\"instType\":\"SPOT\",\"instId\":\"BTC-USDT\",\"last\":\"9999.99\",\"lastSz\":\"0.1\","
            + "\"askPx\":\"9999.99\",\"askSz\":\"11\",\"bidPx\":\"8888.88\",\"bidSz\":\"5\",\"open24h\":\"9000\","
            + "\"high24h\":\"10000\",\"low24h\":\"8888.88\",\"volCcy24h\":\"2222\",\"vol24h\":\"2222\","
            + "\"sodUtc0\":\"2222\",\"sodUtc8\":\"2222\",\"ts\":\"1597026383085\"}]}");
    }

    @Test
    void shouldEncodeTradeExactlyAsOkxDocumentsIt() {
        Instrument btc = instrument("BTC-USDT", "0.1", "0.00000001");
        Trade trade = new Trade(btc.topic(Topic.TRADES), btc, 130639474, 422199, 12060306, Side.BUY,
            1630048897897L, 3, 1234);

        String payload = FrameText.payloadOf(new OkxTrades(btc).encode(trade, ALLOC));

        assertThat(payload).isEqualTo("{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{"
            + "\"instId\":\"BTC-USDT\",\"tradeId\":\"130639474\",\"px\":\"42219.9\",\"sz\":\"0.12060306\","
            + "\"side\":\"buy\",\"ts\":\"1630048897897\",\"count\":\"3\",\"source\":\"0\",\"seqId\":1234}]}");
    }

    @Test
    void shouldEncodeBookSnapshotAndUpdateExactlyAsOkxDocumentsThem() {
        Instrument btc = instrument("BTC-USDT", "0.01", "1");
        OrderBook book = new OrderBook();
        book.set(Side.SELL, new Level(847698, 415, 13));
        book.set(Side.BUY, new Level(847697, 256, 12));
        book.markApplied(123456, 1597026383085L);
        BookChange snapshotState = new BookChange(btc.topic(Topic.BOOK), btc, 123456, 123456, 1597026383085L,
            List.of(), List.of(), book);
        BookChange update = new BookChange(btc.topic(Topic.BOOK), btc, 123457, 123456, 1597026383085L,
            List.of(new Level(847697, 256, 12)), List.of(new Level(847698, 415, 13)), book);
        OkxBooks books = new OkxBooks(btc);

        String snapshot = FrameText.payloadOf(books.snapshot(snapshotState, ALLOC));
        String increment = FrameText.payloadOf(books.encode(update, ALLOC));

        assertThat(snapshot).isEqualTo("{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},"
            + "\"action\":\"snapshot\",\"data\":[{\"asks\":[[\"8476.98\",\"415\",\"0\",\"13\"]],"
            + "\"bids\":[[\"8476.97\",\"256\",\"0\",\"12\"]],\"ts\":\"1597026383085\",\"checksum\":0,"
            + "\"prevSeqId\":-1,\"seqId\":123456}]}");
        assertThat(increment).isEqualTo("{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},"
            + "\"action\":\"update\",\"data\":[{\"asks\":[[\"8476.98\",\"415\",\"0\",\"13\"]],"
            + "\"bids\":[[\"8476.97\",\"256\",\"0\",\"12\"]],\"ts\":\"1597026383085\",\"checksum\":0,"
            + "\"prevSeqId\":123456,\"seqId\":123457}]}");
    }

    @Test
    void shouldEncodeBooks5InOkxShapeWithInstIdTsAndSeqIdAfterTheLevels() {
        Instrument swap = instrument("BCH-USDT-SWAP", "0.01", "1");
        OrderBook book = new OrderBook();
        for (int i = 0; i < 7; i++) {
            book.set(Side.SELL, new Level(11_001 + i, 10 + i, 1 + i));
            book.set(Side.BUY, new Level(10_999 - i, 20 + i, 2 + i));
        }
        book.markApplied(363996337, 1670324386802L);
        BookChange state = new BookChange(swap.topic(Topic.BOOK), swap, 363996337, 363996336, 1670324386802L,
            List.of(), List.of(), book);

        String payload = FrameText.payloadOf(new OkxBookTop("books5", 5, swap).snapshot(state, ALLOC));

        assertThat(payload).isEqualTo("{\"arg\":{\"channel\":\"books5\",\"instId\":\"BCH-USDT-SWAP\"},\"data\":[{"
            + "\"asks\":[[\"110.01\",\"10\",\"0\",\"1\"],[\"110.02\",\"11\",\"0\",\"2\"],"
            + "[\"110.03\",\"12\",\"0\",\"3\"],"
            + "[\"110.04\",\"13\",\"0\",\"4\"],[\"110.05\",\"14\",\"0\",\"5\"]],"
            + "\"bids\":[[\"109.99\",\"20\",\"0\",\"2\"],[\"109.98\",\"21\",\"0\",\"3\"],"
            + "[\"109.97\",\"22\",\"0\",\"4\"],"
            + "[\"109.96\",\"23\",\"0\",\"5\"],[\"109.95\",\"24\",\"0\",\"6\"]],"
            + "\"instId\":\"BCH-USDT-SWAP\",\"ts\":\"1670324386802\",\"seqId\":363996337}]}");
    }

    @Test
    void shouldRenderAcksAndErrorsExactlyAsOkxDocumentsThem() {
        ObjectNode arg = JsonNodeFactory.instance.objectNode().put("channel", "tickers").put("instId", "BTC-USDT");

        assertThat(OkxReplies.ack("1512", "subscribe", arg, "accb8e21")).isEqualTo("{\"id\":\"1512\","
            + "\"event\":\"subscribe\",\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"},"
            + "\"connId\":\"accb8e21\"}");
        assertThat(OkxReplies.ack(null, "unsubscribe", arg, "d0b44253")).isEqualTo("{\"event\":\"unsubscribe\","
            + "\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"},\"connId\":\"d0b44253\"}");
        String request = "{\"op\": \"subscribe\", \"argss\":[{ \"channel\" : \"books\", "
            + "\"instId\" : \"BTC-USD-191227\"}]}";
        assertThat(OkxReplies.error("1512", OkxReplies.INVALID_REQUEST, "Invalid request: " + request, "a4d3ae55"))
            .isEqualTo("{\"id\":\"1512\",\"event\":\"error\",\"code\":\"60012\",\"msg\":\"Invalid request: "
                + "{\\\"op\\\": \\\"subscribe\\\", \\\"argss\\\":[{ \\\"channel\\\" : \\\"books\\\", "
                + "\\\"instId\\\" : \\\"BTC-USD-191227\\\"}]}\",\"connId\":\"a4d3ae55\"}");
    }

    static Instrument instrument(String symbol, String tick, String lot) {
        String[] parts = symbol.split("-");
        return new Instrument("okx", symbol, parts[0], parts[1], new BigDecimal(tick), new BigDecimal(lot),
            new BigDecimal(lot));
    }
}

package dev.sluice.dialect.sfox;

import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.SlowPolicy;
import dev.sluice.bus.Ticker;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * {@code ticker.sfox.<pair>}: the 24 h figures and last trade, numbers unquoted as sFOX sends them, "every 3
 * seconds" as sFOX documents. The feed publishes a ticker whenever the market moves (up to ten a second); this
 * stream sends the first of them at or after each 3-second mark of the feed's event time (epoch milliseconds that
 * are multiples of 3000) and drops the rest. Marks are fixed, so the cadence does not drift: the gap between two
 * tickers is 3 s, give or take the feed's own ticker spacing (100 ms). A new subscriber gets the latest ticker at
 * once (its snapshot). A quiet market, for which the feed publishes no ticker, sends none.
 */
final class SfoxTicker extends SfoxEncoder {

    /** sFOX: "The ticker feed ... every 3 seconds". */
    static final long INTERVAL_MS = 3_000;

    private static final byte[] AMOUNT = JsonBytes.ascii("{\"amount\":");
    private static final byte[] EXCHANGE_HIGH = JsonBytes.ascii(",\"exchange\":\"sfox\",\"high\":");
    private static final byte[] LAST = JsonBytes.ascii(",\"last\":");
    private static final byte[] LOW = JsonBytes.ascii(",\"low\":");
    private static final byte[] OPEN = JsonBytes.ascii(",\"open\":");
    private static final byte[] PAIR = JsonBytes.ascii(",\"pair\":");
    private static final byte[] ROUTE = JsonBytes.ascii(",\"route\":\"Smart\","
        + "\"source\":\"ticker-info\",\"timestamp\":");
    private static final byte[] VOLUME = JsonBytes.ascii(",\"volume\":");
    private static final byte[] VWAP = JsonBytes.ascii(",\"vwap\":");

    private final byte[] pair;
    /** Event time (ms) from which the next ticker may go out; the bus thread alone calls {@link #encode}. */
    private long nextDueMs = Long.MIN_VALUE;

    SfoxTicker(String feed, Instrument instrument) {
        super(feed, instrument);
        this.pair = JsonBytes.ascii("\"" + instrument.symbol() + "\"");
    }

    @Override
    public SlowPolicy slowPolicy() {
        return SlowPolicy.CONFLATE;
    }

    @Override
    public ByteBuf encode(Event event, ByteBufAllocator alloc) {
        if (!(event instanceof Ticker ticker) || ticker.tsMillis() < nextDueMs) {
            return null;
        }
        boolean first = nextDueMs == Long.MIN_VALUE;
        // The next mark after this ticker (skipping the marks of a stretch in which the feed published nothing).
        nextDueMs = (Math.floorDiv(ticker.tsMillis(), INTERVAL_MS) + 1) * INTERVAL_MS;
        // The first subscriber has just had the latest ticker as its snapshot: the live stream starts at the next mark.
        return first ? null : ticker(ticker, alloc);
    }

    /** The latest ticker at once for a new subscriber, outside the 3-second cadence of the live stream. */
    @Override
    public ByteBuf snapshot(Event latest, ByteBufAllocator alloc) {
        return latest instanceof Ticker ticker ? ticker(ticker, alloc) : null;
    }

    private ByteBuf ticker(Ticker ticker, ByteBufAllocator alloc) {
        ByteBuf buf = start(alloc, 300, ticker.tsMillis());
        buf.writeBytes(AMOUNT);
        JsonBytes.writeDecimal(buf, ticker.lastSize(), sizeScale);
        buf.writeBytes(EXCHANGE_HIGH);
        JsonBytes.writeDecimal(buf, ticker.high24h(), priceScale);
        buf.writeBytes(LAST);
        JsonBytes.writeDecimal(buf, ticker.last(), priceScale);
        buf.writeBytes(LOW);
        JsonBytes.writeDecimal(buf, ticker.low24h(), priceScale);
        buf.writeBytes(OPEN);
        JsonBytes.writeDecimal(buf, ticker.open24h(), priceScale);
        buf.writeBytes(PAIR);
        buf.writeBytes(pair);
        buf.writeBytes(ROUTE);
        iso(buf, ticker.tsMillis());
        buf.writeBytes(VOLUME);
        JsonBytes.writeDecimal(buf, ticker.volume24h(), sizeScale);
        buf.writeBytes(VWAP);
        buf.writeBytes(JsonBytes.ascii(vwap(ticker)));
        buf.writeByte('}').writeByte('}');
        return buf;
    }

    /**
     * The volume-weighted price of the ticker's window (the 24 h of its volume): quote volume over base volume, the
     * last price when nothing traded. The quote volume is a price mantissa (each trade's price times size, rounded
     * to the price's scale), so its scale is the price's, not price plus size.
     */
    String vwap(Ticker ticker) {
        if (ticker.volume24h() <= 0) {
            return BigDecimal.valueOf(ticker.last(), priceScale).stripTrailingZeros().toPlainString();
        }
        BigDecimal quote = BigDecimal.valueOf(ticker.quoteVolume24h(), priceScale);
        BigDecimal base = BigDecimal.valueOf(ticker.volume24h(), sizeScale);
        return quote.divide(base, MathContext.DECIMAL64).stripTrailingZeros().toPlainString();
    }
}

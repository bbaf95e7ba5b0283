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

/** {@code ticker.sfox.<pair>}: the 24 h figures and last trade, numbers unquoted as sFOX sends them. */
final class SfoxTicker extends SfoxEncoder {

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
        if (!(event instanceof Ticker ticker)) {
            return null;
        }
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

    @Override
    public ByteBuf snapshot(Event latest, ByteBufAllocator alloc) {
        return latest == null ? null : encode(latest, alloc);
    }

    /** Quote volume over base volume; the last price when nothing traded. */
    private String vwap(Ticker ticker) {
        if (ticker.volume24h() <= 0) {
            return BigDecimal.valueOf(ticker.last(), priceScale).stripTrailingZeros().toPlainString();
        }
        BigDecimal quote = BigDecimal.valueOf(ticker.quoteVolume24h(), priceScale + sizeScale);
        BigDecimal base = BigDecimal.valueOf(ticker.volume24h(), sizeScale);
        return quote.divide(base, MathContext.DECIMAL64).stripTrailingZeros().toPlainString();
    }
}

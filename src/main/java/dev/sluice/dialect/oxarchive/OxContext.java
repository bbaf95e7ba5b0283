package dev.sluice.dialect.oxarchive;

import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Ticker;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;

/**
 * {@code ticker}, {@code funding} and {@code open_interest} (and their {@code hip3_} and {@code lighter_} forms):
 * the asset context 0xArchive documents for Lighter stats, {@code {"coin","ctx":{"funding","openInterest",
 * "premium","markPx","oraclePx","midPx","dayNtlVlm","dayBaseVlm","prevDayPx","impactPxs"}}}, derived from the
 * feed's ticker: mid and mark are the middle of the touch, the oracle the last trade, the premium their relative
 * difference, funding the premium over 8 plus Hyperliquid's 0.00125 % baseline (clamped to 0.04 %), open interest
 * three days of volume plus 50 times the size at the touch. Sluice's feed has no perpetual engine; these figures
 * move with the market and are consistent with each other, which is what a client under test needs.
 */
final class OxContext extends OxEncoder {

    /** Rates (premium, funding) are written with 8 decimals. */
    static final int RATE_SCALE = 8;
    private static final long BASELINE_FUNDING = 1_250;
    private static final long MAX_FUNDING = 40_000;
    private static final long OPEN_INTEREST_DAYS = 3;
    /** Open interest before anything traded: this many times the size resting at the touch. */
    private static final long RESTING_MULTIPLE = 50;

    private static final byte[] COIN = JsonBytes.ascii("{\"coin\":");
    private static final byte[] FUNDING = JsonBytes.ascii(",\"ctx\":{\"funding\":");
    private static final byte[] OPEN_INTEREST = JsonBytes.ascii(",\"openInterest\":");
    private static final byte[] PREMIUM = JsonBytes.ascii(",\"premium\":");
    private static final byte[] MARK = JsonBytes.ascii(",\"markPx\":");
    private static final byte[] ORACLE = JsonBytes.ascii(",\"oraclePx\":");
    private static final byte[] MID = JsonBytes.ascii(",\"midPx\":");
    private static final byte[] NOTIONAL = JsonBytes.ascii(",\"dayNtlVlm\":");
    private static final byte[] BASE = JsonBytes.ascii(",\"dayBaseVlm\":");
    private static final byte[] PREV = JsonBytes.ascii(",\"prevDayPx\":");
    private static final byte[] IMPACT = JsonBytes.ascii(",\"impactPxs\":[");
    private static final byte[] END = JsonBytes.ascii("]}}");

    /** History keeps one funding / open-interest context a minute per symbol. */
    static final long RECORD_INTERVAL_MS = 60_000;

    OxContext(OxChannel channel, Instrument instrument, boolean record) {
        super(channel, instrument, record);
    }

    @Override
    long recordIntervalMs() {
        return RECORD_INTERVAL_MS;
    }

    @Override
    boolean accepts(Event event) {
        return event instanceof Ticker ticker && ticker.bidPrice() > 0 && ticker.askPrice() > 0 && ticker.last() > 0;
    }

    @Override
    void writeData(ByteBuf buf, Event event) {
        Ticker t = (Ticker) event;
        // The mid has one more decimal than a price: (bid + ask) / 2 exactly.
        long mid = (t.bidPrice() + t.askPrice()) * 5;
        long premium = Math.round((mid / 10.0 - t.last()) / t.last() * 1e8);
        long funding = Math.max(-MAX_FUNDING, Math.min(MAX_FUNDING, premium / 8 + BASELINE_FUNDING));
        buf.writeBytes(COIN).writeBytes(coin).writeBytes(FUNDING);
        JsonBytes.writeQuotedDecimal(buf, funding, RATE_SCALE);
        buf.writeBytes(OPEN_INTEREST);
        size(buf, t.volume24h() * OPEN_INTEREST_DAYS + (t.bidSize() + t.askSize()) * RESTING_MULTIPLE);
        buf.writeBytes(PREMIUM);
        JsonBytes.writeQuotedDecimal(buf, premium, RATE_SCALE);
        buf.writeBytes(MARK);
        JsonBytes.writeQuotedDecimal(buf, mid, priceScale + 1);
        buf.writeBytes(ORACLE);
        price(buf, t.last());
        buf.writeBytes(MID);
        JsonBytes.writeQuotedDecimal(buf, mid, priceScale + 1);
        buf.writeBytes(NOTIONAL);
        JsonBytes.writeQuotedDecimal(buf, t.quoteVolume24h(), priceScale + sizeScale);
        buf.writeBytes(BASE);
        size(buf, t.volume24h());
        buf.writeBytes(PREV);
        price(buf, t.open24h());
        buf.writeBytes(IMPACT);
        price(buf, t.bidPrice());
        buf.writeByte(',');
        price(buf, t.askPrice());
        buf.writeBytes(END);
    }
}

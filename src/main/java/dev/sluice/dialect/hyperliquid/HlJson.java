package dev.sluice.dialect.hyperliquid;

import dev.sluice.bus.Candle;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Level;
import dev.sluice.bus.OrderBook;
import dev.sluice.bus.Side;
import dev.sluice.bus.Ticker;
import dev.sluice.bus.Trade;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Hyperliquid's data shapes as JSON text, shared by the streams and the info answers. Every number is a decimal
 * string, as on the wire. Hyperliquid's streams are low-rate (books at most twice a second), so these build
 * strings rather than the pre-encoded bytes of the OKX encoders; a stream still builds each message once.
 */
final class HlJson {

    /** Levels a side of {@code l2Book}, and with {@code fast}. */
    static final int DEPTH = 20;
    static final int FAST_DEPTH = 5;
    /** The funding rate every asset context shows (the simulation has no funding). */
    static final String FUNDING = "0.0000125";
    /** The two parties every simulated trade shows. */
    static final String BUYER = "0x0000000000000000000000000000000000b0b001";
    static final String SELLER = "0x0000000000000000000000000000000000a11ce1";

    /** The context of a coin that has had no ticker yet. */
    static final String EMPTY_CTX = "{\"funding\":\"" + FUNDING + "\",\"openInterest\":\"0\",\"prevDayPx\":\"0\","
        + "\"dayNtlVlm\":\"0\",\"premium\":\"0.0\",\"oraclePx\":\"0\",\"markPx\":\"0\",\"midPx\":null,"
        + "\"impactPxs\":null,\"dayBaseVlm\":\"0\"}";

    private HlJson() {
    }

    /** {@code {"coin","time","levels":[bids,asks]}}, aggregated to {@code nSigFigs} (0: none). */
    static String book(Instrument instrument, OrderBook book, int nSigFigs, int mantissa, int depth) {
        StringBuilder json = new StringBuilder(160 + 100 * depth).append("{\"coin\":\"")
            .append(instrument.symbol()).append("\",\"time\":").append(book.tsMillis()).append(",\"levels\":[");
        levels(json, book.bids().values(), true, instrument, nSigFigs, mantissa, depth);
        json.append(',');
        levels(json, book.asks().values(), false, instrument, nSigFigs, mantissa, depth);
        return json.append("]}").toString();
    }

    /**
     * One side, best first, merged into price buckets of {@code nSigFigs} significant figures (times
     * {@code mantissa} with 5): bids round down, asks up, sizes and order counts add up.
     */
    private static void levels(StringBuilder json, Collection<Level> side, boolean bids, Instrument instrument,
                               int nSigFigs, int mantissa, int depth) {
        json.append('[');
        int written = 0;
        long bucket = -1;
        long size = 0;
        int orders = 0;
        Iterator<Level> it = side.iterator();
        while (written < depth) {
            Level level = it.hasNext() ? it.next() : null;
            long price = level == null ? -1 : bucketOf(level.price(), bids, nSigFigs, mantissa);
            if (bucket >= 0 && price != bucket) {
                level(json.append(written > 0 ? "," : ""), instrument, bucket, size, orders);
                written++;
                size = 0;
                orders = 0;
            }
            if (level == null) {
                break;
            }
            bucket = price;
            size += level.size();
            orders += level.orders();
        }
        json.append(']');
    }

    static long bucketOf(long price, boolean down, int nSigFigs, int mantissa) {
        if (nSigFigs == 0) {
            return price;
        }
        int exponent = Long.toString(price).length() - nSigFigs;
        if (exponent <= 0) {
            return price;
        }
        long width = (mantissa == 0 ? 1 : mantissa) * pow10(exponent);
        long floor = price / width * width;
        return down || floor == price ? floor : floor + width;
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }

    static StringBuilder level(StringBuilder json, Instrument instrument, long price, long size, int orders) {
        json.append("{\"px\":");
        quoted(json, price, instrument.priceScale()).append(",\"sz\":");
        return quoted(json, size, instrument.sizeScale()).append(",\"n\":").append(orders).append('}');
    }

    /** The best bid or ask as a level, or {@code null}. */
    static StringBuilder best(StringBuilder json, Instrument instrument, Level level) {
        return level == null ? json.append("null") : level(json, instrument, level.price(), level.size(),
            level.orders());
    }

    static String trade(Trade trade) {
        Instrument instrument = trade.instrument();
        StringBuilder json = new StringBuilder(260).append("{\"coin\":\"").append(instrument.symbol())
            .append("\",\"side\":\"").append(trade.side() == Side.BUY ? "B" : "A").append("\",\"px\":");
        quoted(json, trade.price(), instrument.priceScale()).append(",\"sz\":");
        quoted(json, trade.size(), instrument.sizeScale()).append(",\"time\":").append(trade.tsMillis())
            .append(",\"hash\":\"").append(hash(trade.tradeId())).append("\",\"tid\":").append(trade.tradeId())
            .append(",\"users\":[\"").append(BUYER).append("\",\"").append(SELLER).append("\"]}");
        return json.toString();
    }

    /** A transaction hash for a trade id (the simulation has no chain). */
    static String hash(long id) {
        return String.format("0x%064x", id);
    }

    /** {@code {"BTC":"65000.05",..}}: each book's mid; coins without both sides are left out. */
    static String mids(Map<Instrument, OrderBook> books) {
        StringBuilder json = new StringBuilder(40 * books.size() + 2).append('{');
        for (Map.Entry<Instrument, OrderBook> entry : books.entrySet()) {
            Level bid = entry.getValue().bestBid();
            Level ask = entry.getValue().bestAsk();
            if (bid != null && ask != null) {
                json.append(json.length() > 1 ? ",\"" : "\"").append(entry.getKey().symbol()).append("\":");
                mid(json, entry.getKey(), bid.price(), ask.price());
            }
        }
        return json.append('}').toString();
    }

    private static StringBuilder mid(StringBuilder json, Instrument instrument, long bid, long ask) {
        // (bid + ask) / 2 exactly: five times the sum, one decimal place further.
        return quoted(json, (bid + ask) * 5, instrument.priceScale() + 1);
    }

    /** A perpetual's asset context from its ticker ({@code funding}, {@code openInterest}, ... {@code impactPxs}). */
    static String assetCtx(Ticker ticker) {
        Instrument instrument = ticker.instrument();
        int ps = instrument.priceScale();
        StringBuilder json = new StringBuilder(320).append("{\"funding\":\"").append(FUNDING)
            .append("\",\"openInterest\":");
        quoted(json, ticker.volume24h(), instrument.sizeScale()).append(",\"prevDayPx\":");
        quoted(json, ticker.open24h(), ps).append(",\"dayNtlVlm\":");
        quoted(json, ticker.quoteVolume24h(), ps).append(",\"premium\":\"0.0\",\"oraclePx\":");
        quoted(json, ticker.last(), ps).append(",\"markPx\":");
        quoted(json, ticker.last(), ps).append(",\"midPx\":");
        mid(json, instrument, ticker.bidPrice(), ticker.askPrice()).append(",\"impactPxs\":[");
        quoted(json, ticker.bidPrice(), ps).append(',');
        quoted(json, ticker.askPrice(), ps).append("],\"dayBaseVlm\":");
        return quoted(json, ticker.volume24h(), instrument.sizeScale()).append('}').toString();
    }

    static String candle(Candle candle) {
        Instrument instrument = candle.instrument();
        int ps = instrument.priceScale();
        StringBuilder json = new StringBuilder(240).append("{\"t\":").append(candle.startMillis()).append(",\"T\":")
            .append(candle.startMillis() + 59_999).append(",\"s\":\"").append(instrument.symbol())
            .append("\",\"i\":\"").append(HlSubscription.INTERVAL).append("\",\"o\":");
        quoted(json, candle.open(), ps).append(",\"c\":");
        quoted(json, candle.close(), ps).append(",\"h\":");
        quoted(json, candle.high(), ps).append(",\"l\":");
        quoted(json, candle.low(), ps).append(",\"v\":");
        return quoted(json, candle.volume(), instrument.sizeScale()).append(",\"n\":0}").toString();
    }

    /** Appends {@code mantissa / 10^scale} as a quoted decimal without trailing zeros. */
    static StringBuilder quoted(StringBuilder json, long mantissa, int scale) {
        BigDecimal value = BigDecimal.valueOf(mantissa, scale);
        return json.append('"').append(value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString())
            .append('"');
    }
}

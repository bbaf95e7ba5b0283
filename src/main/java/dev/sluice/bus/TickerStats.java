package dev.sluice.bus;

/**
 * Running trade statistics of one instrument: the ticker's last trade and day figures, and the open one-minute
 * candle. Volumes in quote currency are kept as price mantissas (rounded per trade), which is ample for a feed.
 */
final class TickerStats {

    private static final long MINUTE_NS = 60_000_000_000L;

    private final long open24h;
    private long high24h;
    private long low24h;
    private long volume24h;
    private long quoteVolume24h;
    private long last;
    private long lastSize;
    private long lastTradeNs;

    private long candleStartNs;
    private long candleOpen;
    private long candleHigh;
    private long candleLow;
    private long candleClose;
    private long candleVolume;
    private long candleQuoteVolume;

    TickerStats(long openPrice, long startNs) {
        this.open24h = openPrice;
        this.high24h = openPrice;
        this.low24h = openPrice;
        this.last = openPrice;
        this.lastTradeNs = startNs;
        rollCandle(startNs - startNs % MINUTE_NS);
    }

    void onTrade(long price, long size, long nowNs, int sizeScale) {
        long quote = quoteUnits(price, size, sizeScale);
        last = price;
        lastSize = size;
        lastTradeNs = nowNs;
        high24h = Math.max(high24h, price);
        low24h = Math.min(low24h, price);
        volume24h += size;
        quoteVolume24h += quote;
        candleHigh = Math.max(candleHigh, price);
        candleLow = Math.min(candleLow, price);
        candleClose = price;
        candleVolume += size;
        candleQuoteVolume += quote;
    }

    /** Starts the next candle, opening at the last close. */
    void rollCandle(long startNs) {
        candleStartNs = startNs;
        candleOpen = last;
        candleHigh = last;
        candleLow = last;
        candleClose = last;
        candleVolume = 0;
        candleQuoteVolume = 0;
    }

    long candleStartNs() {
        return candleStartNs;
    }

    long lastTradeNs() {
        return lastTradeNs;
    }

    Ticker ticker(Topic topic, Instrument instrument, Level bid, Level ask, long tsMillis) {
        return new Ticker(topic, instrument, last, lastSize, ask.price(), ask.size(), bid.price(), bid.size(),
            open24h, high24h, low24h, volume24h, quoteVolume24h, open24h, open24h, tsMillis);
    }

    Candle candle(Topic topic, Instrument instrument, boolean confirmed, long tsMillis) {
        return new Candle(topic, instrument, candleStartNs / 1_000_000L, candleOpen, candleHigh, candleLow,
            candleClose, candleVolume, candleQuoteVolume, confirmed, tsMillis);
    }

    private static long quoteUnits(long price, long size, int sizeScale) {
        return Math.round(price * (size / Math.pow(10, sizeScale)));
    }
}

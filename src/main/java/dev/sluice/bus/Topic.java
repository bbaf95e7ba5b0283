package dev.sluice.bus;

import java.util.Objects;

/**
 * What a stream of events is about: exchange + normalised channel + symbol. Channels are Sluice's own names
 * ({@link #TRADES}, {@link #BOOK}, {@link #TICKER}, {@link #CANDLE_1M}); dialects map their wire names onto them.
 */
public record Topic(String exchange, String channel, String symbol) {

    public static final String TRADES = "trades";
    public static final String BOOK = "book";
    public static final String TICKER = "ticker";
    public static final String CANDLE_1M = "candle1m";

    public Topic {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(symbol, "symbol");
    }

    @Override
    public String toString() {
        return exchange + '.' + channel + '.' + symbol;
    }
}

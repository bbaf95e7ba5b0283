package dev.sluice.bus;

/**
 * A 24-hour rolling ticker derived from trades and the top of book. Volumes: {@code volume24h} is a size
 * mantissa in base currency, {@code quoteVolume24h} a price mantissa in quote currency.
 */
public record Ticker(Topic topic, Instrument instrument, long last, long lastSize,
                     long askPrice, long askSize, long bidPrice, long bidSize,
                     long open24h, long high24h, long low24h, long volume24h, long quoteVolume24h,
                     long sodUtc0, long sodUtc8, long tsMillis) implements Event {
}

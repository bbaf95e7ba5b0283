package dev.sluice.bus;

/**
 * A one-minute candle; {@code confirmed} is false while the minute is still open.
 * {@code volume} is a size mantissa (base currency), {@code quoteVolume} a price mantissa (quote currency).
 */
public record Candle(Topic topic, Instrument instrument, long startMillis, long open, long high, long low,
                     long close, long volume, long quoteVolume, boolean confirmed, long tsMillis) implements Event {
}

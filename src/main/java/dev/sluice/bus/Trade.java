package dev.sluice.bus;

/**
 * One aggregated trade (a taker order against one price level).
 *
 * @param tradeId  exchange-unique, increasing per instrument
 * @param price    price mantissa
 * @param size     size mantissa
 * @param count    number of fills aggregated into this trade
 * @param seqId    per-instrument trade sequence
 */
public record Trade(Topic topic, Instrument instrument, long tradeId, long price, long size, Side side,
                    long tsMillis, int count, long seqId) implements Event {
}

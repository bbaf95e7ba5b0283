package dev.sluice.nats;

/**
 * The version and type tags of the NATS wire format (see {@link WireEncoder} for the envelope). Bodies, in order:
 *
 * <ul>
 *   <li>{@link #TRADE}: tradeId, price, size, side (u8: 0 buy, 1 sell), tsMillis, count, seqId</li>
 *   <li>{@link #BOOK_CHANGE}: seqId, prevSeqId, tsMillis, bids, asks (changed levels; size 0 removes)</li>
 *   <li>{@link #BOOK_SNAPSHOT}: seqId, tsMillis, bids, asks (the whole book, best first)</li>
 *   <li>{@link #TICKER}: last, lastSize, askPrice, askSize, bidPrice, bidSize, open24h, high24h, low24h,
 *       volume24h, quoteVolume24h, sodUtc0, sodUtc8, tsMillis</li>
 *   <li>{@link #CANDLE}: startMillis, open, high, low, close, volume, quoteVolume, confirmed (u8), tsMillis</li>
 *   <li>{@link #SNAPSHOT_REQUEST}: no body; the envelope names the book</li>
 * </ul>
 *
 * Levels are a count, then price, size, orders per level. A new event type takes the next free tag: older nodes
 * skip (and count) tags they do not know, so publishers can be upgraded first.
 */
final class Wire {

    static final int VERSION = 1;

    static final int TRADE = 1;
    static final int BOOK_CHANGE = 2;
    static final int BOOK_SNAPSHOT = 3;
    static final int TICKER = 4;
    static final int CANDLE = 5;
    static final int SNAPSHOT_REQUEST = 6;

    /** Most levels one side of a book message may carry; protects the decoder from a corrupt count. */
    static final int MAX_LEVELS = 100_000;

    private Wire() {
    }
}

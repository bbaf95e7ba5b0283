package dev.sluice.nats;

import dev.sluice.bus.BookChange;
import dev.sluice.bus.Candle;
import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Level;
import dev.sluice.bus.OrderBook;
import dev.sluice.bus.Side;
import dev.sluice.bus.Ticker;
import dev.sluice.bus.Topic;
import dev.sluice.bus.Trade;
import java.util.Collection;

/**
 * Encodes events into the NATS wire format, version {@value Wire#VERSION}. Every message is
 *
 * <pre>
 *   u8 version | u8 type | string exchange | string channel | string symbol | u8 priceScale | u8 sizeScale | body
 * </pre>
 *
 * where a string is a varint byte length and UTF-8 bytes, and the body is the type's fields in record order, as
 * unsigned LEB128 varints (counts) or zigzag varints (everything else). Prices and sizes stay the instrument's
 * mantissas; the two scales let a node refuse events whose grid differs from its own configuration. Fields may be
 * appended to a body within one version (decoders ignore trailing bytes); anything else needs a new version. See
 * {@link Wire} for the type tags and the body of each type.
 *
 * <p>Not thread-safe: the array is reused, one encoder per publishing thread. Each message is one fresh byte array
 * (the NATS client holds it until it is written).
 */
final class WireEncoder {

    private final WireWriter out = new WireWriter();

    /** The message for a live event, or null for an event type that does not travel over NATS. */
    public byte[] encode(Event event) {
        if (event instanceof Trade trade) {
            return trade(trade);
        }
        if (event instanceof BookChange change) {
            header(Wire.BOOK_CHANGE, change.topic(), change.instrument());
            out.zigzag(change.seqId());
            out.zigzag(change.prevSeqId());
            out.zigzag(change.tsMillis());
            levels(change.bids());
            levels(change.asks());
            return out.toByteArray();
        }
        if (event instanceof Ticker ticker) {
            return ticker(ticker);
        }
        if (event instanceof Candle candle) {
            return candle(candle);
        }
        return null;
    }

    /** A full book: every level of both sides, best first, with the book's seqId and time. */
    public byte[] snapshot(Topic topic, Instrument instrument, OrderBook book) {
        header(Wire.BOOK_SNAPSHOT, topic, instrument);
        out.zigzag(book.seqId());
        out.zigzag(book.tsMillis());
        levels(book.bids().values());
        levels(book.asks().values());
        return out.toByteArray();
    }

    /** A node's request for the current book of {@code topic}. */
    public byte[] snapshotRequest(Topic topic, Instrument instrument) {
        header(Wire.SNAPSHOT_REQUEST, topic, instrument);
        return out.toByteArray();
    }

    private byte[] trade(Trade trade) {
        header(Wire.TRADE, trade.topic(), trade.instrument());
        out.zigzag(trade.tradeId());
        out.zigzag(trade.price());
        out.zigzag(trade.size());
        out.u8(trade.side() == Side.BUY ? 0 : 1);
        out.zigzag(trade.tsMillis());
        out.zigzag(trade.count());
        out.zigzag(trade.seqId());
        return out.toByteArray();
    }

    private byte[] ticker(Ticker t) {
        header(Wire.TICKER, t.topic(), t.instrument());
        long[] fields = {t.last(), t.lastSize(), t.askPrice(), t.askSize(), t.bidPrice(), t.bidSize(), t.open24h(),
            t.high24h(), t.low24h(), t.volume24h(), t.quoteVolume24h(), t.sodUtc0(), t.sodUtc8(), t.tsMillis()};
        for (long field : fields) {
            out.zigzag(field);
        }
        return out.toByteArray();
    }

    private byte[] candle(Candle c) {
        header(Wire.CANDLE, c.topic(), c.instrument());
        long[] fields = {c.startMillis(), c.open(), c.high(), c.low(), c.close(), c.volume(), c.quoteVolume()};
        for (long field : fields) {
            out.zigzag(field);
        }
        out.u8(c.confirmed() ? 1 : 0);
        out.zigzag(c.tsMillis());
        return out.toByteArray();
    }

    private void header(int type, Topic topic, Instrument instrument) {
        out.reset();
        out.u8(Wire.VERSION);
        out.u8(type);
        out.string(topic.exchange());
        out.string(topic.channel());
        out.string(topic.symbol());
        out.u8(instrument.priceScale());
        out.u8(instrument.sizeScale());
    }

    private void levels(Collection<Level> levels) {
        out.varlong(levels.size());
        for (Level level : levels) {
            out.zigzag(level.price());
            out.zigzag(level.size());
            out.zigzag(level.orders());
        }
    }
}

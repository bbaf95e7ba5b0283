package dev.sluice.dialect.oxarchive;

import dev.sluice.bus.BookChange;
import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Level;
import dev.sluice.bus.OrderBook;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import java.util.Collection;

/**
 * {@code orderbook}, {@code hip3_orderbook}, {@code lighter_orderbook}: Hyperliquid's raw L2 shape
 * {@code {"coin","time","levels":[[bids],[asks]]}} with levels {@code {"px","sz","n"}}, best first, at most
 * {@link #LEVELS} a side (Hyperliquid's {@code l2Book} depth). Always the whole top of book, so a slow client gets
 * the latest book (conflated).
 */
final class OxBook extends OxEncoder {

    static final int LEVELS = 20;
    /** History keeps one book every 10 s per symbol (0xArchive: "snapshot spacing varies by market activity"). */
    static final long RECORD_INTERVAL_MS = 10_000;

    private static final byte[] COIN = JsonBytes.ascii("{\"coin\":");
    private static final byte[] TIME = JsonBytes.ascii(",\"time\":");
    private static final byte[] LEVELS_OPEN = JsonBytes.ascii(",\"levels\":[[");
    private static final byte[] SIDES = JsonBytes.ascii("],[");
    private static final byte[] END = JsonBytes.ascii("]]}");
    private static final byte[] PX = JsonBytes.ascii("{\"px\":");
    private static final byte[] SZ = JsonBytes.ascii(",\"sz\":");
    private static final byte[] N = JsonBytes.ascii(",\"n\":");

    OxBook(OxChannel channel, Instrument instrument, boolean record) {
        super(channel, instrument, record);
    }

    @Override
    boolean accepts(Event event) {
        return event instanceof BookChange change && !change.isKeepAlive() && change.touchesTop(LEVELS);
    }

    @Override
    long recordIntervalMs() {
        return RECORD_INTERVAL_MS;
    }

    @Override
    boolean snapshotOf(Event latest) {
        return latest instanceof BookChange;
    }

    @Override
    int sizeHint(Event event) {
        return 64 + 2 * LEVELS * 48;
    }

    @Override
    void writeData(ByteBuf buf, Event event) {
        OrderBook book = ((BookChange) event).book();
        buf.writeBytes(COIN).writeBytes(coin).writeBytes(TIME);
        JsonBytes.writeLong(buf, event.tsMillis());
        buf.writeBytes(LEVELS_OPEN);
        side(buf, book.bids().values());
        buf.writeBytes(SIDES);
        side(buf, book.asks().values());
        buf.writeBytes(END);
    }

    private void side(ByteBuf buf, Collection<Level> levels) {
        int written = 0;
        for (Level level : levels) {
            if (written == LEVELS) {
                break;
            }
            if (written++ > 0) {
                buf.writeByte(',');
            }
            buf.writeBytes(PX);
            price(buf, level.price());
            buf.writeBytes(SZ);
            size(buf, level.size());
            buf.writeBytes(N);
            JsonBytes.writeLong(buf, level.orders());
            buf.writeByte('}');
        }
    }
}

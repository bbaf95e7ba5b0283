package dev.sluice.dialect.sfox;

import dev.sluice.bus.BookChange;
import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Level;
import dev.sluice.bus.OrderBook;
import dev.sluice.bus.SlowPolicy;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Collection;
import java.util.Locale;

/**
 * {@code orderbook.sfox.<pair>} and {@code orderbook.net.<pair>}: always the full book ("sFOX does not support
 * sending changes"), levels {@code [price, quantity, venue]}, best first. A slow client gets the latest book.
 */
final class SfoxBook extends SfoxEncoder {

    private static final byte[] BIDS = JsonBytes.ascii("{\"bids\":[");
    private static final byte[] ASKS = JsonBytes.ascii("],\"asks\":[");
    private static final byte[] MARKET_MAKING = JsonBytes.ascii("],\"market_making\":{\"bids\":[],\"asks\":[]},"
        + "\"timestamps\":{},\"lastupdated\":");
    private static final byte[] LAST_PUBLISHED = JsonBytes.ascii(",\"lastpublished\":");
    private static final byte[] PAIR = JsonBytes.ascii(",\"pair\":");
    private static final byte[] CURRENCY = JsonBytes.ascii(",\"currency\":");
    private static final byte[] VENUE = JsonBytes.ascii(",\"sfox\"]");
    private static final int LEVEL_BYTES = 40;

    private final byte[] pair;
    private final byte[] currency;

    SfoxBook(String feed, Instrument instrument) {
        super(feed, instrument);
        this.pair = JsonBytes.ascii("\"" + instrument.symbol() + "\"");
        this.currency = JsonBytes.ascii("\"" + instrument.quote().toLowerCase(Locale.ROOT) + "\"");
    }

    @Override
    public SlowPolicy slowPolicy() {
        return SlowPolicy.CONFLATE;
    }

    @Override
    public ByteBuf encode(Event event, ByteBufAllocator alloc) {
        if (!(event instanceof BookChange change) || change.isKeepAlive()) {
            return null;
        }
        return book(change.book(), alloc);
    }

    @Override
    public ByteBuf snapshot(Event latest, ByteBufAllocator alloc) {
        return latest instanceof BookChange change ? book(change.book(), alloc) : null;
    }

    private ByteBuf book(OrderBook book, ByteBufAllocator alloc) {
        int levels = book.bids().size() + book.asks().size();
        ByteBuf buf = start(alloc, 200 + LEVEL_BYTES * levels, book.tsMillis());
        buf.writeBytes(BIDS);
        levels(buf, book.bids().values());
        buf.writeBytes(ASKS);
        levels(buf, book.asks().values());
        buf.writeBytes(MARKET_MAKING);
        JsonBytes.writeLong(buf, book.tsMillis());
        buf.writeBytes(LAST_PUBLISHED);
        JsonBytes.writeLong(buf, book.tsMillis());
        buf.writeBytes(PAIR);
        buf.writeBytes(pair);
        buf.writeBytes(CURRENCY);
        buf.writeBytes(currency);
        buf.writeByte('}').writeByte('}');
        return buf;
    }

    private void levels(ByteBuf buf, Collection<Level> side) {
        boolean first = true;
        for (Level level : side) {
            if (!first) {
                buf.writeByte(',');
            }
            first = false;
            buf.writeByte('[');
            JsonBytes.writeDecimal(buf, level.price(), priceScale);
            buf.writeByte(',');
            JsonBytes.writeDecimal(buf, level.size(), sizeScale);
            buf.writeBytes(VENUE);
        }
    }
}

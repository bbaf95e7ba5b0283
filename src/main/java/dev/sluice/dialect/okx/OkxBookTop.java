package dev.sluice.dialect.okx;

import dev.sluice.bus.BookChange;
import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.OrderBook;
import dev.sluice.dialect.Frames;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * OKX {@code books5} and {@code bbo-tbt}: the top {@code depth} levels as a full snapshot, pushed whenever a change
 * reaches them. Each push is a complete state, so a slow client simply gets the latest one.
 */
final class OkxBookTop extends OkxEncoder {

    private static final byte[] DATA = JsonBytes.ascii(",\"data\":[{\"asks\":[");
    private static final byte[] BIDS = JsonBytes.ascii("],\"bids\":[");
    private static final byte[] INST_ID = JsonBytes.ascii("],\"instId\":\"");
    private static final byte[] TS = JsonBytes.ascii("\",\"ts\":");
    private static final byte[] SEQ = JsonBytes.ascii(",\"seqId\":");
    private static final byte[] END = JsonBytes.ascii("}]}");

    private final int depth;
    private final byte[] instId;

    OkxBookTop(String channel, int depth, Instrument instrument) {
        super(channel, instrument);
        this.depth = depth;
        this.instId = JsonBytes.ascii(instrument.symbol());
    }

    @Override
    public ByteBuf encode(Event event, ByteBufAllocator alloc) {
        if (!(event instanceof BookChange change) || change.isKeepAlive() || !change.touchesTop(depth)) {
            return null;
        }
        return top(change.book(), alloc);
    }

    @Override
    public ByteBuf snapshot(Event latest, ByteBufAllocator alloc) {
        return latest instanceof BookChange change ? top(change.book(), alloc) : null;
    }

    private ByteBuf top(OrderBook book, ByteBufAllocator alloc) {
        ByteBuf buf = start(alloc, 120 + 80 * depth);
        buf.writeBytes(DATA);
        OkxLevels.writeAll(buf, book.asks().values(), depth, priceScale, sizeScale);
        buf.writeBytes(BIDS);
        OkxLevels.writeAll(buf, book.bids().values(), depth, priceScale, sizeScale);
        buf.writeBytes(INST_ID).writeBytes(instId).writeBytes(TS);
        JsonBytes.writeQuotedLong(buf, book.tsMillis());
        buf.writeBytes(SEQ);
        JsonBytes.writeLong(buf, book.seqId());
        buf.writeBytes(END);
        return Frames.finishText(buf);
    }
}

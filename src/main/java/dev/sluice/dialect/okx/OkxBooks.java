package dev.sluice.dialect.okx;

import dev.sluice.bus.BookChange;
import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.OrderBook;
import dev.sluice.bus.SlowPolicy;
import dev.sluice.dialect.Frames;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * OKX {@code books}: a full snapshot to each new subscriber, then incremental updates whose {@code prevSeqId}
 * is the previous {@code seqId}; an empty update with {@code seqId == prevSeqId} when nothing changed for a minute.
 * A slow client drops updates and is sent a fresh snapshot once it can write again, so its chain stays unbroken.
 */
final class OkxBooks extends OkxEncoder {

    private static final byte[] SNAPSHOT = JsonBytes.ascii(",\"action\":\"snapshot\",\"data\":[{\"asks\":[");
    private static final byte[] UPDATE = JsonBytes.ascii(",\"action\":\"update\",\"data\":[{\"asks\":[");
    private static final byte[] BIDS = JsonBytes.ascii("],\"bids\":[");
    private static final byte[] TS = JsonBytes.ascii("],\"ts\":");
    /** OKX documents {@code checksum} as deprecated and fixed at 0; clients chain on seqId instead. */
    private static final byte[] CHECKSUM_PREV_SEQ = JsonBytes.ascii(",\"checksum\":0,\"prevSeqId\":");
    private static final byte[] SEQ = JsonBytes.ascii(",\"seqId\":");
    private static final byte[] END = JsonBytes.ascii("}]}");
    private static final int LEVEL_BYTES = 40;

    OkxBooks(Instrument instrument) {
        this("books", instrument);
    }

    /** {@code books-l2-tbt} carries the same chained snapshot and updates as {@code books}. */
    OkxBooks(String channel, Instrument instrument) {
        super(channel, instrument);
    }

    @Override
    public SlowPolicy slowPolicy() {
        return SlowPolicy.RESYNC;
    }

    @Override
    public ByteBuf encode(Event event, ByteBufAllocator alloc) {
        if (!(event instanceof BookChange change)) {
            return null;
        }
        ByteBuf buf = start(alloc, 160 + LEVEL_BYTES * (change.asks().size() + change.bids().size()));
        buf.writeBytes(UPDATE);
        OkxLevels.writeAll(buf, change.asks(), Integer.MAX_VALUE, priceScale, sizeScale);
        buf.writeBytes(BIDS);
        OkxLevels.writeAll(buf, change.bids(), Integer.MAX_VALUE, priceScale, sizeScale);
        return finish(buf, change.tsMillis(), change.prevSeqId(), change.seqId());
    }

    @Override
    public ByteBuf snapshot(Event latest, ByteBufAllocator alloc) {
        if (!(latest instanceof BookChange change)) {
            return null;
        }
        OrderBook book = change.book();
        ByteBuf buf = start(alloc, 160 + LEVEL_BYTES * (book.asks().size() + book.bids().size()));
        buf.writeBytes(SNAPSHOT);
        OkxLevels.writeAll(buf, book.asks().values(), Integer.MAX_VALUE, priceScale, sizeScale);
        buf.writeBytes(BIDS);
        OkxLevels.writeAll(buf, book.bids().values(), Integer.MAX_VALUE, priceScale, sizeScale);
        return finish(buf, book.tsMillis(), -1, book.seqId());
    }

    private ByteBuf finish(ByteBuf buf, long tsMillis, long prevSeqId, long seqId) {
        buf.writeBytes(TS);
        JsonBytes.writeQuotedLong(buf, tsMillis);
        buf.writeBytes(CHECKSUM_PREV_SEQ);
        JsonBytes.writeLong(buf, prevSeqId);
        buf.writeBytes(SEQ);
        JsonBytes.writeLong(buf, seqId);
        buf.writeBytes(END);
        return Frames.finishText(buf);
    }
}

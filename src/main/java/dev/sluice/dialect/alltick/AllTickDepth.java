package dev.sluice.dialect.alltick;

import dev.sluice.bus.BookChange;
import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Level;
import dev.sluice.bus.OrderBook;
import dev.sluice.bus.SlowPolicy;
import dev.sluice.dialect.Frames;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Collection;

/**
 * AllTick 22999, the order book: the best {@code depth} levels of each side ({@code bids} first, best first), as a
 * full state, pushed whenever a change reaches them and first to a new subscriber. One encoder per code and depth
 * level, so clients asking for the same depth share each frame. A slow client just gets the latest state.
 */
final class AllTickDepth extends AllTickEncoder {

    static final int CMD_ID = 22999;

    private static final byte[] TICK_TIME = JsonBytes.ascii(",\"tick_time\":");
    private static final byte[] BIDS = JsonBytes.ascii(",\"bids\":[");
    private static final byte[] ASKS = JsonBytes.ascii("],\"asks\":[");
    private static final byte[] LEVEL_PRICE = JsonBytes.ascii("{\"price\":");
    private static final byte[] LEVEL_VOLUME = JsonBytes.ascii(",\"volume\":");
    private static final byte[] END = JsonBytes.ascii("]}}");
    private static final int LEVEL_BYTES = 48;

    private final int depth;

    AllTickDepth(Instrument instrument, AllTickMarket market, int depth) {
        super(CMD_ID, "alltick:depth" + depth, instrument, market);
        this.depth = depth;
    }

    @Override
    public SlowPolicy slowPolicy() {
        return SlowPolicy.CONFLATE;
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
        ByteBuf buf = start(alloc, 100 + 2 * LEVEL_BYTES * depth);
        JsonBytes.writeLong(buf, book.seqId());
        buf.writeBytes(TICK_TIME);
        JsonBytes.writeLong(buf, book.tsMillis());
        buf.writeBytes(BIDS);
        levels(buf, book.bids().values());
        buf.writeBytes(ASKS);
        levels(buf, book.asks().values());
        buf.writeBytes(END);
        return Frames.finishText(buf);
    }

    private void levels(ByteBuf buf, Collection<Level> side) {
        int written = 0;
        for (Level level : side) {
            if (written == depth) {
                return;
            }
            if (written++ > 0) {
                buf.writeByte(',');
            }
            buf.writeBytes(LEVEL_PRICE);
            price(buf, level.price());
            buf.writeBytes(LEVEL_VOLUME);
            volume(buf, level.size());
            buf.writeByte('}');
        }
    }
}

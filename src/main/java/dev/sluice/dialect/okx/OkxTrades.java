package dev.sluice.dialect.okx;

import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Side;
import dev.sluice.bus.SlowPolicy;
import dev.sluice.bus.Trade;
import dev.sluice.dialect.Frames;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** OKX {@code trades}: one push per aggregated trade. Trades are never dropped for a slow client. */
final class OkxTrades extends OkxEncoder {

    private static final byte[] DATA = JsonBytes.ascii(",\"data\":[{\"instId\":\"");
    private static final byte[] TRADE_ID = JsonBytes.ascii("\",\"tradeId\":");
    private static final byte[] PX = JsonBytes.ascii(",\"px\":");
    private static final byte[] SZ = JsonBytes.ascii(",\"sz\":");
    private static final byte[] BUY = JsonBytes.ascii(",\"side\":\"buy\"");
    private static final byte[] SELL = JsonBytes.ascii(",\"side\":\"sell\"");
    private static final byte[] TS = JsonBytes.ascii(",\"ts\":");
    private static final byte[] COUNT = JsonBytes.ascii(",\"count\":");
    private static final byte[] SOURCE = JsonBytes.ascii(",\"source\":\"0\",\"seqId\":");
    private static final byte[] END = JsonBytes.ascii("}]}");

    private final byte[] instId;

    OkxTrades(Instrument instrument) {
        super("trades", instrument);
        this.instId = JsonBytes.ascii(instrument.symbol());
    }

    @Override
    public SlowPolicy slowPolicy() {
        return SlowPolicy.QUEUE;
    }

    @Override
    public ByteBuf encode(Event event, ByteBufAllocator alloc) {
        if (!(event instanceof Trade trade)) {
            return null;
        }
        ByteBuf buf = start(alloc, 256);
        buf.writeBytes(DATA).writeBytes(instId).writeBytes(TRADE_ID);
        JsonBytes.writeQuotedLong(buf, trade.tradeId());
        buf.writeBytes(PX);
        price(buf, trade.price());
        buf.writeBytes(SZ);
        size(buf, trade.size());
        buf.writeBytes(trade.side() == Side.BUY ? BUY : SELL).writeBytes(TS);
        JsonBytes.writeQuotedLong(buf, trade.tsMillis());
        buf.writeBytes(COUNT);
        JsonBytes.writeQuotedLong(buf, trade.count());
        buf.writeBytes(SOURCE);
        JsonBytes.writeLong(buf, trade.seqId());
        buf.writeBytes(END);
        return Frames.finishText(buf);
    }

    @Override
    public ByteBuf snapshot(Event latest, ByteBufAllocator alloc) {
        return null;
    }
}

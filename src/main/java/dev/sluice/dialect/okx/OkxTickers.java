package dev.sluice.dialect.okx;

import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Ticker;
import dev.sluice.dialect.Frames;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** OKX {@code tickers}: the full ticker on every change, latest first to a new subscriber. */
final class OkxTickers extends OkxEncoder {

    private static final byte[] LAST = JsonBytes.ascii("\",\"last\":");
    private static final byte[] LAST_SZ = JsonBytes.ascii(",\"lastSz\":");
    private static final byte[] ASK_PX = JsonBytes.ascii(",\"askPx\":");
    private static final byte[] ASK_SZ = JsonBytes.ascii(",\"askSz\":");
    private static final byte[] BID_PX = JsonBytes.ascii(",\"bidPx\":");
    private static final byte[] BID_SZ = JsonBytes.ascii(",\"bidSz\":");
    private static final byte[] OPEN = JsonBytes.ascii(",\"open24h\":");
    private static final byte[] HIGH = JsonBytes.ascii(",\"high24h\":");
    private static final byte[] LOW = JsonBytes.ascii(",\"low24h\":");
    private static final byte[] VOL_CCY = JsonBytes.ascii(",\"volCcy24h\":");
    private static final byte[] VOL = JsonBytes.ascii(",\"vol24h\":");
    private static final byte[] SOD0 = JsonBytes.ascii(",\"sodUtc0\":");
    private static final byte[] SOD8 = JsonBytes.ascii(",\"sodUtc8\":");
    private static final byte[] TS = JsonBytes.ascii(",\"ts\":");
    private static final byte[] END = JsonBytes.ascii("}]}");

    private final byte[] data;

    OkxTickers(Instrument instrument) {
        super("tickers", instrument);
        this.data = JsonBytes.ascii(",\"data\":[{\"instType\":\"" + OkxInstruments.instType(instrument)
            + "\",\"instId\":\"" + instrument.symbol());
    }

    @Override
    public ByteBuf encode(Event event, ByteBufAllocator alloc) {
        if (!(event instanceof Ticker t)) {
            return null;
        }
        ByteBuf buf = start(alloc, 400);
        buf.writeBytes(data).writeBytes(LAST);
        price(buf, t.last());
        buf.writeBytes(LAST_SZ);
        size(buf, t.lastSize());
        buf.writeBytes(ASK_PX);
        price(buf, t.askPrice());
        buf.writeBytes(ASK_SZ);
        size(buf, t.askSize());
        buf.writeBytes(BID_PX);
        price(buf, t.bidPrice());
        buf.writeBytes(BID_SZ);
        size(buf, t.bidSize());
        buf.writeBytes(OPEN);
        price(buf, t.open24h());
        buf.writeBytes(HIGH);
        price(buf, t.high24h());
        buf.writeBytes(LOW);
        price(buf, t.low24h());
        buf.writeBytes(VOL_CCY);
        price(buf, t.quoteVolume24h());
        buf.writeBytes(VOL);
        size(buf, t.volume24h());
        buf.writeBytes(SOD0);
        price(buf, t.sodUtc0());
        buf.writeBytes(SOD8);
        price(buf, t.sodUtc8());
        buf.writeBytes(TS);
        JsonBytes.writeQuotedLong(buf, t.tsMillis());
        buf.writeBytes(END);
        return Frames.finishText(buf);
    }
}

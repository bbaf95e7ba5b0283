package dev.sluice.dialect.sfox;

import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Side;
import dev.sluice.bus.SlowPolicy;
import dev.sluice.bus.Trade;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** {@code trades.sfox.<pair>}: every trade, with sFOX's documented payload fields. Never dropped, no snapshot. */
final class SfoxTrades extends SfoxEncoder {

    private static final byte[] ID = JsonBytes.ascii("{\"id\":");
    private static final byte[] QUANTITY = JsonBytes.ascii(",\"quantity\":");
    private static final byte[] PRICE = JsonBytes.ascii(",\"price\":");
    private static final byte[] EXCHANGE_BUY = JsonBytes.ascii(",\"exchange\":\"sfox\",\"exchange_id\":0,"
        + "\"side\":\"buy\",\"pair\":");
    private static final byte[] EXCHANGE_SELL = JsonBytes.ascii(",\"exchange\":\"sfox\",\"exchange_id\":0,"
        + "\"side\":\"sell\",\"pair\":");
    private static final byte[] TIMESTAMP = JsonBytes.ascii(",\"timestamp\":");
    private static final byte[] TIME_STAMP = JsonBytes.ascii(",\"timeStamp\":");
    private static final byte[] END = JsonBytes.ascii(",\"buyOrderId\":\"\",\"sellOrderId\":\"\","
        + "\"is_decimal\":true}}");

    private final byte[] pair;

    SfoxTrades(String feed, Instrument instrument) {
        super(feed, instrument);
        this.pair = JsonBytes.ascii("\"" + instrument.symbol() + "\"");
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
        ByteBuf buf = start(alloc, 300, trade.tsMillis());
        buf.writeBytes(ID);
        JsonBytes.writeQuotedLong(buf, trade.tradeId());
        buf.writeBytes(QUANTITY);
        JsonBytes.writeQuotedDecimal(buf, trade.size(), sizeScale);
        buf.writeBytes(PRICE);
        JsonBytes.writeQuotedDecimal(buf, trade.price(), priceScale);
        buf.writeBytes(trade.side() == Side.BUY ? EXCHANGE_BUY : EXCHANGE_SELL);
        buf.writeBytes(pair);
        buf.writeBytes(TIMESTAMP);
        iso(buf, trade.tsMillis());
        buf.writeBytes(TIME_STAMP);
        iso(buf, trade.tsMillis());
        buf.writeBytes(END);
        return buf;
    }

    @Override
    public ByteBuf snapshot(Event latest, ByteBufAllocator alloc) {
        return null;
    }
}

package dev.sluice.dialect.sfox;

import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Side;
import dev.sluice.bus.SlowPolicy;
import dev.sluice.bus.Trade;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * {@code trades.sfox.<pair>}: every trade, with sFOX's documented payload fields. Never dropped, no snapshot. As in
 * sFOX's example, {@code exchange_id} is an integer (the venue's id; Sluice's one venue {@code sfox} is 0),
 * {@code timestamp} is UTC with nine fractional digits and a {@code Z}, and {@code timeStamp} the same instant to
 * the millisecond with no zone ({@code "2022-04-14T01:57:21.521"}).
 */
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
        isoNanos(buf, trade.tsMillis());
        buf.writeBytes(TIME_STAMP);
        isoWithoutZone(buf, trade.tsMillis());
        buf.writeBytes(END);
        return buf;
    }

    @Override
    public ByteBuf snapshot(Event latest, ByteBufAllocator alloc) {
        return null;
    }
}

package dev.sluice.dialect.alltick;

import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Side;
import dev.sluice.bus.SlowPolicy;
import dev.sluice.bus.Trade;
import dev.sluice.dialect.Frames;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.math.BigDecimal;

/**
 * AllTick 22998, the latest trade (tick by tick): {@code code}, {@code seq}, {@code tick_time}, {@code price},
 * {@code volume}, {@code turnover} (price times volume) and {@code trade_direction} (1 buy, 2 sell). Trades are never
 * dropped for a slow client, and a new subscriber gets no snapshot: AllTick pushes trades as they happen.
 */
final class AllTickTrades extends AllTickEncoder {

    static final int CMD_ID = 22998;

    private static final byte[] TICK_TIME = JsonBytes.ascii(",\"tick_time\":");
    private static final byte[] PRICE = JsonBytes.ascii(",\"price\":");
    private static final byte[] VOLUME = JsonBytes.ascii(",\"volume\":");
    private static final byte[] TURNOVER = JsonBytes.ascii(",\"turnover\":");
    private static final byte[] BUY_END = JsonBytes.ascii(",\"trade_direction\":1}}");
    private static final byte[] SELL_END = JsonBytes.ascii(",\"trade_direction\":2}}");
    private static final int MAX_SCALE = 18;

    AllTickTrades(Instrument instrument, AllTickMarket market) {
        super(CMD_ID, "alltick:trade", instrument, market);
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
        ByteBuf buf = start(alloc, 200);
        JsonBytes.writeLong(buf, trade.seqId());
        buf.writeBytes(TICK_TIME);
        JsonBytes.writeLong(buf, trade.tsMillis());
        buf.writeBytes(PRICE);
        price(buf, trade.price());
        buf.writeBytes(VOLUME);
        volume(buf, trade.size());
        buf.writeBytes(TURNOVER);
        turnover(buf, trade.price(), trade.size());
        buf.writeBytes(trade.side() == Side.BUY ? BUY_END : SELL_END);
        return Frames.finishText(buf);
    }

    @Override
    public ByteBuf snapshot(Event latest, ByteBufAllocator alloc) {
        return null;
    }

    /** Price times volume, exactly; "0" where volumes are not published. */
    private void turnover(ByteBuf buf, long price, long size) {
        if (!volumes) {
            volume(buf, 0);
            return;
        }
        int scale = priceScale + sizeScale;
        long high = Math.multiplyHigh(price, size);
        long product = price * size;
        if (high == 0 && product >= 0 && scale <= MAX_SCALE) {
            JsonBytes.writeQuotedDecimal(buf, product, scale);
        } else {
            // Rare (a product beyond 64 bits): allocates, which this path may.
            String exact = BigDecimal.valueOf(price, priceScale).multiply(BigDecimal.valueOf(size, sizeScale))
                .stripTrailingZeros().toPlainString();
            buf.writeByte('"').writeBytes(JsonBytes.ascii(exact)).writeByte('"');
        }
    }
}

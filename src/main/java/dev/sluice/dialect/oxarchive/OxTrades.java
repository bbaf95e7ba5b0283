package dev.sluice.dialect.oxarchive;

import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Side;
import dev.sluice.bus.SlowPolicy;
import dev.sluice.bus.Trade;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;

/**
 * {@code trades}, {@code hip3_trades}, {@code lighter_trades}: Hyperliquid's raw trade array, one trade per message
 * ({@code side} {@code B} when the buyer took, {@code A} when the seller did). Never dropped for a slow client.
 */
final class OxTrades extends OxEncoder {

    private static final byte[] COIN = JsonBytes.ascii("[{\"coin\":");
    private static final byte[] BUY = JsonBytes.ascii(",\"side\":\"B\",\"px\":");
    private static final byte[] SELL = JsonBytes.ascii(",\"side\":\"A\",\"px\":");
    private static final byte[] SZ = JsonBytes.ascii(",\"sz\":");
    private static final byte[] TIME = JsonBytes.ascii(",\"time\":");
    private static final byte[] HASH = JsonBytes.ascii(",\"hash\":\"0x");
    private static final byte[] TID = JsonBytes.ascii("\",\"tid\":");
    private static final byte[] END = JsonBytes.ascii("}]");
    private static final int HASH_DIGITS = 64;

    OxTrades(OxChannel channel, Instrument instrument, boolean record) {
        super(channel, instrument, record);
    }

    @Override
    public SlowPolicy slowPolicy() {
        return SlowPolicy.QUEUE;
    }

    @Override
    boolean accepts(Event event) {
        return event instanceof Trade;
    }

    @Override
    void writeData(ByteBuf buf, Event event) {
        Trade trade = (Trade) event;
        buf.writeBytes(COIN).writeBytes(coin);
        buf.writeBytes(trade.side() == Side.BUY ? BUY : SELL);
        price(buf, trade.price());
        buf.writeBytes(SZ);
        size(buf, trade.size());
        buf.writeBytes(TIME);
        JsonBytes.writeLong(buf, trade.tsMillis());
        buf.writeBytes(HASH);
        hash(buf, trade.tradeId());
        buf.writeBytes(TID);
        JsonBytes.writeLong(buf, trade.tradeId());
        buf.writeBytes(END);
    }

    /** A 32-byte transaction hash, derived from the trade id so the same trade always has the same hash. */
    private static void hash(ByteBuf buf, long tradeId) {
        long x = tradeId * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < HASH_DIGITS; i++) {
            x ^= x >>> 29;
            x *= 0xBF58476D1CE4E5B9L;
            buf.writeByte(Character.forDigit((int) (x >>> 60), 16));
        }
    }
}

package dev.sluice.dialect.okx;

import dev.sluice.bus.Candle;
import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.dialect.Frames;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * OKX {@code candle1m} on /business: {@code [ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm]}. For spot,
 * {@code vol} is in base currency and both {@code volCcy} and {@code volCcyQuote} in quote currency.
 */
final class OkxCandles extends OkxEncoder {

    private static final byte[] DATA = JsonBytes.ascii(",\"data\":[[");
    private static final byte[] CONFIRMED = JsonBytes.ascii("\"1\"]]}");
    private static final byte[] UNCONFIRMED = JsonBytes.ascii("\"0\"]]}");

    OkxCandles(Instrument instrument) {
        super("candle1m", instrument);
    }

    @Override
    public ByteBuf encode(Event event, ByteBufAllocator alloc) {
        if (!(event instanceof Candle c)) {
            return null;
        }
        ByteBuf buf = start(alloc, 200);
        buf.writeBytes(DATA);
        JsonBytes.writeQuotedLong(buf, c.startMillis());
        priceField(buf, c.open());
        priceField(buf, c.high());
        priceField(buf, c.low());
        priceField(buf, c.close());
        buf.writeByte(',');
        size(buf, c.volume());
        buf.writeByte(',');
        price(buf, c.quoteVolume());
        buf.writeByte(',');
        price(buf, c.quoteVolume());
        buf.writeByte(',');
        buf.writeBytes(c.confirmed() ? CONFIRMED : UNCONFIRMED);
        return Frames.finishText(buf);
    }

    private void priceField(ByteBuf buf, long mantissa) {
        buf.writeByte(',');
        price(buf, mantissa);
    }
}

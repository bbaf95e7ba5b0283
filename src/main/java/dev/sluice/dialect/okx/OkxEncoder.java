package dev.sluice.dialect.okx;

import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.dialect.Frames;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Base of the OKX push encoders: every push starts with {@code {"arg":{"channel":"..","instId":".."}}, which is
 * encoded once per stream, and every frame is built in one buffer by {@link Frames}.
 */
abstract class OkxEncoder extends OkxStream {

    final Instrument instrument;
    final String channel;
    final int priceScale;
    final int sizeScale;
    private final byte[] argPrefix;

    OkxEncoder(String channel, Instrument instrument) {
        super(channel);
        this.channel = channel;
        this.instrument = instrument;
        this.priceScale = instrument.priceScale();
        this.sizeScale = instrument.sizeScale();
        this.argPrefix = JsonBytes.ascii("{\"arg\":{\"channel\":\"" + channel + "\",\"instId\":\""
            + instrument.symbol() + "\"}");
    }

    @Override
    public ByteBuf snapshot(Event latest, ByteBufAllocator alloc) {
        return latest == null ? null : encode(latest, alloc);
    }

    /** Starts a frame with the arg prefix written. */
    final ByteBuf start(ByteBufAllocator alloc, int payloadHint) {
        ByteBuf buf = Frames.begin(alloc, payloadHint);
        buf.writeBytes(argPrefix);
        return buf;
    }

    final void price(ByteBuf buf, long mantissa) {
        JsonBytes.writeQuotedDecimal(buf, mantissa, priceScale);
    }

    final void size(ByteBuf buf, long mantissa) {
        JsonBytes.writeQuotedDecimal(buf, mantissa, sizeScale);
    }
}

package dev.sluice.dialect.alltick;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.StreamEncoder;
import dev.sluice.dialect.Frames;
import dev.sluice.dialect.Json;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Base of the AllTick push encoders. Every push starts with {@code {"cmd_id":N,"data":{"code":"..","seq":}, which is
 * encoded once per stream; one encoder exists per stream, so one frame is built per event and fanned out.
 * Times ({@code tick_time}) are epoch milliseconds, as AllTick's field table says (its examples show seconds).
 */
abstract class AllTickEncoder implements StreamEncoder {

    private static final byte[] ZERO = JsonBytes.ascii("\"0\"");

    final int priceScale;
    final int sizeScale;
    /** False for FX, metals and energy, whose volumes AllTick does not publish: they are sent as "0". */
    final boolean volumes;
    private final byte[] prefix;
    private final String key;

    AllTickEncoder(int cmdId, String key, Instrument instrument, AllTickMarket market) {
        this.priceScale = instrument.priceScale();
        this.sizeScale = instrument.sizeScale();
        this.volumes = market.volumes();
        this.key = key;
        this.prefix = ("{\"cmd_id\":" + cmdId + ",\"data\":{\"code\":" + Json.write(TextNode.valueOf(
            instrument.symbol())) + ",\"seq\":").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String key() {
        return key;
    }

    /** Starts a frame with the prefix written; the caller continues with the {@code seq} value. */
    final ByteBuf start(ByteBufAllocator alloc, int payloadHint) {
        ByteBuf buf = Frames.begin(alloc, payloadHint);
        buf.writeBytes(prefix);
        return buf;
    }

    final void price(ByteBuf buf, long mantissa) {
        JsonBytes.writeQuotedDecimal(buf, mantissa, priceScale);
    }

    final void volume(ByteBuf buf, long mantissa) {
        if (volumes) {
            JsonBytes.writeQuotedDecimal(buf, mantissa, sizeScale);
        } else {
            buf.writeBytes(ZERO);
        }
    }
}

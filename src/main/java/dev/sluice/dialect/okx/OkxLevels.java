package dev.sluice.dialect.okx;

import dev.sluice.bus.Level;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import java.util.Collection;

/** OKX book level: {@code ["px","sz","0","numOrders"]}; the third field is deprecated and always "0". */
final class OkxLevels {

    private static final byte[] DEPRECATED = JsonBytes.ascii(",\"0\",");

    private OkxLevels() {
    }

    /** Writes at most {@code limit} levels, comma-separated, in iteration order. */
    static void writeAll(ByteBuf buf, Collection<Level> levels, int limit, int priceScale, int sizeScale) {
        int written = 0;
        for (Level level : levels) {
            if (written == limit) {
                return;
            }
            if (written++ > 0) {
                buf.writeByte(',');
            }
            write(buf, level, priceScale, sizeScale);
        }
    }

    static void write(ByteBuf buf, Level level, int priceScale, int sizeScale) {
        buf.writeByte('[');
        JsonBytes.writeQuotedDecimal(buf, level.price(), priceScale);
        buf.writeByte(',');
        JsonBytes.writeQuotedDecimal(buf, level.size(), sizeScale);
        buf.writeBytes(DEPRECATED);
        JsonBytes.writeQuotedLong(buf, level.orders());
        buf.writeByte(']');
    }
}

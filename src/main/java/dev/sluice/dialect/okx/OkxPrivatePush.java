package dev.sluice.dialect.okx;

import dev.sluice.dialect.Frames;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.math.BigDecimal;

/**
 * Base of the pushes of one account's private channel: {@code {"arg":{"channel":..,<the subscription's
 * filters>,"uid":<account>},..}}. Private streams carry a few messages a second at most, so their JSON is built
 * with a StringBuilder (one allocation per event and stream, not per subscriber) rather than pre-encoded bytes.
 */
abstract class OkxPrivatePush extends OkxStream {

    /** The arg object as sent, e.g. {@code {"channel":"orders","instType":"ANY","uid":"demo"}}. */
    final String arg;

    /** @param arg the arg JSON; @param key distinguishes streams of one topic with other filters */
    OkxPrivatePush(String arg, String key) {
        super(key);
        this.arg = arg;
    }

    /** {@code {"arg":..}} followed by {@code rest} (which starts with a comma and ends with the closing brace). */
    final ByteBuf frame(ByteBufAllocator alloc, String rest) {
        String json = "{\"arg\":" + arg + rest;
        ByteBuf buf = Frames.begin(alloc, json.length());
        buf.writeBytes(JsonBytes.ascii(json));
        return Frames.finishText(buf);
    }

    /** A decimal as OKX writes it: plain, without trailing zeros. */
    static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    static String plain(long mantissa, int scale) {
        return plain(BigDecimal.valueOf(mantissa, scale));
    }
}

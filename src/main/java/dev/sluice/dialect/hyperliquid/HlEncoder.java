package dev.sluice.dialect.hyperliquid;

import dev.sluice.bus.Event;
import dev.sluice.bus.SlowPolicy;
import dev.sluice.bus.StreamEncoder;
import dev.sluice.dialect.Frames;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Base of the Hyperliquid streams: every message is {@code {"channel":"..","data":..}}, built once per event per
 * stream into a complete frame. Subclasses say which events they send ({@link #data}, null for none); by default a
 * new subscriber first gets the latest event's message, as Hyperliquid sends the current state on subscribe.
 */
abstract class HlEncoder implements StreamEncoder {

    private final String key;
    private final byte[] prefix;
    private final SlowPolicy policy;

    HlEncoder(String channel, String key, SlowPolicy policy) {
        this.key = "hyperliquid:" + key;
        this.prefix = JsonBytes.ascii("{\"channel\":\"" + channel + "\",\"data\":");
        this.policy = policy;
    }

    /** The {@code data} of the message for an event, or null when this stream sends nothing for it. */
    abstract String data(Event event);

    @Override
    public final String key() {
        return key;
    }

    @Override
    public final SlowPolicy slowPolicy() {
        return policy;
    }

    @Override
    public ByteBuf encode(Event event, ByteBufAllocator alloc) {
        String data = data(event);
        return data == null ? null : frame(alloc, data);
    }

    @Override
    public ByteBuf snapshot(Event latest, ByteBufAllocator alloc) {
        return latest == null ? null : encode(latest, alloc);
    }

    final ByteBuf frame(ByteBufAllocator alloc, String data) {
        byte[] bytes = JsonBytes.ascii(data);
        ByteBuf buf = Frames.begin(alloc, prefix.length + bytes.length + 1);
        buf.writeBytes(prefix).writeBytes(bytes).writeByte('}');
        return Frames.finishText(buf);
    }
}

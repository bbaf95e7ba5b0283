package dev.sluice.dialect.oxarchive;

import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.SlowPolicy;
import dev.sluice.bus.StreamEncoder;
import dev.sluice.dialect.Frames;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Base of the 0xArchive stream encoders. Each writes the {@code data} of one channel; the live encoder wraps it in
 * {@code {"type":"data","channel":..,"coin":..,"symbol":..,"data":..}} as a complete WebSocket frame (encoded once
 * per event for every subscriber), and the record encoder of the same channel produces what the history recorder
 * stores: the event's time as 8 bytes, then the bare {@code data} JSON ({@link #RECORD_TS_BYTES}).
 */
abstract class OxEncoder implements StreamEncoder {

    /** The record form starts with the event time in epoch milliseconds as a big-endian long. */
    static final int RECORD_TS_BYTES = Long.BYTES;

    final Instrument instrument;
    final OxChannel channel;
    final int priceScale;
    final int sizeScale;
    final byte[] coin;
    private final boolean record;
    private final byte[] prefix;
    private final String key;
    /** Record form only: the time of the last event recorded, for {@link #recordIntervalMs()}. */
    private long lastRecordedMs = Long.MIN_VALUE;

    OxEncoder(OxChannel channel, Instrument instrument, boolean record) {
        this.channel = channel;
        this.instrument = instrument;
        this.record = record;
        this.priceScale = instrument.priceScale();
        this.sizeScale = instrument.sizeScale();
        String symbol = OxReplies.quote(instrument.symbol());
        this.coin = JsonBytes.ascii(symbol);
        this.prefix = JsonBytes.ascii("{\"type\":\"data\",\"channel\":\"" + channel.wire() + "\",\"coin\":" + symbol
            + ",\"symbol\":" + symbol + ",\"data\":");
        this.key = (record ? "oxarchive-record:" : "oxarchive:") + channel.wire();
    }

    @Override
    public final String key() {
        return key;
    }

    @Override
    public SlowPolicy slowPolicy() {
        return SlowPolicy.CONFLATE;
    }

    /** Whether this channel has something to say for the event. */
    abstract boolean accepts(Event event);

    /** Writes the channel's {@code data} value for an accepted event. */
    abstract void writeData(ByteBuf buf, Event event);

    /** A rough size of the data, to size the buffer once. */
    int sizeHint(Event event) {
        return 256;
    }

    @Override
    public ByteBuf encode(Event event, ByteBufAllocator alloc) {
        if (!accepts(event)) {
            return null;
        }
        if (record && recordIntervalMs() > 0) {
            if (lastRecordedMs != Long.MIN_VALUE && event.tsMillis() - lastRecordedMs < recordIntervalMs()) {
                return null;
            }
            lastRecordedMs = event.tsMillis();
        }
        return write(event, alloc);
    }

    /**
     * The record form samples state channels: at most one record per this many milliseconds (0: every event).
     * Live subscribers always get every change.
     */
    long recordIntervalMs() {
        return 0;
    }

    /** Whether the latest event can start a new subscriber's stream (a book is whole after any change). */
    boolean snapshotOf(Event latest) {
        return accepts(latest);
    }

    private ByteBuf write(Event event, ByteBufAllocator alloc) {
        if (record) {
            ByteBuf buf = alloc.directBuffer(RECORD_TS_BYTES + sizeHint(event));
            buf.writeLong(event.tsMillis());
            writeData(buf, event);
            return buf;
        }
        ByteBuf buf = Frames.begin(alloc, prefix.length + 1 + sizeHint(event));
        buf.writeBytes(prefix);
        writeData(buf, event);
        buf.writeByte('}');
        return Frames.finishText(buf);
    }

    @Override
    public ByteBuf snapshot(Event latest, ByteBufAllocator alloc) {
        // Recording starts with the next live event: a snapshot would record the same state twice.
        return latest == null || record || !snapshotOf(latest) ? null : write(latest, alloc);
    }

    final void price(ByteBuf buf, long mantissa) {
        JsonBytes.writeQuotedDecimal(buf, mantissa, priceScale);
    }

    final void size(ByteBuf buf, long mantissa) {
        JsonBytes.writeQuotedDecimal(buf, mantissa, sizeScale);
    }
}

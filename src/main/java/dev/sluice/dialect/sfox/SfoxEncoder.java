package dev.sluice.dialect.sfox;

import dev.sluice.bus.Instrument;
import dev.sluice.bus.StreamEncoder;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Base of the sFOX feed encoders. A message is {@code {"sequence":N,"recipient":feed,"timestamp":ns,"payload":..}}
 * with a per-connection {@code sequence}: the encoder writes only the shared tail, from {@code "recipient"} on,
 * once per event, and each session prepends its header and {@code {"sequence":N,} ({@link #sequenced()}).
 */
abstract class SfoxEncoder implements StreamEncoder {

    final Instrument instrument;
    final int priceScale;
    final int sizeScale;
    private final byte[] recipient;
    private final String key;

    /** A market-data feed of one instrument. */
    SfoxEncoder(String feed, Instrument instrument) {
        this(feed, "sfox:" + feed, instrument);
    }

    /** A feed of several instruments (private feeds, keyed per account): {@code instrument} may be null. */
    SfoxEncoder(String feed, String key, Instrument instrument) {
        this.instrument = instrument;
        this.priceScale = instrument == null ? 0 : instrument.priceScale();
        this.sizeScale = instrument == null ? 0 : instrument.sizeScale();
        this.key = key;
        this.recipient = JsonBytes.ascii("\"recipient\":\"" + feed + "\",\"timestamp\":");
    }

    @Override
    public final String key() {
        return key;
    }

    @Override
    public final boolean sequenced() {
        return true;
    }

    /** Starts a tail: recipient and timestamp (ns) written, then {@code ,"payload":}. */
    final ByteBuf start(ByteBufAllocator alloc, int payloadHint, long tsMillis) {
        ByteBuf buf = alloc.directBuffer(64 + payloadHint);
        buf.writeBytes(recipient);
        JsonBytes.writeLong(buf, tsMillis * 1_000_000L);
        buf.writeBytes(PAYLOAD);
        return buf;
    }

    /** {@code "2022-04-14T02:04:02.481Z"}: UTC, always three fractional digits (the ticker's {@code timestamp}). */
    static void iso(ByteBuf buf, long tsMillis) {
        quoted(buf, MILLIS_UTC, tsMillis);
    }

    /** {@code "2022-04-14T01:57:21.521999872Z"}: UTC with nine fractional digits (a trade's {@code timestamp}). */
    static void isoNanos(ByteBuf buf, long tsMillis) {
        quoted(buf, NANOS_UTC, tsMillis);
    }

    /** {@code "2022-04-14T01:57:21.521"}: UTC, three fractional digits and no zone (a trade's {@code timeStamp}). */
    static void isoWithoutZone(ByteBuf buf, long tsMillis) {
        quoted(buf, MILLIS_NO_ZONE, tsMillis);
    }

    private static void quoted(ByteBuf buf, DateTimeFormatter format, long tsMillis) {
        buf.writeByte('"').writeBytes(JsonBytes.ascii(format.format(Instant.ofEpochMilli(tsMillis)))).writeByte('"');
    }

    private static final DateTimeFormatter MILLIS_UTC = utc("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");
    private static final DateTimeFormatter NANOS_UTC = utc("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'");
    private static final DateTimeFormatter MILLIS_NO_ZONE = utc("uuuu-MM-dd'T'HH:mm:ss.SSS");

    private static DateTimeFormatter utc(String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
    }

    private static final byte[] PAYLOAD = JsonBytes.ascii(",\"payload\":");
}

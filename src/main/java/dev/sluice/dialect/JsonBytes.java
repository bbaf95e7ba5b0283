package dev.sluice.dialect;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes JSON fragments straight into a buffer without intermediate strings: ASCII literals, integers and
 * decimal mantissas. Callers pre-encode constant parts once with {@link #ascii(String)}.
 */
public final class JsonBytes {

    private static final long[] POWERS = new long[19];

    static {
        POWERS[0] = 1;
        for (int i = 1; i < POWERS.length; i++) {
            POWERS[i] = POWERS[i - 1] * 10;
        }
    }

    private JsonBytes() {
    }

    /** Pre-encodes a constant fragment. */
    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes a signed integer as JSON digits. */
    public static void writeLong(ByteBuf buf, long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                buf.writeBytes(ascii(Long.toString(value)));
                return;
            }
            buf.writeByte('-');
            value = -value;
        }
        int digits = digits(value);
        int at = buf.writerIndex();
        buf.ensureWritable(digits);
        for (int i = digits - 1; i >= 0; i--) {
            buf.setByte(at + i, '0' + (int) (value % 10));
            value /= 10;
        }
        buf.writerIndex(at + digits);
    }

    /** Writes a signed integer as a JSON string, e.g. {@code "1597026383085"}. */
    public static void writeQuotedLong(ByteBuf buf, long value) {
        buf.writeByte('"');
        writeLong(buf, value);
        buf.writeByte('"');
    }

    /**
     * Writes {@code mantissa / 10^scale} as a quoted decimal without trailing zeros, the way exchanges print
     * prices and sizes: 422199 at scale 1 is {@code "42219.9"}, 90000 at scale 1 is {@code "9000"}.
     */
    public static void writeQuotedDecimal(ByteBuf buf, long mantissa, int scale) {
        buf.writeByte('"');
        writeDecimal(buf, mantissa, scale);
        buf.writeByte('"');
    }

    /** Writes {@code mantissa / 10^scale} as a bare decimal without trailing zeros. */
    public static void writeDecimal(ByteBuf buf, long mantissa, int scale) {
        if (mantissa < 0) {
            buf.writeByte('-');
            mantissa = -mantissa;
        }
        long unit = POWERS[scale];
        long whole = mantissa / unit;
        long fraction = mantissa % unit;
        writeLong(buf, whole);
        if (fraction == 0) {
            return;
        }
        int fractionDigits = scale;
        while (fraction % 10 == 0) {
            fraction /= 10;
            fractionDigits--;
        }
        buf.writeByte('.');
        for (int zeros = fractionDigits - digits(fraction); zeros > 0; zeros--) {
            buf.writeByte('0');
        }
        writeLong(buf, fraction);
    }

    private static int digits(long value) {
        int digits = 1;
        while (digits < POWERS.length && value >= POWERS[digits]) {
            digits++;
        }
        return digits;
    }
}

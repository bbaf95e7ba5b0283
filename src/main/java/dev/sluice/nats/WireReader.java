package dev.sluice.nats;

import java.nio.charset.StandardCharsets;

/** Reads the primitives of the wire encoding; a truncated or malformed message throws {@link Malformed}. */
final class WireReader {

    private final byte[] bytes;
    private int position;

    WireReader(byte[] bytes) {
        this.bytes = bytes;
    }

    int u8() {
        if (position >= bytes.length) {
            throw new Malformed("truncated at byte " + position);
        }
        return bytes[position++] & 0xFF;
    }

    long varlong() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new Malformed("varint longer than 10 bytes at byte " + position);
    }

    long zigzag() {
        long raw = varlong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    int count(int max) {
        long value = varlong();
        if (value < 0 || value > max) {
            throw new Malformed("count " + value + " out of range at byte " + position);
        }
        return (int) value;
    }

    String string() {
        int n = count(Integer.MAX_VALUE);
        if (n > bytes.length - position) {
            throw new Malformed("string of " + n + " bytes beyond the end at byte " + position);
        }
        String value = new String(bytes, position, n, StandardCharsets.UTF_8);
        position += n;
        return value;
    }

    /** A message that is not in the wire encoding (truncated, or a count beyond the message). */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}

package dev.sluice.nats;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends the primitives of the wire encoding to a growable array that is reused from message to message. Not
 * thread-safe: one writer per publishing thread.
 */
final class WireWriter {

    private byte[] bytes = new byte[256];
    private int length;

    WireWriter reset() {
        length = 0;
        return this;
    }

    void u8(int value) {
        ensure(1);
        bytes[length++] = (byte) value;
    }

    /** An unsigned LEB128 variable-length integer: 7 bits a byte, low bits first. */
    void varlong(long value) {
        ensure(10);
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            bytes[length++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        bytes[length++] = (byte) rest;
    }

    /** A signed value, zigzag-mapped first so that small negative numbers stay short. */
    void zigzag(long value) {
        varlong((value << 1) ^ (value >> 63));
    }

    void string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        varlong(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
    }

    /** A copy of what was written: the NATS client keeps the array it is given until the message is sent. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}

package dev.sluice.dialect;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Builds complete server-to-client WebSocket text frames (RFC 6455 section 5.2, unmasked, FIN set) in one buffer,
 * so that one encoded event can be written to many connections as-is, bypassing the per-write frame encoder.
 *
 * <p>{@link #begin} leaves room for the largest header in front of the payload; {@link #finishText} writes the
 * header that fits the payload length right before it and moves the reader index there. No copy is made.
 */
public final class Frames {

    /** Largest server frame header: opcode byte, length marker, 8-byte extended length. */
    static final int HEADER_ROOM = 10;
    private static final int FIN_TEXT = 0x81;

    private Frames() {
    }

    /** A buffer positioned to receive a payload of about {@code payloadHint} bytes. */
    public static ByteBuf begin(ByteBufAllocator alloc, int payloadHint) {
        ByteBuf buf = alloc.directBuffer(HEADER_ROOM + payloadHint);
        buf.writerIndex(HEADER_ROOM);
        buf.readerIndex(HEADER_ROOM);
        return buf;
    }

    /** Writes the header of a text frame whose payload is {@code length} bytes long (to be written after it). */
    public static void writeTextHeader(ByteBuf buf, long length) {
        buf.writeByte(FIN_TEXT);
        if (length < 126) {
            buf.writeByte((int) length);
        } else if (length < 65_536) {
            buf.writeByte(126);
            buf.writeShort((int) length);
        } else {
            buf.writeByte(127);
            buf.writeLong(length);
        }
    }

    /** Prepends the text-frame header for the payload written since {@link #begin}. */
    public static ByteBuf finishText(ByteBuf buf) {
        int length = buf.writerIndex() - HEADER_ROOM;
        int start;
        if (length < 126) {
            start = HEADER_ROOM - 2;
            buf.setByte(start + 1, length);
        } else if (length < 65_536) {
            start = HEADER_ROOM - 4;
            buf.setByte(start + 1, 126);
            buf.setShort(start + 2, length);
        } else {
            start = 0;
            buf.setByte(1, 127);
            buf.setLong(2, length);
        }
        buf.setByte(start, FIN_TEXT);
        buf.readerIndex(start);
        return buf;
    }
}

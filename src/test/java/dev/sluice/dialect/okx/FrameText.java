package dev.sluice.dialect.okx;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Reads a pre-built server text frame back into its payload, checking the header on the way. */
final class FrameText {

    private FrameText() {
    }

    /** The payload of a complete unmasked FIN text frame; releases the frame. */
    static String payloadOf(ByteBuf frame) {
        try {
            int opcode = frame.getUnsignedByte(frame.readerIndex());
            if (opcode != 0x81) {
                throw new AssertionError("not a final text frame: first byte " + Integer.toHexString(opcode));
            }
            int marker = frame.getUnsignedByte(frame.readerIndex() + 1);
            int headerLength;
            long length;
            if (marker < 126) {
                headerLength = 2;
                length = marker;
            } else if (marker == 126) {
                headerLength = 4;
                length = frame.getUnsignedShort(frame.readerIndex() + 2);
            } else {
                headerLength = 10;
                length = frame.getLong(frame.readerIndex() + 2);
            }
            if (length != frame.readableBytes() - headerLength) {
                throw new AssertionError("header says " + length + " bytes, frame has "
                    + (frame.readableBytes() - headerLength));
            }
            return frame.toString(frame.readerIndex() + headerLength, (int) length, StandardCharsets.UTF_8);
        } finally {
            frame.release();
        }
    }
}

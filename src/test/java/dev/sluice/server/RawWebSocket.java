package dev.sluice.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * A WebSocket client written by hand on a plain TCP socket, so that tests can send what no well-behaved client
 * library would: unmasked frames, reserved bits and opcodes, broken fragmentation, invalid UTF-8, lying lengths.
 * Every read is bounded by {@link #READ_TIMEOUT_MS}, so a server that never answers fails the test instead of
 * hanging it. Not thread-safe; one test thread per instance.
 */
final class RawWebSocket implements AutoCloseable {

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** The RSV bits as the three-bit value of a frame's first byte, bits 6..4: RSV1 is 4 (permessage-deflate). */
    static final int RSV1 = 0b100;
    static final int NO_RSV = 0;

    static final int READ_TIMEOUT_MS = 5_000;
    static final String HOST = "127.0.0.1";

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final int MAX_READ_PAYLOAD_BYTES = 16 * 1024 * 1024;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String handshakeResponse;
    // Fixed seed: masking keys only need to be unpredictable to intermediaries, and tests should be repeatable.
    private final Random maskKeys = new Random(6455);

    /** A frame as it arrived from the server; for a close frame see {@link #closeCode()} and {@link #closeReason}. */
    record Frame(boolean fin, int rsv, int opcode, byte[] payload) {

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        boolean isClose() {
            return opcode == CLOSE;
        }

        /** The status code of a close frame, or -1 when the frame carries none. */
        int closeCode() {
            return payload.length >= 2 ? (payload[0] & 0xFF) << 8 | payload[1] & 0xFF : -1;
        }

        String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }

        @Override
        public String toString() {
            return "Frame[fin=" + fin + ", rsv=" + rsv + ", opcode=" + opcode + ", "
                + (isClose() ? "code=" + closeCode() + ", reason=" + closeReason() : "payload=" + payload.length + "B")
                + "]";
        }
    }

    /** A complete HTTP response as read up to the end of the stream. */
    record HttpReply(int status, String head, String body) {

        /** The value of the first header of that name (case-insensitive), or null. */
        String header(String name) {
            return RawWebSocket.header(head, name);
        }
    }

    private RawWebSocket(Socket socket, DataInputStream in, String handshakeResponse) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.handshakeResponse = handshakeResponse;
    }

    /**
     * Opens a connection and upgrades it on {@code path}; fails unless the server answers 101 with the
     * {@code Sec-WebSocket-Accept} that matches the key sent.
     *
     * @param extraHeaders complete header lines without line ends, e.g. {@code "Sec-WebSocket-Extensions: x"}
     */
    static RawWebSocket connect(int port, String path, String... extraHeaders) throws IOException {
        Socket socket = open(port);
        try {
            byte[] nonce = new byte[16];
            new Random().nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            socket.getOutputStream().write(ascii(upgradeRequest(port, path, key, extraHeaders)));
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new AssertionError("expected 101 Switching Protocols for " + path + ", got:\n" + head);
            }
            String accept = header(head, "Sec-WebSocket-Accept");
            if (!acceptFor(key).equals(accept)) {
                throw new AssertionError("Sec-WebSocket-Accept " + accept + " does not match key " + key);
            }
            return new RawWebSocket(socket, in, head);
        } catch (IOException | RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }

    /** The request head of a WebSocket upgrade, ending with the blank line. */
    static String upgradeRequest(int port, String path, String key, String... extraHeaders) {
        StringBuilder request = new StringBuilder()
            .append("GET ").append(path).append(" HTTP/1.1\r\n")
            .append("Host: ").append(HOST).append(':').append(port).append("\r\n")
            .append("Upgrade: websocket\r\n")
            .append("Connection: Upgrade\r\n")
            .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
            .append("Sec-WebSocket-Version: 13\r\n");
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    /** Sends a plain {@code GET} with {@code Connection: close} and returns the whole response. */
    static HttpReply get(int port, String pathAndQuery, String... extraHeaders) throws IOException {
        StringBuilder request = new StringBuilder()
            .append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n")
            .append("Host: ").append(HOST).append(':').append(port).append("\r\n");
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        return http(port, request.toString());
    }

    /**
     * Sends {@code request} exactly as given and reads the response until the server closes the connection, which
     * it must do within the read timeout (send {@code Connection: close}, or expect an error status).
     */
    static HttpReply http(int port, String request) throws IOException {
        try (Socket socket = open(port)) {
            socket.getOutputStream().write(ascii(request));
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = raw.indexOf("\r\n\r\n");
            if (!raw.startsWith("HTTP/1.1 ") || end < 0) {
                throw new AssertionError("not an HTTP/1.1 response:\n" + raw);
            }
            int status = Integer.parseInt(raw.substring(9, 12));
            return new HttpReply(status, raw.substring(0, end), raw.substring(end + 4));
        }
    }

    /** The server's 101 response head. */
    String handshakeResponse() {
        return handshakeResponse;
    }

    /** Sends one frame with a correct length (7-bit, 16-bit or 64-bit as the payload needs). */
    void send(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
        write(frame(fin, rsv, opcode, payload, masked));
    }

    /** Sends several encoded frames in one write, so they reach the server together. */
    void write(byte[]... frames) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            all.writeBytes(frame);
        }
        out.write(all.toByteArray());
        out.flush();
    }

    /** Encodes one frame; masked frames get a fresh masking key. */
    byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(header(fin, rsv, opcode, payload.length, masked));
        if (!masked) {
            frame.writeBytes(payload);
            return frame.toByteArray();
        }
        byte[] key = new byte[4];
        maskKeys.nextBytes(key);
        frame.writeBytes(key);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ key[i & 3]);
        }
        return frame.toByteArray();
    }

    /**
     * Sends only the header of a frame that declares {@code declaredLength} payload bytes (and a masking key when
     * masked), without any payload: a server must judge the length before it buffers the payload.
     */
    void sendHeaderOnly(boolean fin, int rsv, int opcode, long declaredLength, boolean masked) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(header(fin, rsv, opcode, declaredLength, masked));
        if (masked) {
            byte[] key = new byte[4];
            maskKeys.nextBytes(key);
            frame.writeBytes(key);
        }
        write(frame.toByteArray());
    }

    void sendText(String text) throws IOException {
        send(true, NO_RSV, TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    void sendClose(int code, String reason) throws IOException {
        send(true, NO_RSV, CLOSE, closePayload(code, reason), true);
    }

    static byte[] closePayload(int code, String reason) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(code >>> 8);
        payload.write(code);
        payload.writeBytes(reason.getBytes(StandardCharsets.UTF_8));
        return payload.toByteArray();
    }

    private static byte[] header(boolean fin, int rsv, int opcode, long length, boolean masked) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write((fin ? 0x80 : 0) | (rsv & 0b111) << 4 | opcode & 0x0F);
        int maskBit = masked ? 0x80 : 0;
        if (length < 126) {
            header.write(maskBit | (int) length);
        } else if (length <= 0xFFFF) {
            header.write(maskBit | 126);
            header.write((int) (length >>> 8));
            header.write((int) length);
        } else {
            header.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.write((int) (length >>> shift));
            }
        }
        return header.toByteArray();
    }

    /** The next frame from the server, or null when the server has closed the connection. */
    Frame read() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if (length < 0 || length > MAX_READ_PAYLOAD_BYTES) {
            throw new AssertionError("server frame declares " + length + " payload bytes");
        }
        byte[] key = (second & 0x80) != 0 ? new byte[4] : null;
        if (key != null) {
            in.readFully(key);
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        if (key != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
        }
        return new Frame((first & 0x80) != 0, first >>> 4 & 0b111, first & 0x0F, payload);
    }

    /** The next frame; fails if the server closes the connection instead. */
    Frame readFrame() throws IOException {
        Frame frame = read();
        if (frame == null) {
            throw new EOFException("the server closed the connection instead of sending a frame");
        }
        return frame;
    }

    /**
     * Every frame the server sends until it closes the TCP connection. Returning at all proves the server closed
     * it: a server that keeps the connection open fails the read with a timeout.
     */
    List<Frame> readUntilEof() throws IOException {
        List<Frame> frames = new ArrayList<>();
        for (Frame frame = read(); frame != null; frame = read()) {
            frames.add(frame);
        }
        return frames;
    }

    /** Drops the connection with a TCP reset instead of a FIN, as a crashed or killed client does. */
    void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static Socket open(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(HOST, port), READ_TIMEOUT_MS);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static String readHead(DataInputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside the HTTP response head:\n" + head);
            }
            if (head.size() >= MAX_HEAD_BYTES) {
                throw new AssertionError("HTTP response head longer than " + MAX_HEAD_BYTES + " bytes");
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String acceptFor(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(ascii(key + ACCEPT_GUID));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

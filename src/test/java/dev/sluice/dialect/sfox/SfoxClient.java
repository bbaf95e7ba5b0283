package dev.sluice.dialect.sfox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A minimal WebSocket client over a plain socket, so that a test can choose the local address (127.0.0.2), send any
 * header (X-Forwarded-For) and read the server's frames byte for byte. Text frames only; a close frame ends reading.
 */
public final class SfoxClient implements AutoCloseable {

    static final int READ_TIMEOUT_MS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    /** The HTTP status of the upgrade answer (101 when upgraded). */
    final int status;
    /** The upgrade answer's head and, when refused, its body. */
    final String response;
    /** The close code received, or -1. */
    int closeCode = -1;

    private SfoxClient(Socket socket, int status, String response) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.status = status;
        this.response = response;
    }

    public static SfoxClient connect(int port, String localIp, String... headers) {
        return connect(port, localIp, new byte[0], headers);
    }

    /** Connects and sends {@code preamble} (a PROXY protocol header, say) before the upgrade request. */
    static SfoxClient connect(int port, String localIp, byte[] preamble, String... headers) {
        return connectTo(port, localIp, "/ws", preamble, headers);
    }

    /** Upgrades on {@code pathAndQuery} (Hyperliquid's {@code /ws?ts=..&sig=..}, say). */
    public static SfoxClient connectTo(int port, String localIp, String pathAndQuery, String... headers) {
        return connectTo(port, localIp, pathAndQuery, new byte[0], headers);
    }

    private static SfoxClient connectTo(int port, String localIp, String pathAndQuery, byte[] preamble,
                                        String... headers) {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            request.append("\r\n");
            socket.getOutputStream().write(preamble);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String head = readHead(in);
            int status = Integer.parseInt(head.substring(9, 12));
            String body = "";
            if (status != 101) {
                int length = contentLength(head);
                byte[] bytes = new byte[length];
                in.readFully(bytes);
                body = new String(bytes, StandardCharsets.UTF_8);
            }
            return new SfoxClient(socket, status, head + body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTTP status of the upgrade answer. */
    public int status() {
        return status;
    }

    /** The upgrade answer's head and, when refused, its body. */
    public String response() {
        return response;
    }

    /** The close code received, or -1. */
    public int closeCode() {
        return closeCode;
    }

    public boolean upgraded() {
        return status == 101;
    }

    public void send(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        try {
            int length = payload.length;
            byte[] head;
            if (length < 126) {
                head = new byte[] {(byte) 0x81, (byte) (0x80 | length)};
            } else {
                head = new byte[] {(byte) 0x81, (byte) (0x80 | 126), (byte) (length >> 8), (byte) length};
            }
            byte[] masked = new byte[length];
            for (int i = 0; i < length; i++) {
                masked[i] = (byte) (payload[i] ^ mask[i % 4]);
            }
            out.write(head);
            out.write(mask);
            out.write(masked);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next text message, or null at a close frame, the end of the stream or a timeout. */
    public String next() {
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                int opcode = b0 & 0x0F;
                if (opcode == 0x8) {
                    closeCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                    return null;
                }
                if (opcode == 0x1) {
                    return new String(payload, StandardCharsets.UTF_8);
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The next message as JSON (it must be valid JSON), or null. */
    public JsonNode nextJson() {
        String text = next();
        return text == null ? null : json(text);
    }

    /** The next message that is not a feed message (has a {@code type}), skipping feed data. */
    JsonNode nextReply() {
        for (JsonNode message = nextJson(); message != null; message = nextJson()) {
            if (message.has("type")) {
                return message;
            }
        }
        return null;
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private static String readHead(DataInputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        return head.toString();
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }
}

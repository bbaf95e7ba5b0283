package dev.sluice.dialect.oxarchive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A plain-socket WebSocket client for the 0xArchive tests: any path and query, every read bounded by
 * {@link #READ_TIMEOUT_MS}, server pings counted, a close frame recorded. Not thread-safe.
 */
final class OxClient implements AutoCloseable {

    static final int READ_TIMEOUT_MS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    /** The HTTP status of the upgrade answer (101 when upgraded). */
    final int status;
    /** The upgrade answer's head and, when refused, its body. */
    final String response;
    int closeCode = -1;
    String closeReason = "";
    int pings;

    private OxClient(Socket socket, DataInputStream in, int status, String response) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.status = status;
        this.response = response;
    }

    static OxClient connect(int port, String pathAndQuery) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            int status = Integer.parseInt(head.substring(9, 12));
            String body = "";
            if (status != 101) {
                byte[] bytes = new byte[contentLength(head.toString())];
                in.readFully(bytes);
                body = new String(bytes, StandardCharsets.UTF_8);
            }
            return new OxClient(socket, in, status, head + body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean upgraded() {
        return status == 101;
    }

    void send(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {7, 1, 3, 5};
        try {
            int length = payload.length;
            byte[] head = length < 126 ? new byte[] {(byte) 0x81, (byte) (0x80 | length)}
                : new byte[] {(byte) 0x81, (byte) (0x80 | 126), (byte) (length >> 8), (byte) length};
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

    /** The next text message, or null at a close frame, the end of the stream or a timeout. Pings are counted. */
    String next() {
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
                    closeReason = payload.length > 2 ? new String(payload, 2, payload.length - 2,
                        StandardCharsets.UTF_8) : "";
                    return null;
                }
                if (opcode == 0x9) {
                    pings++;
                    return "";
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

    /** The next JSON message that matches, skipping others (and pings); null at a close or a timeout. */
    JsonNode next(Predicate<JsonNode> wanted) {
        for (String text = next(); text != null; text = next()) {
            if (!text.isEmpty()) {
                JsonNode message = json(text);
                if (wanted.test(message)) {
                    return message;
                }
            }
        }
        return null;
    }

    /** The next message of the given {@code type}, skipping others. */
    JsonNode nextOfType(String type) {
        return next(m -> type.equals(m.path("type").asText()));
    }

    /** The next message that is not live or historical data. */
    JsonNode nextReply() {
        return next(m -> !"data".equals(m.path("type").asText())
            && !"historical_data".equals(m.path("type").asText()));
    }

    /** Reads until the connection closes (or a read times out); true when a close frame arrived. */
    boolean awaitClose() {
        while (next() != null) {
            // skip what comes before the close
        }
        return closeCode != -1;
    }

    static JsonNode json(String text) {
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

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }
}

package dev.sluice.dialect.sfox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.WsClient;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A {@link WsClient} on sFOX's {@code /ws}, so that a test can choose the local address (127.0.0.2), send any header
 * (X-Forwarded-For) or a PROXY protocol preamble, and read the server's frames byte for byte. Text frames only; a
 * close frame ends reading.
 */
final class SfoxClient implements AutoCloseable {

    static final int READ_TIMEOUT_MS = WsClient.READ_TIMEOUT_MS;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WsClient ws;
    /** The HTTP status of the upgrade answer (101 when upgraded). */
    final int status;
    /** The upgrade answer's head and, when refused, its body. */
    final String response;
    /** The close code received, or -1. */
    int closeCode = -1;

    private SfoxClient(WsClient ws) {
        this.ws = ws;
        this.status = ws.status();
        this.response = ws.response();
    }

    static SfoxClient connect(int port, String localIp, String... headers) {
        return connect(port, localIp, new byte[0], headers);
    }

    /** Connects and sends {@code preamble} (a PROXY protocol header, say) before the upgrade request. */
    static SfoxClient connect(int port, String localIp, byte[] preamble, String... headers) {
        return new SfoxClient(WsClient.connect(port, "/ws", localIp, preamble, headers));
    }

    boolean upgraded() {
        return status == 101;
    }

    void send(String text) {
        ws.send(text);
    }

    /** The next text message, or null at a close frame, the end of the stream or a timeout. Pings are skipped. */
    String next() {
        String text = ws.next();
        while (text != null && text.isEmpty()) {
            text = ws.next();
        }
        closeCode = ws.closeCode();
        return text;
    }

    /** The next message as JSON (it must be valid JSON), or null. */
    JsonNode nextJson() {
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

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    @Override
    public void close() {
        ws.close();
    }
}

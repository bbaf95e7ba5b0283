package dev.sluice.dialect.sfox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.WsClient;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A {@link WsClient} with JSON helpers, so that a test can choose the local address (127.0.0.2), send any header
 * (X-Forwarded-For) or a PROXY protocol preamble, upgrade on any path, and read the server's frames byte for byte.
 * Text frames only (pings are skipped); a close frame ends reading.
 */
public final class SfoxClient implements AutoCloseable {

    static final int READ_TIMEOUT_MS = WsClient.READ_TIMEOUT_MS;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WsClient ws;

    private SfoxClient(WsClient ws) {
        this.ws = ws;
    }

    public static SfoxClient connect(int port, String localIp, String... headers) {
        return connect(port, localIp, new byte[0], headers);
    }

    /** Connects and sends {@code preamble} (a PROXY protocol header, say) before the upgrade request. */
    static SfoxClient connect(int port, String localIp, byte[] preamble, String... headers) {
        return new SfoxClient(WsClient.connect(port, "/ws", localIp, preamble, headers));
    }

    /** Upgrades on {@code pathAndQuery} (Hyperliquid's {@code /ws?ts=..&sig=..}, say). */
    public static SfoxClient connectTo(int port, String localIp, String pathAndQuery, String... headers) {
        return new SfoxClient(WsClient.connect(port, pathAndQuery, localIp, headers));
    }

    /** The HTTP status of the upgrade answer. */
    public int status() {
        return ws.status();
    }

    /** The upgrade answer's head and, when refused, its body. */
    public String response() {
        return ws.response();
    }

    /** The close code received, or -1. */
    public int closeCode() {
        return ws.closeCode();
    }

    public boolean upgraded() {
        return ws.status() == 101;
    }

    public void send(String text) {
        ws.send(text);
    }

    /** The next text message, or null at a close frame, the end of the stream or a timeout. */
    public String next() {
        String text = ws.next();
        while (text != null && text.isEmpty()) {
            text = ws.next();
        }
        return text;
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
        ws.close();
    }
}

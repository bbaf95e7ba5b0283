package dev.sluice.dialect.oxarchive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.WsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Predicate;

/**
 * A {@link WsClient} for the 0xArchive tests: JSON messages picked by type, server pings counted, the close frame
 * recorded. Not thread-safe.
 */
final class OxClient implements AutoCloseable {

    static final int READ_TIMEOUT_MS = WsClient.READ_TIMEOUT_MS;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WsClient ws;
    /** The HTTP status of the upgrade answer (101 when upgraded). */
    final int status;
    /** The upgrade answer's head and, when refused, its body. */
    final String response;
    int closeCode = -1;
    String closeReason = "";
    int pings;

    private OxClient(WsClient ws) {
        this.ws = ws;
        this.status = ws.status();
        this.response = ws.response();
    }

    static OxClient connect(int port, String pathAndQuery) {
        return new OxClient(WsClient.connect(port, pathAndQuery, "127.0.0.1"));
    }

    boolean upgraded() {
        return status == 101;
    }

    void send(String text) {
        ws.send(text);
    }

    /** The next text message; {@code ""} for a ping; null at a close frame, the end of the stream or a timeout. */
    String next() {
        String text = ws.next();
        closeCode = ws.closeCode();
        closeReason = ws.closeReason();
        pings = ws.pings();
        return text;
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
        ws.close();
    }
}

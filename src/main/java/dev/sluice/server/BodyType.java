package dev.sluice.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * The {@code Content-Type} of a limit refusal's body, judged from the body itself: a plan's {@code body} may be
 * JSON ({@code '{"error":..}'}) or plain text ({@code Too Many Requests}), or absent, and a client that trusts the
 * header must be able to parse what follows it.
 */
final class BodyType {

    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private BodyType() {
    }

    /**
     * {@link #JSON} for a body that is one JSON object or array, {@link #TEXT} for any other text, and null (send
     * no {@code Content-Type}: there is no content to describe) for an empty body.
     */
    static String of(String body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        return isJson(body) ? JSON : TEXT;
    }

    private static boolean isJson(String body) {
        String trimmed = body.strip();
        // Cheap test first: most text cannot be JSON, and only a JSON-looking body is parsed.
        if (trimmed.isEmpty() || trimmed.charAt(0) != '{' && trimmed.charAt(0) != '[') {
            return false;
        }
        try (JsonParser parser = JSON_FACTORY.createParser(trimmed)) {
            parser.nextToken();
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            // A configured body that looks like JSON but is not: sent as the text it is.
            return false;
        }
    }
}

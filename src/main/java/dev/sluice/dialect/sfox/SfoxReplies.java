package dev.sluice.dialect.sfox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dialect.Connection;
import dev.sluice.dialect.Json;
import java.util.List;

/**
 * sFOX's control messages: {@code {"type":"success"|"error","sequence":N,"timestamp":ns,"payload":{"action":..},
 * "action":..}}, as the authenticate answer is documented. Every reply the client receives takes the connection's
 * next sequence number: it is rendered here with the placeholder {@code "sequence":0} and numbered by
 * {@link #numbered} as the session writes it, so a reply that is never sent (the other answer of an authenticate, the
 * answer to a request a limit refuses) leaves no gap.
 */
final class SfoxReplies {

    /** What stands for the number until the reply is sent; sFOX's numbers start at 1. */
    private static final String UNNUMBERED = "\"sequence\":0,";
    /** The placeholder follows {@code {"type":"success",} at the latest. */
    private static final int UNNUMBERED_MAX_AT = 19;

    private SfoxReplies() {
    }

    /** The reply with its number, or the text unchanged when it is not an unnumbered sFOX reply. */
    static String numbered(String reply, Connection connection) {
        int at = reply.indexOf(UNNUMBERED);
        if (at < 0 || at > UNNUMBERED_MAX_AT) {
            return reply;
        }
        return reply.substring(0, at) + "\"sequence\":" + connection.nextSequence() + ','
            + reply.substring(at + UNNUMBERED.length());
    }

    static String success(long nowNanos, Connection connection, String action) {
        return Json.write(reply(nowNanos, connection, "success", action, null, null));
    }

    static String error(long nowNanos, Connection connection, String action, String error) {
        return Json.write(reply(nowNanos, connection, "error", action, error, null));
    }

    /** The acknowledgement of a subscribe or unsubscribe: the full list of the connection's feeds. */
    static String feeds(long nowNanos, Connection connection, String action, List<String> feeds) {
        ObjectNode root = reply(nowNanos, connection, "success", action, null, null);
        ArrayNode list = ((ObjectNode) root.get("payload")).putArray("feeds");
        feeds.forEach(list::add);
        return Json.write(root);
    }

    /** A refusal by a limit: the limit's code and text, and the milliseconds until the block ends. */
    static String limit(long nowNanos, Connection connection, String action, String code, String message,
                        long retryAfterMs) {
        ObjectNode root = reply(nowNanos, connection, "error", action, message, code);
        if (retryAfterMs > 0) {
            ((ObjectNode) root.get("payload")).put("retryAfterMs", retryAfterMs);
        }
        return Json.write(root);
    }

    private static ObjectNode reply(long nowNanos, Connection connection, String type, String action, String error,
                                    String code) {
        ObjectNode root = Json.object();
        root.put("type", type);
        root.put("sequence", 0);
        root.put("timestamp", nowNanos);
        ObjectNode payload = root.putObject("payload");
        payload.put("action", action);
        if (code != null) {
            payload.put("code", code);
        }
        if (error != null) {
            payload.put("error", error);
        }
        root.put("action", action);
        return root;
    }
}

package dev.sluice.dialect.oxarchive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.dialect.Json;

/** 0xArchive's control messages: acks, pong and {@code {"type":"error","message":..,"error_code":..}}. */
final class OxReplies {

    static final String PONG = "{\"type\":\"pong\"}";

    static final String INVALID_PARAMETER = "invalid_parameter";
    static final String INVALID_SYMBOL = "invalid_symbol";
    static final String INVALID_TIME_RANGE = "invalid_time_range";
    static final String UNSUPPORTED_FOR_VENUE = "unsupported_for_venue";
    static final String NOT_FOUND = "not_found";
    static final String UNAUTHORIZED = "unauthorized";
    static final String UPSTREAM_UNAVAILABLE = "upstream_unavailable";
    static final String INTERNAL_ERROR = "internal_error";
    static final String SLOW_CONSUMER = "slow_consumer";

    private OxReplies() {
    }

    /** A JSON string literal, quotes and escapes included. */
    static String quote(String text) {
        return Json.write(TextNode.valueOf(text));
    }

    /** {@code subscribed} / {@code unsubscribed}, with both {@code coin} and {@code symbol} as 0xArchive sends. */
    static String ack(String type, String channel, String symbol) {
        ObjectNode root = Json.object();
        root.put("type", type);
        root.put("channel", channel);
        root.put("coin", symbol);
        root.put("symbol", symbol);
        return Json.write(root);
    }

    static String error(String code, String message) {
        ObjectNode root = Json.object();
        root.put("type", "error");
        root.put("message", message);
        root.put("error_code", code);
        return Json.write(root);
    }
}

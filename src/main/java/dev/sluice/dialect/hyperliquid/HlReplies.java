package dev.sluice.dialect.hyperliquid;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.dialect.Json;

/** Hyperliquid's control messages: acks, errors and post responses. */
final class HlReplies {

    static final String PARSE_ERROR = "Error parsing JSON into valid websocket request: ";

    private HlReplies() {
    }

    /** {@code {"channel":"subscriptionResponse","data":{"method":..,"subscription":..}}}. */
    static String ack(String method, String subscriptionJson) {
        return "{\"channel\":\"subscriptionResponse\",\"data\":{\"method\":\"" + method + "\",\"subscription\":"
            + subscriptionJson + "}}";
    }

    /** The official error: {@code {"channel":"error","data":"<text>"}}. */
    static String error(String text) {
        ObjectNode node = Json.object().put("channel", "error");
        node.set("data", TextNode.valueOf(text));
        return Json.write(node);
    }

    static String parseError(String text) {
        return error(PARSE_ERROR + text);
    }

    static String postInfo(long id, String type, String data) {
        return "{\"channel\":\"post\",\"data\":{\"id\":" + id + ",\"response\":{\"type\":\"info\",\"payload\":"
            + "{\"type\":\"" + type + "\",\"data\":" + data + "}}}}";
    }

    static String postError(long id, String text) {
        return "{\"channel\":\"post\",\"data\":{\"id\":" + id + ",\"response\":{\"type\":\"error\",\"payload\":"
            + Json.write(TextNode.valueOf(text)) + "}}}";
    }
}

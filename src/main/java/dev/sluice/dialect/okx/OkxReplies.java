package dev.sluice.dialect.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dialect.Json;

/** Renders OKX control events: acks and errors, always ending with the connection's {@code connId}. */
final class OkxReplies {

    static final String INVALID_REQUEST = "60012";
    static final String DOES_NOT_EXIST = "60018";
    static final String INVALID_OP = "60019";
    static final String INVALID_ARGS = "60013";
    static final String PLEASE_LOG_IN = "60011";
    static final String SERVICE_UPGRADE = "64008";
    static final String MOVED_TO_BUSINESS = "64001";
    static final String NOT_ON_BUSINESS = "64002";

    private OkxReplies() {
    }

    /** {@code {"id":..,"event":"subscribe","arg":{..},"connId":..}}; {@code id} only when the request had one. */
    static String ack(String id, String op, JsonNode arg, String connId) {
        ObjectNode node = Json.object();
        if (id != null) {
            node.put("id", id);
        }
        node.put("event", op);
        node.set("arg", arg);
        node.put("connId", connId);
        return Json.write(node);
    }

    /** {@code {"id":..,"event":"error","code":..,"msg":..,"connId":..}}. */
    static String error(String id, String code, String msg, String connId) {
        ObjectNode node = Json.object();
        if (id != null) {
            node.put("id", id);
        }
        node.put("event", "error").put("code", code).put("msg", msg).put("connId", connId);
        return Json.write(node);
    }

    /** {@code {"event":"notice","code":..,"msg":..,"connId":..}}. */
    static String notice(String code, String msg, String connId) {
        ObjectNode node = Json.object();
        node.put("event", "notice").put("code", code).put("msg", msg).put("connId", connId);
        return Json.write(node);
    }

    /** {@code {"event":"channel-conn-count","channel":"orders","connCount":"2","connId":..}} or its -error form. */
    static String channelConnCount(boolean error, String channel, long count, String connId) {
        ObjectNode node = Json.object();
        node.put("event", error ? "channel-conn-count-error" : "channel-conn-count").put("channel", channel)
            .put("connCount", Long.toString(count)).put("connId", connId);
        return Json.write(node);
    }

    static String doesNotExist(String id, String channel, String instId, String connId) {
        return error(id, DOES_NOT_EXIST, "Wrong URL or channel:" + channel + ",instId:" + instId
            + " doesn't exist. Please use the correct URL, channel and parameters referring to API document.",
            connId);
    }
}

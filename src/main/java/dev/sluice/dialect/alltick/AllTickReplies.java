package dev.sluice.dialect.alltick;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dialect.Json;

/**
 * Renders AllTick responses: {@code {"ret":..,"msg":..,"cmd_id":..,"seq_id":..,"trace":..,"data":{}}}, in the field
 * order of AllTick's examples, echoing the request's {@code seq_id} and {@code trace}.
 */
final class AllTickReplies {

    static final int OK = 200;
    /** The doc's header-error example says 201; its error table files the message under 400 (see the preset doc). */
    static final int HEADER_INVALID = 201;
    static final int DATA_INVALID = 202;
    static final int CODE_INVALID = 600;

    /** What AllTick answers to a connection without a token (and Sluice, to one with an unknown token). */
    static final String TOKEN_REQUIRED = "{\"msg\":\"token is required\",\"ret\":401}";
    static final String TOKEN_INVALID = "{\"msg\":\"token invalid\",\"ret\":401}";

    /** The answer to a message whose header cannot be read: nothing of it is echoed, as in AllTick's example. */
    static final String HEADER_INVALID_REPLY = response(HEADER_INVALID, "request header param invalid", 0, 0, "");

    private AllTickReplies() {
    }

    /** {@code ret} 200 "ok" with the response's {@code cmd_id}. */
    static String ok(AllTickRequest request) {
        return response(OK, "ok", request.responseCmdId(), request.seqId(), request.trace());
    }

    static String dataInvalid(AllTickRequest request) {
        return error(DATA_INVALID, "request data param invalid", request);
    }

    static String codeInvalid(AllTickRequest request) {
        return error(CODE_INVALID, "code invalid", request);
    }

    /** An error answering {@code request}, or with nothing echoed when there is no request (a timer's refusal). */
    static String error(int ret, String msg, AllTickRequest request) {
        return request == null ? response(ret, msg, 0, 0, "")
            : response(ret, msg, request.responseCmdId(), request.seqId(), request.trace());
    }

    static String response(int ret, String msg, long cmdId, long seqId, String trace) {
        ObjectNode node = Json.object();
        node.put("ret", ret).put("msg", msg).put("cmd_id", cmdId).put("seq_id", seqId).put("trace", trace);
        node.putObject("data");
        return Json.write(node);
    }
}

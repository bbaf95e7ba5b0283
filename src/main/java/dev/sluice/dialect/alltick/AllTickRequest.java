package dev.sluice.dialect.alltick;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The standard header of an AllTick request, which every response echoes: {@code cmd_id}, {@code seq_id} and
 * {@code trace}. Also the {@code request} of the commands the dialect decodes, so that a limit's refusal can echo
 * it too.
 *
 * @param cmdId the request's protocol number (22000, 22002, 22004, 22006)
 * @param seqId the client's sequence number, echoed
 * @param trace the client's trace string (at most 64 characters), echoed
 */
record AllTickRequest(long cmdId, long seqId, String trace) {

    static final int MAX_TRACE_LENGTH = 64;
    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    /**
     * The header of a parsed message, or null when it is not a valid one: {@code cmd_id} and {@code seq_id} must be
     * uint32 numbers, {@code trace} a string of at most 64 characters and {@code data} an object
     * (AllTick's "common standard header": all four are required).
     */
    static AllTickRequest parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode cmdId = root.get("cmd_id");
        JsonNode seqId = root.get("seq_id");
        JsonNode trace = root.get("trace");
        JsonNode data = root.get("data");
        if (!isUint32(cmdId) || !isUint32(seqId) || trace == null || !trace.isTextual()
            || trace.asText().length() > MAX_TRACE_LENGTH || data == null || !data.isObject()) {
            return null;
        }
        return new AllTickRequest(cmdId.longValue(), seqId.longValue(), trace.asText());
    }

    /** The {@code cmd_id} of the response to this request: the request's plus one (22002 is answered by 22003). */
    long responseCmdId() {
        return cmdId + 1;
    }

    private static boolean isUint32(JsonNode node) {
        return node != null && node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0
            && node.longValue() <= UINT32_MAX;
    }
}

package dev.sluice.limit;

/**
 * What happens on excess, plus an optional penalty: when {@code penaltyMs > 0} a violation also blocks the
 * penalty scope for that long, and while blocked its handshakes and requests are refused with the time left.
 *
 * @param type       the response
 * @param httpStatus reject-handshake: the status (e.g. 429)
 * @param body       reject-handshake (and http-rate): the response body; {@value #RETRY_AFTER_MS} and
 *                   {@value #RETRY_AFTER_SECONDS} in it are replaced by the time until the refusal lifts
 * @param closeCode  accept-then-close and close, or error-frame with {@code closeAfter}: the WebSocket close code
 * @param reason     the close reason
 * @param errorCode  error-frame: the vendor's code, rendered by the dialect
 * @param message    error-frame: the vendor's text
 * @param closeAfter error-frame: close the connection after sending the error
 * @param penaltyMs  block the penalty scope this long on a violation; 0 for none
 * @param penaltyScope what the penalty blocks
 */
public record Action(Type type, int httpStatus, String body, int closeCode, String reason, String errorCode,
                     String message, boolean closeAfter, long penaltyMs, Scope penaltyScope) {

    /** The response to an excess. */
    public enum Type {
        /** Refuse the WebSocket upgrade with an HTTP status and body. */
        REJECT_HANDSHAKE,
        /** Complete the upgrade, then close at once with a close code. */
        ACCEPT_THEN_CLOSE,
        /** Close an open connection with a close code (timeouts). */
        CLOSE,
        /** Send the vendor's error message (the dialect renders it); optionally close after it. */
        ERROR_FRAME,
        /** Serve the first N and silently ignore the rest. */
        IGNORE_EXCESS,
        /** Tell the client the count on every new subscription; on breach acknowledge, then end it with an error. */
        NOTIFY;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Placeholder of a body for the milliseconds until the refusal lifts (the remaining block time). */
    public static final String RETRY_AFTER_MS = "{retryAfterMs}";
    /** Placeholder of a body for the same time in whole seconds, rounded up (as in {@code Retry-After}). */
    public static final String RETRY_AFTER_SECONDS = "{retryAfterSeconds}";

    /** The response body for a refusal that lifts in {@code retryAfterMs}, or {@code fallback} without a body. */
    public String body(long retryAfterMs, String fallback) {
        if (body == null) {
            return fallback;
        }
        long ms = Math.max(0, retryAfterMs);
        return body.replace(RETRY_AFTER_MS, Long.toString(ms))
            .replace(RETRY_AFTER_SECONDS, Long.toString((ms + 999) / 1000));
    }

    public boolean hasPenalty() {
        return penaltyMs > 0;
    }

    /** Whether applying this action ends the connection. */
    public boolean closes() {
        return type == Type.ACCEPT_THEN_CLOSE || type == Type.CLOSE || type == Type.ERROR_FRAME && closeAfter;
    }
}

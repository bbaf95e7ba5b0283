package dev.sluice.dialect.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.auth.SignedLogin;
import dev.sluice.dialect.Command;
import dev.sluice.dialect.Connection;
import dev.sluice.dialect.Json;
import dev.sluice.limit.Op;
import dev.sluice.time.Clock;

/**
 * OKX {@code login}: {@code {"op":"login","args":[{"apiKey","passphrase","timestamp","sign"}]}} with
 * {@code sign = Base64(HMAC_SHA256(secretKey, timestamp + "GET" + "/users/self/verify"))} and the timestamp in Unix
 * seconds. Shape and timestamp are checked here, on the injected clock; key, passphrase and signature by the
 * session against the service's accounts. Answers OKX's events: {@code {"event":"login","code":"0",..}} or an
 * error with 60004 (timestamp not a number of seconds, or more than 30 s ahead), 60005 (unknown API key), 60006
 * (timestamp more than 30 s old), 60007 (wrong signature), 60009 (refused for the account's limits), 60024 (wrong
 * passphrase), 60027 (a field missing), 60031 (already logged in). One account per connection: a batch login
 * with several args gets 60013.
 */
final class OkxLogin {

    static final String VERIFY_PATH = "/users/self/verify";
    static final long EXPIRY_SECONDS = 30;
    private static final String[] FIELDS = {"apiKey", "passphrase", "timestamp", "sign"};

    private final Clock clock;

    OkxLogin(Clock clock) {
        this.clock = clock;
    }

    Command decode(String id, JsonNode args, Connection connection) {
        String connId = connection.connId();
        if (args == null || !args.isArray() || args.isEmpty() || !args.get(0).isObject()) {
            return error(id, OkxReplies.INVALID_ARGS, "Invalid args", connId);
        }
        if (args.size() > 1) {
            return error(id, OkxReplies.INVALID_ARGS, "Invalid args: one account per connection", connId);
        }
        if (connection.authenticatedAccount() != null) {
            return error(id, "60031", "The WebSocket endpoint does not allow multiple or repeated logins.", connId);
        }
        JsonNode arg = args.get(0);
        for (String field : FIELDS) {
            JsonNode value = arg.get(field);
            // The timestamp is a string in OKX's docs; a client that sends it as a JSON number is read alike.
            boolean given = value != null && (value.isTextual() ? !value.asText().isEmpty()
                : "timestamp".equals(field) && value.isIntegralNumber());
            if (!given) {
                return error(id, "60027", "Parameter " + field + " can not be empty.", connId);
            }
        }
        String timestamp = arg.get("timestamp").asText();
        long seconds = seconds(timestamp);
        long now = clock.epochNanos() / 1_000_000_000L;
        if (seconds < 0 || seconds > now + EXPIRY_SECONDS) {
            return error(id, "60004", "Invalid timestamp", connId);
        }
        if (now - seconds > EXPIRY_SECONDS) {
            return error(id, "60006", "Timestamp request expired", connId);
        }
        return new Command.Login(arg.get("apiKey").asText(), arg.get("passphrase").asText(),
            timestamp + "GET" + VERIFY_PATH, arg.get("sign").asText(), success(id, connId),
            result -> failure(id, result, connId));
    }

    private static String success(String id, String connId) {
        ObjectNode node = Json.object();
        if (id != null) {
            node.put("id", id);
        }
        node.put("event", "login").put("code", "0").put("msg", "").put("connId", connId);
        return Json.write(node);
    }

    /** The error of a failed check; {@code result} null when the account's limits refused the connection. */
    private static String failure(String id, SignedLogin.Result result, String connId) {
        if (result == null || result == SignedLogin.Result.OK) {
            return OkxReplies.error(id, "60009", "Login failed.", connId);
        }
        switch (result) {
            case WRONG_PASSPHRASE:
                return OkxReplies.error(id, "60024", "Wrong passphrase", connId);
            case BAD_SIGNATURE:
                return OkxReplies.error(id, "60007", "Invalid sign", connId);
            default:
                return OkxReplies.error(id, "60005", "Invalid apiKey", connId);
        }
    }

    /** Whole non-negative seconds, or -1. */
    private static long seconds(String text) {
        if (text.length() > 12) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(text);
    }

    private static Command error(String id, String code, String msg, String connId) {
        return new Command.Reply(Op.LOGIN, OkxReplies.error(id, code, msg, connId));
    }
}

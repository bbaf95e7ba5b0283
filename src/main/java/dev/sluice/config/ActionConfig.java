package dev.sluice.config;

import dev.sluice.limit.Action;
import dev.sluice.limit.LimitKind;
import dev.sluice.limit.Scope;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads a limit's action keys: {@code action} and the keys that action type uses, plus an optional penalty. */
final class ActionConfig {

    static final int DEFAULT_REJECT_STATUS = 429;
    static final int DEFAULT_CLOSE_CODE = 1008;

    private ActionConfig() {
    }

    static Action read(ConfigReader in, LimitKind kind) {
        Set<String> types = Arrays.stream(Action.Type.values()).map(Action.Type::configName)
            .collect(Collectors.toCollection(LinkedHashSet::new));
        String typeName = in.choice("action", defaultAction(kind).configName(), types);
        Action.Type type = Action.Type.valueOf(typeName.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        int status = (int) in.integer("status", DEFAULT_REJECT_STATUS, 400, 599);
        String body = in.string("body", "");
        boolean closes = type == Action.Type.ACCEPT_THEN_CLOSE || type == Action.Type.CLOSE
            || type == Action.Type.ERROR_FRAME;
        // A reject-handshake limit with a penalty also answers messages its block refuses on open connections when
        // no in-band limit of the plan has a penalty on that scope: the session closes them, never with code 0.
        int closeCode = closes ? (int) in.integer("closeCode", DEFAULT_CLOSE_CODE, 1000, 4999)
            : type == Action.Type.REJECT_HANDSHAKE ? DEFAULT_CLOSE_CODE : 0;
        String reason = closes ? in.string("closeReason", "") : "";
        String errorCode = in.string("errorCode", "");
        String message = in.string("errorMessage", "rate limit exceeded");
        boolean closeAfter = in.bool("closeAfterError", false);
        long penaltyMs = in.integer("penaltyMs", 0, 0, 30L * 24 * 3600 * 1000);
        Scope penaltyScope = Scope.fromConfig(in.choice("penaltyScope", Scope.IP.configName(),
            Arrays.stream(Scope.values()).map(Scope::configName).collect(Collectors.toSet())));
        if ((kind == LimitKind.HEARTBEAT || kind == LimitKind.IDLE_TIMEOUT) && type != Action.Type.CLOSE) {
            in.invalid("action", "must be close for kind " + kind.configName());
            return null;
        }
        if (type == Action.Type.REJECT_HANDSHAKE && kind != LimitKind.CONNECTIONS && kind != LimitKind.CONNECT_RATE
            && kind != LimitKind.HTTP_RATE) {
            in.invalid("action", "reject-handshake applies to connections, connect-rate and http-rate only");
            return null;
        }
        return new Action(type, status, body, closeCode, reason, errorCode, message, closeAfter, penaltyMs,
            penaltyScope);
    }

    private static Action.Type defaultAction(LimitKind kind) {
        return switch (kind) {
            case CONNECTIONS, CONNECT_RATE, HTTP_RATE -> Action.Type.REJECT_HANDSHAKE;
            case HEARTBEAT, IDLE_TIMEOUT -> Action.Type.CLOSE;
            case CHANNEL_CONNECTIONS -> Action.Type.NOTIFY;
            default -> Action.Type.ERROR_FRAME;
        };
    }
}

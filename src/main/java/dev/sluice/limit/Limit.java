package dev.sluice.limit;

import java.util.Map;
import java.util.Objects;

/**
 * One limit of a plan: kind, scope, selector, value and action. Which value fields matter depends on the kind
 * (the configuration loader checks that the right ones are set):
 * <ul>
 * <li>{@code max}: connections, channel-connections, subscriptions, unique-users, inflight, credits (the quota);
 * <li>{@code permits} per {@code periodMs}, counted as {@code window} says ({@code burst} only for a bucket):
 *     connect-rate, message-rate, http-rate;
 * <li>{@code periodMs}: request-spacing (the interval), heartbeat and idle-timeout (the timeout; for idle-timeout
 *     the timeout while the connection has subscriptions);
 * <li>{@code idleWithoutSubscriptionsMs}: idle-timeout while it has none;
 * <li>{@code coverage}: replay-coverage, the first epoch millisecond of each {@code exchange/channel}
 *     ({@code exchange/*} for every channel of an exchange);
 * <li>{@code monthly}: credits, the quota applies per calendar month (UTC) and starts afresh each month.
 * </ul>
 *
 * @param id     unique within the service, for metrics and logs: {@code plan/kind/index}
 * @param shadow evaluate and count, never enforce
 */
public record Limit(String id, LimitKind kind, Scope scope, Selector selector, long max, long permits, long burst,
                    RateWindow window, long periodMs, long idleWithoutSubscriptionsMs, Map<String, Long> coverage,
                    boolean monthly, Action action, boolean shadow) {

    public Limit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(window, "window");
        coverage = Map.copyOf(coverage);
    }

    /** The number a usage is compared with, for decisions and messages. */
    public long value() {
        return switch (kind) {
            case CONNECT_RATE, MESSAGE_RATE, HTTP_RATE -> permits;
            case REQUEST_SPACING, HEARTBEAT, IDLE_TIMEOUT -> periodMs;
            default -> max;
        };
    }

    public Limit asShadow() {
        return new Limit(id, kind, scope, selector, max, permits, burst, window, periodMs, idleWithoutSubscriptionsMs,
            coverage, monthly, action, true);
    }
}

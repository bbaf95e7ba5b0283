package dev.sluice.limit;

import java.util.List;

/**
 * Charges one credit per message sent against the account's quota (0xArchive: 1 credit per WebSocket message).
 * Charges accumulate on the connection and reach the shared counter in batches of {@link #FLUSH_MESSAGES} or on
 * every tick, so the per-message cost is a local increment; the quota can therefore be overrun by at most one
 * batch per connection before the exhausted action fires.
 *
 * <p>With a remote state (Redis) the batch is added on the engine's decision executor, never on the event loop
 * that delivers the messages; a breach it finds is answered by the next charge or tick, so the quota can then be
 * overrun by at most two batches per connection.
 */
final class CreditMeter {

    static final int FLUSH_MESSAGES = 1_000;

    private final LimitEngine engine;
    private final List<Limit> limits;
    private final String[] keys;
    private final Principal principal;
    private final String connId;
    private long pending;
    /** A breach found by a remote flush, for the event loop to answer. */
    private volatile Decision late;

    CreditMeter(LimitEngine engine, Plan plan, Principal principal, String connId) {
        this.engine = engine;
        // Credits are charged to a scope the client has; an anonymous client has no account to charge.
        this.limits = plan.limits(LimitKind.CREDITS).stream()
            .filter(limit -> limit.scope().valueOf(principal, connId) != null).toList();
        this.principal = principal;
        this.connId = connId;
        this.keys = new String[limits.size()];
        for (int i = 0; i < keys.length; i++) {
            Limit limit = limits.get(i);
            keys[i] = engine.key(limit, limit.scope().valueOf(principal, connId));
        }
    }

    Decision charge(int messages, long nowNanos) {
        if (limits.isEmpty()) {
            return Decision.ALLOWED;
        }
        pending += messages;
        return pending >= FLUSH_MESSAGES ? flush(nowNanos) : takeLate();
    }

    Decision flush(long nowNanos) {
        if (pending == 0) {
            return takeLate();
        }
        long charged = pending;
        pending = 0;
        if (engine.remote()) {
            engine.decisions().execute(() -> {
                Decision breach = add(charged, nowNanos);
                if (breach.refused()) {
                    late = breach;
                }
            });
            return takeLate();
        }
        return add(charged, nowNanos);
    }

    private Decision takeLate() {
        Decision breach = late;
        if (breach == null) {
            return Decision.ALLOWED;
        }
        late = null;
        return breach;
    }

    private Decision add(long charged, long nowNanos) {
        Decision result = Decision.ALLOWED;
        for (int i = 0; i < keys.length; i++) {
            Limit limit = limits.get(i);
            String key = periodKey(i, nowNanos);
            long used = engine.state().add(key, charged);
            if (used > limit.max() && result == Decision.ALLOWED) {
                result = engine.breach(limit, key, used, 0, principal, connId, nowNanos);
            }
        }
        return result;
    }

    /** A monthly quota counts per calendar month (UTC): the month is part of the key, so a new month starts at 0. */
    private String periodKey(int index, long nowNanos) {
        if (!limits.get(index).monthly()) {
            return keys[index];
        }
        java.time.YearMonth month = java.time.YearMonth.from(java.time.Instant.ofEpochMilli(
            nowNanos / LimitEngine.NANOS_PER_MS).atZone(java.time.ZoneOffset.UTC));
        return keys[index] + '|' + month;
    }

    /** Credits used so far in the current period by the scope of the first credits limit (usage reports). */
    long used(long nowNanos) {
        return keys.length == 0 ? 0 : engine.state().get(periodKey(0, nowNanos)) + pending;
    }
}

package dev.sluice.limit;

import dev.sluice.limit.window.FixedWindow;
import dev.sluice.limit.window.RateCounter;
import dev.sluice.limit.window.SlidingLog;

/**
 * What one connection's inbound messages are checked against: the plan's message-rate and request-spacing
 * limits, in plan order, with the connection-scoped counters (sliding or fixed windows, or buckets, as each limit's
 * {@link RateWindow} says) and spacing times kept here and the wider scopes in
 * the engine's {@link LimitState}. The arrays are indexed alike, so the per-message path does no map lookups and,
 * when allowed, no allocation. Also decides the once-per-handshake or once-per-request rates (connect-rate,
 * http-rate). Not thread-safe: owned by its {@link ConnectionLimits}.
 */
final class InboundLimits {

    private final LimitEngine engine;
    private final Principal principal;
    private final String connId;
    /** Scope key of everything counted per connection ({@code connection:<connId>}). */
    private final String connectionKey;
    private final Limit[] inbound;
    /** Per inbound limit: its shared-state key (null for connection scope, or when the principal has no value). */
    private final String[] inboundKeys;
    /** Per connection-scoped message-rate limit: its counter (window or bucket), created on first use. */
    private final RateCounter[] inboundCounters;
    /** Per connection-scoped request-spacing limit: when it last let a request through (valid once requested). */
    private final long[] lastRequestNanos;
    private final boolean[] requested;

    InboundLimits(LimitEngine engine, Plan plan, Principal principal, String connId) {
        this.engine = engine;
        this.principal = principal;
        this.connId = connId;
        this.connectionKey = "connection:" + connId;
        this.inbound = plan.limits().stream()
            .filter(limit -> limit.kind() == LimitKind.MESSAGE_RATE || limit.kind() == LimitKind.REQUEST_SPACING)
            .toArray(Limit[]::new);
        this.inboundKeys = new String[inbound.length];
        for (int i = 0; i < inbound.length; i++) {
            String value = inbound[i].scope().valueOf(principal, connId);
            if (inbound[i].scope() != Scope.CONNECTION && value != null) {
                inboundKeys[i] = engine.key(inbound[i], value);
            }
        }
        this.inboundCounters = new RateCounter[inbound.length];
        this.lastRequestNanos = new long[inbound.length];
        this.requested = new boolean[inbound.length];
    }

    /**
     * Takes over what the same connection counted under its previous limits: each connection-scoped message-rate
     * counter of an equal limit (same permits, period, window, burst and selector), so that a login cannot restart
     * the count of the hour.
     */
    void carryOver(InboundLimits previous) {
        for (int i = 0; i < inbound.length; i++) {
            if (inbound[i].kind() != LimitKind.MESSAGE_RATE || inbound[i].scope() != Scope.CONNECTION) {
                continue;
            }
            for (int j = 0; j < previous.inbound.length; j++) {
                Limit old = previous.inbound[j];
                if (old.kind() == LimitKind.MESSAGE_RATE && old.scope() == Scope.CONNECTION
                    && old.permits() == inbound[i].permits() && old.periodMs() == inbound[i].periodMs()
                    && old.window() == inbound[i].window() && old.burst() == inbound[i].burst()
                    && old.selector().equals(inbound[i].selector())) {
                    inboundCounters[i] = previous.inboundCounters[j];
                    break;
                }
            }
        }
    }

    /** Checks a message of the given kind against every rate and spacing limit that counts it. */
    Decision check(Op op, long now) {
        Decision result = Decision.ALLOWED;
        for (int i = 0; i < inbound.length; i++) {
            Limit limit = inbound[i];
            if (!limit.selector().counts(op)) {
                continue;
            }
            Decision decision = limit.kind() == LimitKind.MESSAGE_RATE ? inboundRate(i, now) : space(i, now);
            if (decision.refused()) {
                return decision;
            }
            if (decision != Decision.ALLOWED) {
                // A shadow refusal: allowed, but the caller can see what would have happened.
                result = decision;
            }
        }
        return result;
    }

    /** A rate limit checked once per handshake or HTTP request (connect-rate, http-rate). */
    Decision rate(Limit limit, long now) {
        if (limit.scope() == Scope.CONNECTION) {
            // A new connection or request has a new counter: the one admission it asks for always fits.
            return takeLocal(limit, newCounter(limit, now), now);
        }
        String value = limit.scope().valueOf(principal, connId);
        return value == null ? Decision.ALLOWED : takeShared(limit, engine.key(limit, value), now);
    }

    private Decision inboundRate(int i, long now) {
        Limit limit = inbound[i];
        if (limit.scope() == Scope.CONNECTION) {
            RateCounter counter = inboundCounters[i];
            if (counter == null) {
                counter = newCounter(limit, now);
                inboundCounters[i] = counter;
            }
            return takeLocal(limit, counter, now);
        }
        return inboundKeys[i] == null ? Decision.ALLOWED : takeShared(limit, inboundKeys[i], now);
    }

    private static RateCounter newCounter(Limit limit, long now) {
        return switch (limit.window()) {
            case SLIDING -> new SlidingLog();
            case FIXED -> new FixedWindow();
            case BUCKET -> new LocalBucket(Math.max(limit.burst(), 1), limit.permits(),
                limit.periodMs() * LimitEngine.NANOS_PER_MS, now);
        };
    }

    private Decision takeLocal(Limit limit, RateCounter counter, long now) {
        long wait = counter.tryAdmit(limit.permits(), limit.periodMs() * LimitEngine.NANOS_PER_MS, now);
        if (wait == 0) {
            engine.allowed(limit);
            return Decision.ALLOWED;
        }
        return engine.breach(limit, connectionKey, limit.permits() + 1, wait, principal, connId, now);
    }

    private Decision takeShared(Limit limit, String key, long now) {
        long periodNanos = limit.periodMs() * LimitEngine.NANOS_PER_MS;
        long wait = switch (limit.window()) {
            case SLIDING -> engine.state().slidingWindow(key, limit.permits(), periodNanos, now);
            case FIXED -> engine.state().fixedWindow(key, limit.permits(), periodNanos, now);
            case BUCKET -> engine.state().consume(key, 1, Math.max(limit.burst(), 1), limit.permits(), periodNanos,
                now);
        };
        if (wait == 0) {
            engine.allowed(limit);
            return Decision.ALLOWED;
        }
        return engine.breach(limit, key, limit.permits() + 1, wait, principal, connId, now);
    }

    private Decision space(int i, long now) {
        Limit limit = inbound[i];
        long interval = limit.periodMs() * LimitEngine.NANOS_PER_MS;
        if (limit.scope() == Scope.CONNECTION) {
            long last = lastRequestNanos[i];
            if (requested[i] && now - last < interval) {
                return engine.breach(limit, connectionKey, 2, interval - (now - last), principal, connId, now);
            }
            lastRequestNanos[i] = now;
            requested[i] = true;
            engine.allowed(limit);
            return Decision.ALLOWED;
        }
        String key = inboundKeys[i];
        if (key == null) {
            return Decision.ALLOWED;
        }
        long wait = engine.state().space(key, connId, interval, now);
        if (wait == 0) {
            engine.allowed(limit);
            return Decision.ALLOWED;
        }
        return engine.breach(limit, key, 2, wait, principal, connId, now);
    }
}

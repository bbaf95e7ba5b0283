package dev.sluice.limit;

import java.util.List;

/**
 * The penalty blocks one connection's requests are checked against: per scope of the plan that some limit blocks
 * on a breach (its penalty scope), the key of this connection's block there. Built once per connection; checked
 * before every decision, so the check allocates nothing while nothing is blocked. Not thread-safe beyond what the
 * engine's state gives: owned by its {@link ConnectionLimits}.
 */
final class Penalties {

    private final LimitEngine engine;
    private final Plan plan;
    private final Principal principal;
    private final String connId;
    private final List<Scope> scopes;
    /** Per penalty scope: the key of this connection's block (null when the principal has no value for it). */
    private final String[] blockKeys;

    Penalties(LimitEngine engine, Plan plan, Principal principal, String connId) {
        this.engine = engine;
        this.plan = plan;
        this.principal = principal;
        this.connId = connId;
        this.scopes = LimitEngine.penaltyScopes(plan);
        this.blockKeys = new String[scopes.size()];
        for (int i = 0; i < blockKeys.length; i++) {
            String value = scopes.get(i).valueOf(principal, connId);
            blockKeys[i] = value == null ? null : engine.blockKey(scopes.get(i), value);
        }
    }

    /**
     * Refuses while a penalty blocks one of the principal's scopes. The refusal carries the action of a limit
     * with a penalty on that scope that can answer where the request arrived: a handshake (or HTTP request) needs
     * an HTTP answer, a message on an open connection an in-band one.
     */
    Decision check(long now, boolean handshake) {
        for (int i = 0; i < blockKeys.length; i++) {
            if (blockKeys[i] == null) {
                continue;
            }
            long wait = engine.state().blockedFor(blockKeys[i], now);
            if (wait > 0) {
                Scope scope = scopes.get(i);
                Limit limit = limitFor(scope, handshake);
                return new Decision(Decision.Outcome.REFUSED, limit,
                    scope.configName() + ':' + scope.valueOf(principal, connId), 0,
                    (wait + LimitEngine.NANOS_PER_MS - 1) / LimitEngine.NANOS_PER_MS);
            }
        }
        return Decision.ALLOWED;
    }

    /**
     * The first limit with a penalty on the scope whose action answers a handshake ({@code handshake}) or an
     * in-band request (otherwise); failing that, the first with a penalty on the scope. Without the preference a
     * plan listing its connections limit first (sFOX) answered every blocked message with reject-handshake.
     */
    private Limit limitFor(Scope scope, boolean handshake) {
        Limit first = null;
        for (Limit limit : plan.limits()) {
            Action action = limit.action();
            if (action.hasPenalty() && action.penaltyScope() == scope) {
                boolean answersHandshake = action.type() == Action.Type.REJECT_HANDSHAKE
                    || action.type() == Action.Type.ACCEPT_THEN_CLOSE;
                if (answersHandshake == handshake) {
                    return limit;
                }
                first = first == null ? limit : first;
            }
        }
        if (first == null) {
            throw new IllegalStateException("no penalty limit for scope " + scope);
        }
        return first;
    }
}

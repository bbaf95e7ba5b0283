package dev.sluice.limit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The subscription side of one connection's limits: subscriptions (per connection or wider, optionally per
 * interface), channel connections (one per channel however many subscriptions the connection has to it) and
 * unique users (one per address however many user channels follow it). Local reference counts decide when the
 * shared membership is taken and given back. Runs on the connection's event loop.
 */
final class SubscriptionLimits {

    private final LimitEngine engine;
    private final Plan plan;
    private final Principal principal;
    private final String connId;
    private final Holds holds;
    private final Map<String, Integer> localCounts = new HashMap<>();
    private final Map<String, Integer> channelRefs = new HashMap<>();
    private final Map<String, Integer> userRefs = new HashMap<>();

    SubscriptionLimits(LimitEngine engine, Plan plan, Principal principal, String connId, Holds holds) {
        this.engine = engine;
        this.plan = plan;
        this.principal = principal;
        this.connId = connId;
        this.holds = holds;
    }

    /** See {@link ConnectionLimits#onSubscribe}; on refusal whatever earlier limits took is given back. */
    Decision onSubscribe(SubscriptionInfo info, long now) {
        List<Limit> taken = new ArrayList<>(2);
        Decision notify = Decision.ALLOWED;
        for (Limit limit : plan.limits()) {
            if (!counts(limit, info)) {
                continue;
            }
            Decision decision = switch (limit.kind()) {
                case SUBSCRIPTIONS -> subscription(limit, info, now);
                case CHANNEL_CONNECTIONS -> channelConnection(limit, info, now);
                default -> uniqueUser(limit, info, now);
            };
            if (decision.refused()) {
                for (int i = taken.size() - 1; i >= 0; i--) {
                    drop(taken.get(i), info);
                }
                return decision;
            }
            if (decision.outcome() == Decision.Outcome.ALLOWED) {
                taken.add(limit);
                if (decision.limit() != null) {
                    notify = decision;
                }
            }
        }
        return notify;
    }

    void onUnsubscribe(SubscriptionInfo info) {
        for (Limit limit : plan.limits()) {
            if (counts(limit, info)) {
                drop(limit, info);
            }
        }
    }

    private boolean counts(Limit limit, SubscriptionInfo info) {
        boolean kind = limit.kind() == LimitKind.SUBSCRIPTIONS || limit.kind() == LimitKind.CHANNEL_CONNECTIONS
            || limit.kind() == LimitKind.UNIQUE_USERS && info.user() != null;
        return kind && limit.selector().countsChannel(info.channel()) && holds.applies(limit);
    }

    private void drop(Limit limit, SubscriptionInfo info) {
        switch (limit.kind()) {
            case SUBSCRIPTIONS -> dropSubscription(limit, info);
            case CHANNEL_CONNECTIONS -> dropRef(channelRefs, limit, info.channel(),
                holds.key(limit, info.channel()), connId);
            default -> dropRef(userRefs, limit, info.user(), holds.key(limit), info.user());
        }
    }

    private Decision subscription(Limit limit, SubscriptionInfo info, long now) {
        String iface = limit.selector().perInterface() ? info.iface() : "*";
        if (limit.scope() == Scope.CONNECTION) {
            String local = limit.id() + '|' + iface;
            int count = localCounts.getOrDefault(local, 0);
            if (count >= limit.max()) {
                return engine.breach(limit, "connection:" + connId + '|' + iface, count + 1, 0, principal, connId,
                    now);
            }
            localCounts.put(local, count + 1);
            engine.allowed(limit);
            return Decision.ALLOWED;
        }
        return holds.acquire(limit, holds.key(limit, iface), connId + '/' + info.key(), now);
    }

    private void dropSubscription(Limit limit, SubscriptionInfo info) {
        String iface = limit.selector().perInterface() ? info.iface() : "*";
        if (limit.scope() == Scope.CONNECTION) {
            localCounts.computeIfPresent(limit.id() + '|' + iface, (k, n) -> n > 1 ? n - 1 : null);
            return;
        }
        String member = connId + '/' + info.key();
        holds.drop(holds.key(limit, iface), member, member);
    }

    private Decision channelConnection(Limit limit, SubscriptionInfo info, long now) {
        String local = limit.id() + '|' + info.channel();
        if (channelRefs.merge(local, 1, Integer::sum) > 1) {
            return Decision.ALLOWED;
        }
        String key = holds.key(limit, info.channel());
        Decision decision = holds.acquire(limit, key, connId, now);
        if (decision.refused()) {
            channelRefs.remove(local);
            return decision;
        }
        return Decision.allowedWith(limit, key, engine.state().size(key, now));
    }

    private Decision uniqueUser(Limit limit, SubscriptionInfo info, long now) {
        String local = limit.id() + '|' + info.user();
        if (userRefs.merge(local, 1, Integer::sum) > 1) {
            return Decision.ALLOWED;
        }
        Decision decision = holds.acquire(limit, holds.key(limit), info.user(), connId, now);
        if (decision.refused()) {
            userRefs.remove(local);
        }
        return decision;
    }

    private void dropRef(Map<String, Integer> refs, Limit limit, String name, String key, String member) {
        Integer left = refs.computeIfPresent(limit.id() + '|' + name, (k, n) -> n > 1 ? n - 1 : null);
        if (left == null) {
            holds.drop(key, member, connId);
        }
    }
}

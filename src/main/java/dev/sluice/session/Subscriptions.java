package dev.sluice.session;

import dev.sluice.bus.Bus;
import dev.sluice.bus.SlowPolicy;
import dev.sluice.dialect.Command;
import dev.sluice.dialect.Dialect;
import dev.sluice.limit.Action;
import dev.sluice.limit.ConnectionLimits;
import dev.sluice.limit.Decision;
import dev.sluice.limit.SubscriptionChanges;
import dev.sluice.limit.SubscriptionInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A session's subscriptions: which streams it has joined on the bus, by subscription key and by stream, and the
 * rules for adding, replacing, re-counting and dropping them against the connection's limits. Runs on the
 * session's event loop only.
 */
final class Subscriptions {

    private final Session session;
    private ConnectionLimits limits;
    private final Dialect dialect;
    private final Bus bus;
    private final OutboundWriter out;
    private final Map<String, Subscription> byKey = new LinkedHashMap<>();

    Subscriptions(Session session, ConnectionLimits limits, Dialect dialect, Bus bus, OutboundWriter out) {
        this.session = session;
        this.limits = limits;
        this.dialect = dialect;
        this.bus = bus;
        this.out = out;
    }

    /**
     * The connection's limits changed (a login): every subscription is counted again under the new ones, in the
     * order it was made; one they refuse is left without a word (the old limits allowed it).
     */
    void relimit(ConnectionLimits next) {
        this.limits = next;
        for (Subscription subscription : List.copyOf(byKey.values())) {
            if (limits.onSubscribe(subscription.info).refused()) {
                leave(subscription);
            }
        }
    }

    int count() {
        return byKey.size();
    }

    boolean has(String key) {
        return byKey.containsKey(key);
    }

    Collection<Subscription> all() {
        return byKey.values();
    }

    List<SubscriptionInfo> infos() {
        List<SubscriptionInfo> infos = new ArrayList<>(byKey.size());
        for (Subscription subscription : byKey.values()) {
            infos.add(subscription.info);
        }
        return infos;
    }

    /**
     * What a request would do to the limits, for a remote decision taken before it is applied: the subscriptions
     * it gives back (those of a replaced interface, and those re-subscribed with other parameters), then those it
     * takes, in order, each key once (a replace re-counts everything it lists).
     */
    SubscriptionChanges changes(Command command) {
        if (!(command instanceof Command.Subscribe subscribe)) {
            return SubscriptionChanges.NONE;
        }
        List<SubscriptionInfo> released = new ArrayList<>();
        if (subscribe.replaceIface() != null) {
            for (Subscription subscription : byKey.values()) {
                if (subscription.info.iface().equals(subscribe.replaceIface())) {
                    released.add(subscription.info);
                }
            }
        }
        Map<String, SubscriptionInfo> taken = new LinkedHashMap<>();
        for (Command.Outcome outcome : subscribe.outcomes()) {
            if (!(outcome instanceof Command.Accepted accepted) || taken.containsKey(accepted.key())) {
                continue;
            }
            Subscription existing = byKey.get(accepted.key());
            if (subscribe.replaceIface() != null || existing == null) {
                taken.put(accepted.key(), accepted.info());
            } else if (existing.stream != accepted.stream()) {
                released.add(existing.info);
                taken.put(accepted.key(), accepted.info());
            }
        }
        return new SubscriptionChanges(released, List.copyOf(taken.values()));
    }

    /** The accepted outcome, or null once a rejected one's error is sent. */
    private Command.Accepted acceptedOrAnswer(Command.Outcome outcome) {
        if (outcome instanceof Command.Rejected rejected) {
            out.sendText(rejected.error());
            return null;
        }
        return (Command.Accepted) outcome;
    }

    void subscribe(Command.Outcome outcome) {
        Command.Accepted accepted = acceptedOrAnswer(outcome);
        if (accepted == null) {
            return;
        }
        Subscription existing = byKey.get(accepted.key());
        if (existing != null && existing.stream != accepted.stream()) {
            // The same subscription with other parameters (AllTick: another depth_level): replace the stream.
            drop(existing);
        } else if (existing != null) {
            if (accepted.ack() != null) {
                // A client that lost track of a stream subscribes again: restart it with a fresh snapshot rather
                // than opening a second, parallel stream. A queued stream (trades) has no snapshot to restart
                // from, and a resync would drop its frames until the bus answers: it simply goes on.
                out.sendText(accepted.ack());
                if (existing.stream.encoder().slowPolicy() != SlowPolicy.QUEUE) {
                    requestResync(existing);
                }
            }
            return;
        }
        Decision decision = limits.onSubscribe(accepted.info());
        if (decision.refused()) {
            refuse(accepted, decision);
            return;
        }
        // Join the bus before acknowledging: whatever is published after the client sees its ack reaches it. Its
        // frames still come after the ack, as later tasks on this connection's loop.
        join(new Subscription(session, accepted.info(), accepted.stream()));
        sendIfAny(accepted.ack());
        if (decision.limit() != null && decision.limit().action().type() == Action.Type.NOTIFY) {
            out.sendText(dialect.limitNotice(decision, accepted.info(), false, session));
        }
    }

    private void join(Subscription subscription) {
        byKey.put(subscription.key, subscription);
        bus.subscribe(subscription.stream, subscription);
    }

    private void refuse(Command.Accepted accepted, Decision decision) {
        Action action = decision.limit().action();
        switch (action.type()) {
            case IGNORE_EXCESS -> sendIfAny(accepted.ack());
            case NOTIFY -> {
                // OKX: the usual acknowledgement, then the error that ends this subscription.
                out.sendText(accepted.ack());
                out.sendText(dialect.limitNotice(decision, accepted.info(), true, session));
            }
            default -> session.enforce(decision);
        }
    }

    void unsubscribe(Command.Outcome outcome) {
        Command.Accepted accepted = acceptedOrAnswer(outcome);
        if (accepted == null) {
            return;
        }
        Subscription subscription = byKey.get(accepted.key());
        if (subscription != null) {
            drop(subscription);
        }
        sendIfAny(accepted.ack());
    }

    /** Drops the subscriptions of the cancelled interfaces (all of them when the list is empty). */
    void cancel(Command.Cancel cancel) {
        for (Subscription subscription : List.copyOf(byKey.values())) {
            if (cancel.ifaces().isEmpty() || cancel.ifaces().contains(subscription.info.iface())) {
                drop(subscription);
            }
        }
    }

    /**
     * Replace semantics (AllTick): the request is the interface's whole list. Subscriptions it does not list are
     * dropped. Those it lists again keep their stream (no new snapshot) but are counted again, in the request's
     * order, so that a capped plan serves the first N codes of the latest request wherever earlier ones listed them.
     */
    void replace(Command.Subscribe subscribe) {
        Set<String> listed = new HashSet<>();
        for (Command.Outcome outcome : subscribe.outcomes()) {
            if (outcome instanceof Command.Accepted accepted) {
                listed.add(accepted.key());
            }
        }
        Map<String, Subscription> relisted = new HashMap<>();
        for (Subscription subscription : List.copyOf(byKey.values())) {
            if (subscription.info.iface().equals(subscribe.replaceIface())) {
                if (listed.contains(subscription.key)) {
                    limits.onUnsubscribe(subscription.info);
                    relisted.put(subscription.key, subscription);
                } else {
                    drop(subscription);
                }
            }
        }
        for (Command.Outcome outcome : subscribe.outcomes()) {
            Subscription existing = outcome instanceof Command.Accepted accepted
                ? relisted.remove(accepted.key()) : null;
            if (existing == null) {
                subscribe(outcome);
            } else {
                recount(existing, (Command.Accepted) outcome);
            }
        }
    }

    /** A subscription listed again: kept (on a new stream if its parameters changed) if the limits allow it. */
    private void recount(Subscription existing, Command.Accepted accepted) {
        Decision decision = limits.onSubscribe(accepted.info());
        if (decision.refused()) {
            leave(existing);
            refuse(accepted, decision);
        } else if (existing.stream != accepted.stream()) {
            leave(existing);
            join(new Subscription(session, accepted.info(), accepted.stream()));
        }
    }

    /** Leaves a stream: the bus stops delivering, held-back frames are released, the limits give back slots. */
    private void drop(Subscription subscription) {
        leave(subscription);
        limits.onUnsubscribe(subscription.info);
    }

    /** Leaves a stream without touching the limits (the caller has given its slots back or never held them). */
    private void leave(Subscription subscription) {
        byKey.remove(subscription.key);
        subscription.left = true;
        subscription.releasePending();
        bus.unsubscribe(subscription.stream, subscription);
    }

    /** Asks the bus for a fresh snapshot; frames are ignored until it arrives. */
    void requestResync(Subscription subscription) {
        subscription.stale = true;
        subscription.resyncRequested = true;
        bus.resync(subscription.stream, subscription);
    }

    /** The connection is gone: leave every stream and drop what was held back (the limits release separately). */
    void leaveAll() {
        for (Subscription subscription : byKey.values()) {
            subscription.left = true;
            subscription.releasePending();
            bus.unsubscribe(subscription.stream, subscription);
        }
        byKey.clear();
    }

    private void sendIfAny(String text) {
        if (text != null) {
            out.sendText(text);
        }
    }
}

package dev.sluice.session;

import dev.sluice.bus.Bus;
import dev.sluice.bus.SlowPolicy;
import dev.sluice.bus.Stream;
import dev.sluice.bus.Subscriber;
import dev.sluice.dialect.Command;
import dev.sluice.dialect.Connection;
import dev.sluice.dialect.Dialect;
import dev.sluice.dialect.Endpoint;
import dev.sluice.limit.SubscriptionInfo;
import dev.sluice.limit.Action;
import dev.sluice.limit.ConnectionLimits;
import dev.sluice.limit.Decision;
import dev.sluice.limit.Principal;
import dev.sluice.metric.ServiceMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.function.Function;

/**
 * One client connection after the WebSocket upgrade: it decodes requests through its dialect, keeps the
 * connection's subscriptions, and delivers the bus's frames to the client according to each stream's slow-consumer
 * policy.
 *
 * <p>States: {@code OPEN} until the connection closes or the session closes it ({@code CLOSED}); every transition
 * happens in {@link #close} or {@link #onClosed}. Threading: every method runs on the connection's event loop
 * (the bus delivers there too), so the session needs no locks.
 */
public final class Session implements Subscriber, Connection, Tickable {

    enum State { OPEN, CLOSED }

    private final String connId;
    private final Endpoint endpoint;
    private final ConnectionLimits limits;
    private final Dialect dialect;
    private final Bus bus;
    private final OutboundWriter out;
    private final EventExecutor loop;
    private final ServiceMetrics metrics;
    private final Map<String, Subscription> byKey = new LinkedHashMap<>();
    private final Map<Stream, Subscription> byStream = new IdentityHashMap<>();
    private final boolean countsOutbound;
    private State state = State.OPEN;
    /** The request being applied, so that a refusal can answer it; null outside {@link #checkThenApply}. */
    private Command current;
    private final Delivery delivery;
    /** Resolves a credential sent after the upgrade to an account id (null when unknown). */
    private Function<String, String> authenticator = credential -> null;
    private String account;

    public Session(String connId, Endpoint endpoint, ConnectionLimits limits, Dialect dialect, Bus bus,
                   OutboundWriter out, EventExecutor loop, ServiceMetrics metrics, long maxBacklogBytes) {
        this.connId = Objects.requireNonNull(connId, "connId");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.out = Objects.requireNonNull(out, "out");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.delivery = new Delivery(out, maxBacklogBytes);
        this.countsOutbound = limits.countsOutbound();
    }

    @Override
    public String connId() {
        return connId;
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public long nextSequence() {
        return delivery.nextSequence();
    }

    @Override
    public String authenticatedAccount() {
        return account;
    }

    /** How a {@link Command.Authenticate} resolves its credential: to an account id, or null when unknown. */
    public void authenticateWith(Function<String, String> accountOfCredential) {
        this.authenticator = Objects.requireNonNull(accountOfCredential, "accountOfCredential");
    }

    public Principal principal() {
        return limits.principal();
    }

    @Override
    public EventExecutor executor() {
        return loop;
    }

    /** Number of streams this connection is subscribed to. */
    public int subscriptionCount() {
        return byKey.size();
    }

    /** A complete text message from the client. */
    public void onText(String text) {
        if (state != State.OPEN) {
            return;
        }
        metrics.messageReceived();
        checkThenApply(dialect.decode(this, text));
    }

    /** A complete binary message from the client. */
    public void onBinary(byte[] payload) {
        if (state != State.OPEN) {
            return;
        }
        metrics.messageReceived();
        checkThenApply(dialect.decodeBinary(this, payload));
    }

    private void checkThenApply(Command command) {
        current = command;
        try {
            Decision decision = limits.onInbound(command.op());
            if (decision.refused()) {
                enforce(decision);
            } else {
                apply(command);
            }
        } finally {
            current = null;
        }
    }

    /**
     * Applies a refusal's action: the vendor's error (for the request being applied, if any), a close, or
     * (ignore-excess) nothing at all.
     */
    private void enforce(Decision decision) {
        Action action = decision.limit().action();
        switch (action.type()) {
            case ERROR_FRAME, NOTIFY -> {
                out.sendText(dialect.limitError(decision, current, this));
                if (action.closeAfter()) {
                    close(action.closeCode(), action.reason());
                }
            }
            case CLOSE, ACCEPT_THEN_CLOSE, REJECT_HANDSHAKE -> close(action.closeCode(), action.reason());
            default -> {
                // IGNORE_EXCESS: the vendor serves the first N and drops the rest without a word.
            }
        }
    }

    private void apply(Command command) {
        if (command instanceof Command.Reply reply) {
            out.sendText(reply.text());
        } else if (command instanceof Command.BinaryReply reply) {
            out.sendBinary(reply.data());
        } else if (command instanceof Command.Subscribe subscribe) {
            if (subscribe.replaceIface() != null) {
                replace(subscribe);
            } else {
                subscribe.outcomes().forEach(this::subscribe);
            }
            sendIfAny(subscribe.ack());
            sendIfAny(dialect.subscriptionsChanged(this, command, currentSubscriptions()));
        } else if (command instanceof Command.Cancel cancel) {
            for (Subscription subscription : List.copyOf(byKey.values())) {
                if (cancel.ifaces().isEmpty() || cancel.ifaces().contains(subscription.info.iface())) {
                    drop(subscription);
                }
            }
            sendIfAny(cancel.ack());
        } else if (command instanceof Command.Unsubscribe unsubscribe) {
            unsubscribe.outcomes().forEach(this::unsubscribe);
            sendIfAny(dialect.subscriptionsChanged(this, command, currentSubscriptions()));
        } else if (command instanceof Command.Authenticate authenticate) {
            String resolved = authenticate.credential() == null ? null
                : authenticator.apply(authenticate.credential());
            if (resolved != null) {
                account = resolved;
            }
            out.sendText(resolved != null ? authenticate.success() : authenticate.failure());
        } else if (command instanceof Command.Close close) {
            if (close.text() != null) {
                out.sendText(close.text());
            }
            close(close.code(), close.reason());
        }
    }

    private List<SubscriptionInfo> currentSubscriptions() {
        List<SubscriptionInfo> infos = new ArrayList<>(byKey.size());
        for (Subscription subscription : byKey.values()) {
            infos.add(subscription.info);
        }
        return infos;
    }

    private void subscribe(Command.Outcome outcome) {
        if (outcome instanceof Command.Rejected rejected) {
            out.sendText(rejected.error());
            return;
        }
        Command.Accepted accepted = (Command.Accepted) outcome;
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
            refuseSubscription(accepted, decision);
            return;
        }
        // Join the bus before acknowledging: whatever is published after the client sees its ack reaches it. Its
        // frames still come after the ack, as later tasks on this connection's loop.
        join(new Subscription(accepted.info(), accepted.stream()));
        sendIfAny(accepted.ack());
        if (decision.limit() != null && decision.limit().action().type() == Action.Type.NOTIFY) {
            out.sendText(dialect.limitNotice(decision, accepted.info(), false, this));
        }
    }

    private void join(Subscription subscription) {
        byKey.put(subscription.key, subscription);
        byStream.put(subscription.stream, subscription);
        bus.subscribe(subscription.stream, this);
    }

    private void refuseSubscription(Command.Accepted accepted, Decision decision) {
        Action action = decision.limit().action();
        switch (action.type()) {
            case IGNORE_EXCESS -> sendIfAny(accepted.ack());
            case NOTIFY -> {
                // OKX: the usual acknowledgement, then the error that ends this subscription.
                out.sendText(accepted.ack());
                out.sendText(dialect.limitNotice(decision, accepted.info(), true, this));
            }
            default -> enforce(decision);
        }
    }

    private void unsubscribe(Command.Outcome outcome) {
        if (outcome instanceof Command.Rejected rejected) {
            out.sendText(rejected.error());
            return;
        }
        Command.Accepted accepted = (Command.Accepted) outcome;
        Subscription subscription = byKey.get(accepted.key());
        if (subscription != null) {
            drop(subscription);
        }
        sendIfAny(accepted.ack());
    }

    /**
     * Replace semantics (AllTick): the request is the interface's whole list. Subscriptions it does not list are
     * dropped. Those it lists again keep their stream (no new snapshot) but are counted again, in the request's
     * order, so that a capped plan serves the first N codes of the latest request wherever earlier ones listed them.
     */
    private void replace(Command.Subscribe subscribe) {
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
            refuseSubscription(accepted, decision);
        } else if (existing.stream != accepted.stream()) {
            leave(existing);
            join(new Subscription(accepted.info(), accepted.stream()));
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
        byStream.remove(subscription.stream);
        subscription.releasePending();
        bus.unsubscribe(subscription.stream, this);
    }

    private void sendIfAny(String text) {
        if (text != null) {
            out.sendText(text);
        }
    }

    @Override
    public void onFrame(Stream stream, ByteBuf frame) {
        Subscription subscription = byStream.get(stream);
        if (subscription == null || subscription.stale || state != State.OPEN) {
            return;
        }
        deliver(subscription, frame);
    }

    @Override
    public void onSnapshot(Stream stream, ByteBuf frame) {
        Subscription subscription = byStream.get(stream);
        if (subscription == null || state != State.OPEN) {
            return;
        }
        subscription.stale = false;
        subscription.resyncRequested = false;
        if (frame != null) {
            deliver(subscription, frame);
        }
    }

    private void deliver(Subscription subscription, ByteBuf frame) {
        if (countsOutbound) {
            Decision decision = limits.onOutbound(1);
            if (decision.refused()) {
                enforce(decision);
                return;
            }
        }
        if (!delivery.deliver(subscription, frame)) {
            metrics.slowConsumerClosed();
            Dialect.CloseReason reason = dialect.slowConsumerClose();
            close(reason.code(), reason.reason());
        }
    }

    /** The connection can take writes again: send what was held back and resynchronise dropped increments. */
    public void onWritable() {
        if (state != State.OPEN) {
            return;
        }
        for (Subscription subscription : byKey.values()) {
            delivery.writeHeld(subscription);
            if (subscription.stale && !subscription.resyncRequested) {
                requestResync(subscription);
            }
        }
    }

    private void requestResync(Subscription subscription) {
        subscription.stale = true;
        subscription.resyncRequested = true;
        bus.resync(subscription.stream, this);
    }

    /** Timers driven by the clock (heartbeat, idle timeout, credit flushes); called about once a second. */
    @Override
    public void onTick() {
        if (state != State.OPEN) {
            return;
        }
        Decision decision = limits.onTick();
        if (decision.refused()) {
            enforce(decision);
        }
    }

    /** Closes the connection with a WebSocket close code. */
    public void close(int code, String reason) {
        if (state == State.OPEN) {
            out.close(code, reason);
            onClosed();
        }
    }

    /** The connection is gone: leave every stream and drop what was held back. Idempotent. */
    public void onClosed() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        for (Subscription subscription : byKey.values()) {
            subscription.releasePending();
            bus.unsubscribe(subscription.stream, this);
        }
        byKey.clear();
        byStream.clear();
        limits.release();
    }
}

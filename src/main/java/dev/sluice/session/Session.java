package dev.sluice.session;

import dev.sluice.auth.Accounts;
import dev.sluice.bus.Bus;
import dev.sluice.dialect.Command;
import dev.sluice.dialect.Connection;
import dev.sluice.dialect.Dialect;
import dev.sluice.dialect.Endpoint;
import dev.sluice.limit.Action;
import dev.sluice.limit.Admitter;
import dev.sluice.limit.ConnectionLimits;
import dev.sluice.limit.DecidedRequest;
import dev.sluice.limit.Decision;
import dev.sluice.limit.Principal;
import dev.sluice.metric.ServiceMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import java.util.Objects;

/**
 * One client connection after the WebSocket upgrade: it decodes requests through its dialect, keeps the
 * connection's subscriptions, and delivers the bus's frames to the client according to each stream's slow-consumer
 * policy.
 *
 * <p>States: {@code OPEN} until the connection closes or the session closes it ({@code CLOSED}); every transition
 * happens in {@link #close} or {@link #onClosed}. Threading: every method runs on the connection's event loop
 * (the bus delivers there too), so the session needs no locks.
 *
 * <p>When the limits decide on a remote state (Redis), a request's decision runs elsewhere
 * ({@link ConnectionLimits#decideAsync}); meanwhile the session queues what it reads (and stops reading once the
 * queue is full), so requests are answered in order, and streams keep flowing since delivery never waits on Redis.
 *
 * <p>Every request carries the time it was read from the socket, and its limits judge it at that time: a request
 * that waited (behind other work on the loop, in the queue, on the decision executor) is not judged as if the
 * client had sent it together with the requests it waited behind.
 */
public final class Session implements Connection, Tickable {

    enum State { OPEN, CLOSED }

    private final String connId;
    private final Endpoint endpoint;
    /** The connection's limits: those of the handshake's principal, then those of the account it logged in as. */
    private ConnectionLimits limits;
    private final Dialect dialect;
    private final OutboundWriter out;
    private final EventExecutor loop;
    private final ServiceMetrics metrics;
    private final Subscriptions subscriptions;
    private boolean countsOutbound;
    private final Replays replays;
    private final ServerPings pings;
    private State state = State.OPEN;
    /** The request being applied, so that a refusal can answer it; null outside {@link #checkThenApply}. */
    private Command current;
    private final Delivery delivery;
    /** In-band authentication: sFOX's authenticate, OKX's signed login. */
    private final SessionLogin login;
    private String account;
    private final RemoteInbound remote;
    private final Posts posts;
    /** Live frames waiting for a batch of credits from a remote limit state. */
    private final AwaitingCredits awaiting;
    /** Runs when credits arrive (on the decision executor): back to this loop to send what waited. */
    private final Runnable wakeOnCredits;

    public Session(String connId, Endpoint endpoint, ConnectionLimits limits, Dialect dialect, Bus bus,
                   OutboundWriter out, EventExecutor loop, ServiceMetrics metrics, long maxBacklogBytes) {
        this.connId = Objects.requireNonNull(connId, "connId");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.out = Objects.requireNonNull(out, "out");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.delivery = new Delivery(out, maxBacklogBytes);
        out.numberReplies(reply -> dialect.numbered(reply, this));
        this.countsOutbound = limits.countsOutbound();
        this.subscriptions = new Subscriptions(this, limits, dialect, Objects.requireNonNull(bus, "bus"), out);

        this.pings = new ServerPings(dialect.serverPingIntervalMs(), out, limits.nowNanos());
        this.remote = new RemoteInbound(this, out, loop);
        this.posts = new Posts(this, out, loop, remote);
        this.replays = new Replays(this, out, remote);
        this.login = new SessionLogin(this, out, remote);
        this.wakeOnCredits = () -> loop.execute(this::onCredits);
        this.awaiting = new AwaitingCredits(this);
    }

    /** Wakes this session on its loop when credits it waits for arrive. */
    Runnable wakeOnCredits() {
        return wakeOnCredits;
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

    @Override
    public boolean feedsRequireAuth() {
        return limits.plan().feedsRequireAuth();
    }

    @Override
    public boolean hasSubscription(String key) {
        return subscriptions.has(key);
    }

    /**
     * The service's accounts, which in-band authentication (an authenticate's credential, a signed login) is
     * checked against, and who decides the limits of the account a connection logs in as.
     */
    public void authenticateWith(Accounts accounts, Admitter admitter) {
        login.authenticateWith(accounts, admitter);
    }

    /** The connection authenticated in-band as this account. */
    void authenticated(String accountId) {
        account = accountId;
    }

    public Principal principal() {
        return limits.principal();
    }

    /** The event loop that every call of this session runs on. */
    public EventExecutor executor() {
        return loop;
    }

    /** Number of streams this connection is subscribed to. */
    public int subscriptionCount() {
        return subscriptions.count();
    }

    /** {@link #onText(String, long)} for a message read just now (tests). */
    public void onText(String text) {
        onText(text, limits.nowNanos());
    }

    /**
     * A complete text message from the client, read from the socket at {@code readNanos} (the limits' clock): its
     * limits judge it at that time, however long it then waits for its turn.
     */
    public void onText(String text, long readNanos) {
        if (state != State.OPEN) {
            return;
        }
        metrics.messageReceived();
        checkThenApply(dialect.decode(this, text), readNanos, text.length());
    }

    /** A complete binary message from the client, read at {@code readNanos}; see {@link #onText(String, long)}. */
    public void onBinary(byte[] payload, long readNanos) {
        if (state != State.OPEN) {
            return;
        }
        metrics.messageReceived();
        checkThenApply(dialect.decodeBinary(this, payload), readNanos, payload.length);
    }

    private void checkThenApply(Command command, long readNanos, int bytes) {
        if (limits.decidesRemotely() || remote.busy()) {
            remote.submit(command, readNanos, bytes);
            return;
        }
        applyLocally(command, readNanos);
    }

    /** Decides a request read at {@code readNanos} on this loop (nothing it touches is remote) and applies it. */
    void applyLocally(Command command, long readNanos) {
        current = command;
        try {
            Decision decision = limits.onInbound(command.op(), readNanos);
            if (decision.refused()) {
                enforce(decision);
            } else {
                apply(command);
            }
        } finally {
            current = null;
        }
    }

    /** The connection's current limits. */
    ConnectionLimits limits() {
        return limits;
    }

    Subscriptions subscriptions() {
        return subscriptions;
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    /** A request whose remote decision is back, on this loop. */
    void applyDecided(Command command, DecidedRequest decided) {
        if (decided == null) {
            // The decision itself failed (a bug: outages are answered by the state's failure policy).
            close(1011, "internal error");
            return;
        }
        current = command;
        try {
            if (decided.inbound().refused()) {
                enforce(decided.inbound());
            } else {
                limits.use(decided);
                apply(command);
            }
        } finally {
            current = null;
            limits.settle();
        }
    }

    /**
     * Applies a refusal's action: the vendor's error (answering the request being applied, if any), a close, or
     * (ignore-excess) nothing at all.
     */
    void enforce(Decision decision) {
        enforce(decision, current);
    }

    /** Applies a refusal of {@code refused}, which may no longer be the request being applied (a remote step). */
    void enforce(Decision decision, Command refused) {
        Action action = decision.limit().action();
        switch (action.type()) {
            case ERROR_FRAME, NOTIFY -> {
                out.sendText(dialect.limitError(decision, refused, this));
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
                subscriptions.replace(subscribe);
            } else {
                subscribe.outcomes().forEach(subscriptions::subscribe);
            }
            sendIfAny(subscribe.ack());
            sendIfAny(dialect.subscriptionsChanged(this, command, subscriptions.infos()));
        } else if (command instanceof Command.Cancel cancel) {
            subscriptions.cancel(cancel);
            sendIfAny(cancel.ack());
        } else if (command instanceof Command.Unsubscribe unsubscribe) {
            unsubscribe.outcomes().forEach(subscriptions::unsubscribe);
            sendIfAny(dialect.subscriptionsChanged(this, command, subscriptions.infos()));
        } else if (command instanceof Command.Authenticate authenticate) {
            login.authenticate(authenticate);
        } else if (command instanceof Command.Replay replay) {
            replays.start(replay);
        } else if (command instanceof Command.ReplayControl control) {
            replays.control(control);
        } else if (command instanceof Command.Login signed) {
            login.start(signed);
        } else if (command instanceof Command.Post post) {
            posts.start(post);
        } else if (command instanceof Command.Close close) {
            if (close.text() != null) {
                out.sendText(close.text());
            }
            close(close.code(), close.reason());
        }
    }

    private void sendIfAny(String text) {
        if (text != null) {
            out.sendText(text);
        }
    }

    /** A login's outcome, back on this loop: on success the connection's limits become the account's. */
    void loggedIn(Command.Login signed, ConnectionLimits previous, SessionLogin.Outcome outcome) {
        Principal before = previous.principal();
        if (outcome.limits() == null) {
            out.sendText(outcome.failure());
            if (outcome.closeCode() != 0) {
                close(outcome.closeCode(), "login refused");
            }
            return;
        }
        limits = outcome.limits();
        countsOutbound = limits.countsOutbound();
        authenticated(outcome.account().id());
        metrics.connectionClosed(before.plan());
        metrics.connectionOpened(limits.principal().plan());
        limits.use(outcome.recount());
        try {
            subscriptions.relimit(limits);
        } finally {
            limits.settle();
        }
        replays.relimited();
        out.sendText(signed.success());
    }

    /** A live frame of one of this connection's streams, on its loop. */
    void onFrame(Subscription subscription, ByteBuf frame) {
        if (subscription.left || subscription.stale || state != State.OPEN) {
            return;
        }
        deliver(subscription, frame);
    }

    /** A stream's snapshot, at the start of a subscription or after a resync. */
    void onSnapshot(Subscription subscription, ByteBuf frame) {
        if (subscription.left || state != State.OPEN) {
            return;
        }
        subscription.stale = false;
        subscription.resyncRequested = false;
        if (frame != null) {
            deliver(subscription, frame);
        }
    }

    private void deliver(Subscription subscription, ByteBuf frame) {
        if (!countsOutbound || awaiting.charge(subscription, frame)) {
            write(subscription, frame);
        }
    }

    /** Writes a frame by the stream's slow-consumer policy; closes a slow consumer. */
    void write(Subscription subscription, ByteBuf frame) {
        if (!delivery.deliver(subscription, frame)) {
            closeSlowConsumer();
        }
    }

    void closeSlowConsumer() {
        metrics.slowConsumerClosed();
        sendIfAny(dialect.slowConsumerError());
        Dialect.CloseReason reason = dialect.slowConsumerClose();
        close(reason.code(), reason.reason());
    }

    /** The credits that frames and replay messages waited for arrived (or were refused): send what waited. */
    private void onCredits() {
        if (state != State.OPEN) {
            return;
        }
        awaiting.sendAll();
        replays.onWritable();
    }

    /** The connection can take writes again: send what was held back and resynchronise dropped increments. */
    public void onWritable() {
        if (state != State.OPEN) {
            return;
        }
        awaiting.sendAll();
        for (Subscription subscription : subscriptions.all()) {
            delivery.writeHeld(subscription);
            if (subscription.stale && !subscription.resyncRequested) {
                subscriptions.requestResync(subscription);
            }
        }
        replays.onWritable();
    }

    /** Timers driven by the clock (heartbeat, idle timeout, credits: a new month, a retry); about once a second. */
    @Override
    public void onTick() {
        if (state != State.OPEN) {
            return;
        }
        Decision decision = limits.onTick();
        if (decision.refused()) {
            enforce(decision);
            return;
        }
        pings.onTick(limits.nowNanos());
        replays.onTick();
    }

    /** The server is shutting down: send the dialect's notice, if it has one; the connection stays open. */
    public void onShutdownNotice() {
        if (state == State.OPEN) {
            sendIfAny(dialect.shutdownNotice(this));
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
        awaiting.clear();
        replays.cancel();
        remote.clear();
        subscriptions.leaveAll();
        limits.release();
    }
}

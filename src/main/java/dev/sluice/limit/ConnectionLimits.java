package dev.sluice.limit;

import dev.sluice.dialect.Endpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The limits of one admitted connection. Connection-scoped counters live here and never leave the node; wider
 * scopes go through the engine's {@link LimitState}. Everything it holds in shared state (connection slot,
 * subscriptions, channel connections, unique users, in-flight requests) is released by {@link #release()}, which
 * the server calls exactly once when the connection closes: the slot cannot leak.
 *
 * <p>Threading: every method but {@link #release()} and {@link #decideAsync} runs on the connection's event loop;
 * allowed decisions are the shared {@link Decision#ALLOWED}, so the common path does not allocate. When the engine's
 * state is remote, the session asks {@link #decideAsync} instead of {@link #onInbound}: the decision (and those of
 * the subscriptions the request would add) runs on the engine's decision executor while the session reads nothing
 * more, and the subscriptions then take their {@link #onSubscribe} answers from what was decided there. The two
 * threads never use this object at the same time: the session hands it over and takes it back through the
 * executor and its event loop, which order the memory accesses.
 */
public final class ConnectionLimits implements Admission.Lease {

    private final LimitEngine engine;
    private final Plan plan;
    private final Principal principal;
    private final Endpoint endpoint;
    private final String connId;
    /** The penalty blocks that stop this connection's requests. */
    private final Penalties penalties;
    /** Message-rate and request-spacing limits of inbound messages. */
    private final InboundLimits inbound;
    private final Holds holds;
    private final SubscriptionLimits subscriptions;
    private final TimerLimits timers;
    private final CreditMeter credits;
    /** Whether a request's decision may wait on a remote state: some inbound or subscription limit is shared. */
    private final boolean decidesRemotely;
    /** Subscription decisions taken by {@link #decideAsync}, until the session uses them. */
    private Map<SubscriptionInfo, Decision> decided;
    /** Subscriptions {@link #decideAsync} gave back already, so that {@link #onUnsubscribe} does not again. */
    private List<SubscriptionInfo> preReleased;
    private boolean released;

    ConnectionLimits(LimitEngine engine, Plan plan, Principal principal, Endpoint endpoint, String connId,
                     long nowNanos) {
        this.engine = engine;
        this.plan = plan;
        this.principal = principal;
        this.endpoint = endpoint;
        this.connId = connId;
        this.penalties = new Penalties(engine, plan, principal, connId);
        this.inbound = new InboundLimits(engine, plan, principal, connId);
        this.timers = new TimerLimits(plan, nowNanos);
        this.holds = new Holds(engine, principal, connId);
        this.subscriptions = new SubscriptionLimits(engine, plan, principal, connId, holds);
        this.credits = new CreditMeter(engine, plan, principal, connId);
        this.decidesRemotely = engine.remote() && sharesState(plan, principal, connId);
    }

    private static boolean sharesState(Plan plan, Principal principal, String connId) {
        for (Limit limit : plan.limits()) {
            boolean shared = limit.scope() != Scope.CONNECTION && limit.scope().valueOf(principal, connId) != null;
            if (shared || limit.action().hasPenalty()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the engine's state is remote (Redis): any decision that touches it may wait on the network. */
    public boolean stateIsRemote() {
        return engine.remote();
    }

    /**
     * Runs a decision of this connection (an in-flight request's start, a login's re-admission) on the engine's
     * decision executor, for callers on the event loop when the state is remote. As with {@link #decideAsync},
     * the caller reads nothing more until it completes.
     */
    public <T> CompletableFuture<T> offLoop(Supplier<T> decision) {
        return CompletableFuture.supplyAsync(decision, engine.decisions());
    }

    /** Whether requests must be decided with {@link #decideAsync} (the state is remote and some limit shares it). */
    public boolean decidesRemotely() {
        return decidesRemotely;
    }

    /**
     * Decides a request off the event loop: {@link #onInbound}'s checks, then (when allowed) gives back the
     * subscriptions it would drop and decides {@link #onSubscribe} for each it would take, in order. Call on the
     * event loop; the future completes on the decision executor. Until the caller has applied the request (with
     * {@link #use}, then {@link #onUnsubscribe} and {@link #onSubscribe} as it goes, then {@link #settle}), it must
     * make no other decision on this connection.
     *
     * @param readNanos when the request was read from the socket, on the engine's clock: the request is judged at
     *     that time, not when the decision runs (see {@link #onInbound(Op, long)})
     */
    public CompletableFuture<DecidedRequest> decideAsync(Op op, SubscriptionChanges changes, long readNanos) {
        timers.onInbound(op, readNanos);
        // Subscriptions hold slots (leases), not rates: they are taken as of now, as onSubscribe would.
        long now = engine.clock().epochNanos();
        return CompletableFuture.supplyAsync(() -> {
            Decision inbound = decideInbound(op, readNanos);
            if (inbound.refused()) {
                return new DecidedRequest(inbound, Map.of(), List.of());
            }
            // Given back first, as applying the request does (a replace drops before it re-counts): the room they
            // leave is there for what the request takes.
            for (SubscriptionInfo info : changes.released()) {
                subscriptions.onUnsubscribe(info);
            }
            Map<SubscriptionInfo, Decision> subs = new LinkedHashMap<>();
            for (SubscriptionInfo info : changes.taken()) {
                subs.put(info, subscriptions.onSubscribe(info, now));
            }
            return new DecidedRequest(inbound, subs, changes.released());
        }, engine.decisions());
    }

    /**
     * Decides subscriptions a connection already has under these (new) limits, as {@link #decideAsync} does for a
     * request's: hand the result to {@link #use}, apply, then {@link #settle}. May wait on a remote state; it
     * touches only subscription state, so it may run off the event loop while the connection reads nothing.
     */
    public DecidedRequest decideSubscriptions(List<SubscriptionInfo> held) {
        long now = engine.clock().epochNanos();
        Map<SubscriptionInfo, Decision> subs = new LinkedHashMap<>();
        for (SubscriptionInfo info : held) {
            subs.put(info, subscriptions.onSubscribe(info, now));
        }
        return new DecidedRequest(Decision.ALLOWED, subs, List.of());
    }

    /** Hands {@link #onSubscribe} the subscription decisions of {@link #decideAsync}; call on the event loop. */
    public void use(DecidedRequest decided) {
        this.decided = decided.subscriptions().isEmpty() ? null : new HashMap<>(decided.subscriptions());
        this.preReleased = decided.released().isEmpty() ? null : new ArrayList<>(decided.released());
    }

    /** Gives back what {@link #decideAsync} took for subscriptions the request did not add after all. */
    public void settle() {
        if (decided != null) {
            for (Map.Entry<SubscriptionInfo, Decision> left : decided.entrySet()) {
                if (!left.getValue().refused()) {
                    subscriptions.onUnsubscribe(left.getKey());
                }
            }
            decided = null;
        }
        if (preReleased != null) {
            // Given back by the decision but kept by the request after all (never expected: the request is applied
            // to the state it was decided on); hold them again rather than leave them uncounted.
            for (SubscriptionInfo info : preReleased) {
                subscriptions.onSubscribe(info, engine.clock().epochNanos());
            }
            preReleased = null;
        }
    }

    /** The plan whose limits apply to this connection. */
    public Plan plan() {
        return plan;
    }

    public Principal principal() {
        return principal;
    }

    /** Whether messages sent to the client matter (credits, or an idle timeout that counts outbound data). */
    public boolean countsOutbound() {
        for (Limit limit : plan.limits()) {
            if (limit.kind() == LimitKind.CREDITS
                || limit.kind() == LimitKind.IDLE_TIMEOUT && limit.selector().outbound()) {
                return true;
            }
        }
        return false;
    }

    public String connId() {
        return connId;
    }

    /** The engine's clock, for the session's own timers (server pings). */
    public long nowNanos() {
        return engine.clock().epochNanos();
    }

    /** Takes over what the same connection counted under its previous limits (see {@link InboundLimits}). */
    void carryOver(ConnectionLimits previous) {
        inbound.carryOver(previous.inbound);
    }

    /** {@link #onInbound(Op, long)} for a request read just now (tests, benchmarks). */
    public Decision onInbound(Op op) {
        return onInbound(op, engine.clock().epochNanos());
    }

    /**
     * Checks an inbound message of the given kind: penalty blocks, message rates, request spacing.
     *
     * <p>The request is judged at {@code readNanos}, when the server read it from the socket, not when the event
     * loop got round to deciding it: a request that waited behind other work (the rest of its read batch, other
     * connections on the loop, a session's queue while a remote decision was outstanding) is judged at the pace
     * the client sent it, and two requests read 200 ms apart are 200 ms apart for every rate and spacing limit,
     * however late they are decided. Successive requests of one connection have non-decreasing read times, which
     * the connection's own counters rely on. A Redis state on Redis time dates shared scopes by its own clock
     * (see {@link LimitState}).
     *
     * @param readNanos when the request was read, on the engine's clock (epoch nanoseconds)
     */
    public Decision onInbound(Op op, long readNanos) {
        timers.onInbound(op, readNanos);
        return decideInbound(op, readNanos);
    }

    private Decision decideInbound(Op op, long now) {
        Decision blocked = checkBlocks(now, false);
        if (blocked.refused()) {
            return blocked;
        }
        return inbound.check(op, now);
    }

    /**
     * Checks a new subscription against subscriptions, channel-connections and unique-users. An allowed decision
     * that is not {@link Decision#ALLOWED} carries a channel-connection count to notify. On refusal nothing is
     * held.
     */
    public Decision onSubscribe(SubscriptionInfo info) {
        Decision taken = decided == null ? null : decided.remove(info);
        Decision decision = taken != null ? taken : subscriptions.onSubscribe(info, engine.clock().epochNanos());
        if (decision.allowed()) {
            timers.onSubscriptions(1);
        }
        return decision;
    }

    /** Gives back what a subscription held. */
    public void onUnsubscribe(SubscriptionInfo info) {
        if (preReleased == null || !preReleased.remove(info)) {
            subscriptions.onUnsubscribe(info);
        }
        timers.onSubscriptions(-1);
    }

    /**
     * A replay started on this connection ({@code true}) or ended: while it runs it counts as a subscription for the
     * idle timeouts (see {@link #onReplaySent}).
     */
    public void onReplayRunning(boolean running) {
        timers.onReplay(running);
    }

    /** A replay message was sent: activity for the idle timeouts, as the replay's data keeps it alive. */
    public void onReplaySent() {
        timers.onReplaySent(engine.clock().epochNanos());
    }

    /** Checks a replay request against the plan's replay caps (speed, depth, range, exchanges, coverage). */
    public Decision onReplay(ReplayRequest request) {
        long now = engine.clock().epochNanos();
        for (Limit limit : plan.limits()) {
            if (limit.kind().isReplayCap()) {
                Decision decision = ReplayCaps.check(limit, request, now, engine, principal, connId);
                if (decision.refused()) {
                    return decision;
                }
            }
        }
        return Decision.ALLOWED;
    }

    /**
     * The earliest epoch millisecond of a stream ({@code exchange/channel}, as in {@link ReplayRequest#streams()})
     * that this connection may be sent from history now: the later of the plan's replay depth before now and the
     * stream's coverage, the bounds {@link #onReplay} checks a replay's start against; {@link Long#MIN_VALUE} when
     * no enforced cap bounds it. A replay's state before its start ({@code replay_snapshot}) is the last record at
     * or after this instant, so it is never older than the replay itself may reach. Shadow caps do not bound it:
     * they count, never enforce. Reads only the plan and the clock: safe on any thread.
     */
    public long earliestReplayableMs(String stream) {
        long nowMillis = engine.clock().epochNanos() / LimitEngine.NANOS_PER_MS;
        long earliest = Long.MIN_VALUE;
        for (Limit limit : plan.limits()) {
            if (limit.kind().isReplayCap() && engine.enforces(limit)) {
                earliest = Math.max(earliest, ReplayCaps.earliestMillis(limit, stream, nowMillis));
            }
        }
        return earliest;
    }

    /** Starts an outstanding request (a post awaiting its response) against the in-flight limits. */
    public Decision onRequestStart(String requestId) {
        long now = engine.clock().epochNanos();
        for (Limit limit : plan.limits(LimitKind.INFLIGHT)) {
            if (!holds.applies(limit)) {
                continue;
            }
            String member = connId + '/' + requestId;
            Decision decision = holds.acquire(limit, holds.key(limit), member, now);
            if (decision.refused()) {
                return decision;
            }
        }
        return Decision.ALLOWED;
    }

    public void onRequestEnd(String requestId) {
        for (Limit limit : plan.limits(LimitKind.INFLIGHT)) {
            if (!holds.applies(limit)) {
                continue;
            }
            String member = connId + '/' + requestId;
            holds.drop(holds.key(limit), member, member);
        }
    }

    /**
     * Counts messages about to be sent to the client: idle bookkeeping and credits. Send them only when the
     * decision is allowed: refused applies the limit's action; {@link Decision#DEFERRED} (credits on their way from
     * a remote state) sends nothing now, see {@link #creditsReady}.
     */
    public Decision onOutbound(int messages) {
        long now = engine.clock().epochNanos();
        Decision charged = credits.charge(messages, now);
        if (charged.allowed()) {
            timers.onOutbound(now);
        }
        return charged;
    }

    /**
     * Whether the next message could be decided now (credits in hand, or a refusal known). False while the
     * connection waits for a batch of credits from a remote state; {@code wake} then runs, on another thread, once
     * they are there (or refused). Always true with a local state. Event loop only.
     */
    public boolean creditsReady(Runnable wake) {
        return credits.ready(wake, engine.clock().epochNanos());
    }

    /** Timers and deferred work, driven by the clock: heartbeat and idle timeouts, a new month of credits. */
    public Decision onTick() {
        long now = engine.clock().epochNanos();
        credits.onTick(now);
        return timers.check(now, engine, principal, connId);
    }

    /** With a remote state: reserves this connection's first credits (at admission, off the event loop). */
    void primeCredits(long nowNanos) {
        credits.prime(nowNanos);
    }

    /** Releases every slot and set membership this connection holds, and unspent credits. Idempotent; any thread. */
    @Override
    public synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        credits.release();
        holds.releaseAll();
    }

    /** Refuses while a penalty blocks one of the principal's scopes (see {@link Penalties#check}). */
    Decision checkBlocks(long now, boolean handshake) {
        return penalties.check(now, handshake);
    }

    /** A rate limit checked once per handshake or HTTP request (connect-rate, http-rate). */
    Decision rate(Limit limit, long now) {
        return inbound.rate(limit, now);
    }

    Decision takeConnectionSlot(Limit limit, long now) {
        if (!holds.applies(limit)) {
            return Decision.ALLOWED;
        }
        String key = limit.selector().perEndpointGroup() && endpoint != null ? holds.key(limit, endpoint.group())
            : holds.key(limit);
        return holds.acquire(limit, key, connId, now);
    }
}

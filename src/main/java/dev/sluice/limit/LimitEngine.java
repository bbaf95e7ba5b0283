package dev.sluice.limit;

import dev.sluice.dialect.Endpoint;
import dev.sluice.metric.LimitMeters;
import dev.sluice.metric.Metrics;
import dev.sluice.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Enforces the plans of one service. The handshake is the first decision ({@link #admit}); each admitted
 * connection then gets its own {@link ConnectionLimits}. Limits scoped to the connection live there and never
 * leave the node; wider scopes go through the {@link LimitState} port.
 *
 * <p>Every decision is a value; refusals are counted per limit and logged once per scope key per window.
 * In shadow mode (per limit, or for the whole engine) refusals are counted and logged as {@code SHADOW_REFUSED}
 * and nothing is enforced.
 *
 * <p>Threading: with a local state (memory) every decision runs on the caller's thread, synchronously and without
 * allocating when allowed. With a {@link LimitState#remote() remote} state (Redis) a call may wait on the network,
 * so the event loops never make it: handshakes are decided by {@link #admitAsync} and in-session decisions by
 * {@link ConnectionLimits#decideAsync}, both on the {@code decisions} executor, and the caller resumes on its loop
 * when the answer is there.
 */
public final class LimitEngine implements Admitter {

    static final long NANOS_PER_MS = 1_000_000L;
    /** Lease of a shared slot; the memory store ignores it, the Redis store expires unrenewed slots after it. */
    static final long LEASE_NANOS = 30_000_000_000L;
    static final int UNAVAILABLE_STATUS = 503;
    static final String UNAVAILABLE_BODY = "{\"error\":\"limit state unavailable, try again later\"}";

    private final String service;
    private final Map<String, Plan> plans;
    private final LimitState state;
    private final Clock clock;
    private final boolean shadowAll;
    private final Map<Limit, LimitMeters> meters = new IdentityHashMap<>();
    private final RefusalLog refusals = new RefusalLog();
    private final Executor decisions;
    /** The credit reservations of this node's open connections that hold credits (usage reports). */
    private final java.util.Set<CreditReservation> holding = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public LimitEngine(String service, List<Plan> plans, LimitState state, Clock clock, Metrics metrics,
                       boolean shadowAll) {
        this(service, plans, state, clock, metrics, shadowAll, Runnable::run);
    }

    /** @param decisions where decisions on a remote state run (threads that may wait on Redis) */
    public LimitEngine(String service, List<Plan> plans, LimitState state, Clock clock, Metrics metrics,
                       boolean shadowAll, Executor decisions) {
        this.decisions = Objects.requireNonNull(decisions, "decisions");
        this.service = Objects.requireNonNull(service, "service");
        this.state = Objects.requireNonNull(state, "state");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.shadowAll = shadowAll;
        this.plans = new HashMap<>();
        for (Plan plan : plans) {
            this.plans.put(plan.name(), plan);
            for (Limit limit : plan.limits()) {
                meters.put(limit, metrics.forLimit(service, plan.name(), limit.kind().configName()));
            }
        }
    }

    /** Limits of a connection that no plan constrains (no shared state is ever touched). */
    static ConnectionLimits unlimited(Principal principal, Endpoint endpoint, String connId) {
        return new ConnectionLimits(Unlimited.ENGINE, new Plan(Plan.UNLIMITED, List.of()), principal, endpoint,
            connId, 0);
    }

    public Clock clock() {
        return clock;
    }

    /** What an account has used of its credit quota, and the quota. */
    public record CreditUsage(long used, long max) {
    }

    /**
     * The credits the principal's scope has used this period (per its plan's first credits limit it has a value
     * for) and that limit's quota; null when its plan charges no credits.
     */
    public CreditUsage credits(Principal principal) {
        CreditReservation first = new CreditMeter(this, plan(principal), principal, "usage").first();
        if (first == null) {
            return null;
        }
        String key = first.keyAt(clock.epochNanos());
        // The count includes credits reserved and not yet spent; this node's are taken off, so on one node the
        // report is what was delivered, and with several it adds what the others hold: never more than the quota.
        // Read around the count so that a reservation or give-back landing meanwhile can only make it higher.
        long before = unspent(key);
        long counted = state.get(key);
        long after = unspent(key);
        return new CreditUsage(Math.max(0, counted - Math.min(before, after)), first.limit.max());
    }

    private long unspent(String key) {
        long total = 0;
        for (CreditReservation reservation : holding) {
            total += reservation.unspent(key);
        }
        return total;
    }

    /** A connection's reservation now holds credits (for the usage report); any thread. */
    void holding(CreditReservation reservation) {
        holding.add(reservation);
        if (reservation.closed()) {
            // Closed while its last reservation was answered: it holds nothing.
            holding.remove(reservation);
        }
    }

    /** A connection's reservation gave back what it held. */
    void released(CreditReservation reservation) {
        holding.remove(reservation);
    }

    /**
     * The start of every shared-state key the credits limits of a service's engine count under
     * ({@code service|limit-id|}): what a credit ledger persists.
     */
    public static List<String> creditKeyPrefixes(String service, List<Plan> plans) {
        List<String> prefixes = new java.util.ArrayList<>();
        for (Plan plan : plans) {
            for (Limit limit : plan.limits(LimitKind.CREDITS)) {
                prefixes.add(service + '|' + limit.id() + '|');
            }
        }
        return prefixes;
    }

    LimitState state() {
        return state;
    }

    /** Whether decisions on shared state may wait on another process, and so must not run on an event loop. */
    public boolean remote() {
        return state.remote();
    }

    Executor decisions() {
        return decisions;
    }

    /**
     * {@link #admit}, on the decision executor when the state is remote; completed at once otherwise (the memory
     * path is unchanged). A failure of the store without a policy answers 503.
     */
    @Override
    public CompletableFuture<Admission> admitAsync(Principal principal, Endpoint endpoint, String connId) {
        return admitAsync(principal, endpoint, connId, clock.epochNanos());
    }

    /**
     * {@link #admitAsync(Principal, Endpoint, String)} for an upgrade request read at {@code readNanos}: connect
     * rates and blocks judge it then, not when the decision executor gets to it.
     */
    @Override
    public CompletableFuture<Admission> admitAsync(Principal principal, Endpoint endpoint, String connId,
                                                  long readNanos) {
        if (!state.remote()) {
            return CompletableFuture.completedFuture(decide(principal, endpoint, connId, null, readNanos));
        }
        return CompletableFuture.supplyAsync(() -> decide(principal, endpoint, connId, null, readNanos), decisions)
            .exceptionally(error -> unavailable());
    }

    Plan plan(Principal principal) {
        Plan plan = plans.get(principal.plan());
        return plan == null ? new Plan(principal.plan(), List.of()) : plan;
    }

    /**
     * Decides a handshake: penalty blocks first, then connect-rate, then connection slots. Admitted connections
     * hold their slots until {@link ConnectionLimits#release()}.
     */
    @Override
    public Admission admit(Principal principal, Endpoint endpoint, String connId) {
        return decide(principal, endpoint, connId, null, clock.epochNanos());
    }

    /** Blocks and connection slots for the new principal; connect-rate is not charged again. */
    @Override
    public Admission readmit(Principal principal, Endpoint endpoint, String connId, ConnectionLimits previous) {
        return decide(principal, endpoint, connId, previous, clock.epochNanos());
    }

    /** A new connection ({@code previous} null) or an open one under a new principal, judged at {@code now}. */
    private Admission decide(Principal principal, Endpoint endpoint, String connId, ConnectionLimits previous,
                             long now) {
        Plan plan = plan(principal);
        if (state.refusesAdmissions()) {
            return unavailable();
        }
        ConnectionLimits limits = new ConnectionLimits(this, plan, principal, endpoint, connId, now);
        Decision blocked = limits.checkBlocks(now, true);
        if (blocked.refused()) {
            return refuse(blocked, limits);
        }
        // An open connection that logs in opens no new connection: the connect rate was charged at its handshake.
        List<Limit> rates = previous == null ? plan.limits(LimitKind.CONNECT_RATE) : List.of();
        for (Limit limit : rates) {
            Decision decision = limits.rate(limit, now);
            if (decision.refused()) {
                return refuse(decision, limits);
            }
        }
        for (Limit limit : plan.limits(LimitKind.CONNECTIONS)) {
            Decision decision = limits.takeConnectionSlot(limit, now);
            if (decision.refused()) {
                return refuse(decision, limits);
            }
        }
        if (state.refusesAdmissions()) {
            // The store failed during this decision and its policy is to refuse admissions (closed).
            limits.release();
            return unavailable();
        }
        if (previous != null) {
            limits.carryOver(previous);
        }
        limits.primeCredits(now);
        return new Admission.Admitted(limits);
    }

    /** The answer while the shared state cannot decide and the policy refuses admissions: 503, retry soon. */
    private static Admission unavailable() {
        return new Admission.Refused(null, UNAVAILABLE_STATUS, UNAVAILABLE_BODY);
    }

    private static Admission refuse(Decision decision, ConnectionLimits limits) {
        limits.release();
        Action action = decision.limit().action();
        if (action.type() == Action.Type.ACCEPT_THEN_CLOSE) {
            return new Admission.AcceptThenClose(decision, action.closeCode(), action.reason());
        }
        int status = action.type() == Action.Type.REJECT_HANDSHAKE ? action.httpStatus() : 429;
        return new Admission.Refused(decision, status, action.body(decision.retryAfterMs(), ""));
    }

    /**
     * {@link #http(Principal, String, long)}, on the decision executor when the state is remote; completed at once
     * otherwise.
     */
    public CompletableFuture<Decision> httpAsync(Principal principal, String path, long readNanos) {
        if (!state.remote()) {
            return CompletableFuture.completedFuture(http(principal, path, readNanos));
        }
        return CompletableFuture.supplyAsync(() -> http(principal, path, readNanos), decisions);
    }

    /** {@link #http(Principal, String, long)} for a request read just now. */
    public Decision http(Principal principal, String path) {
        return http(principal, path, clock.epochNanos());
    }

    /**
     * Decides one HTTP request of a principal against the plan's http-rate limits, judged at {@code readNanos}
     * (when the request was read from the socket, on this engine's clock), not when the decision runs.
     */
    public Decision http(Principal principal, String path, long readNanos) {
        Plan plan = plan(principal);
        ConnectionLimits limits = new ConnectionLimits(this, plan, principal, null, "http", readNanos);
        Decision blocked = limits.checkBlocks(readNanos, true);
        if (blocked.refused()) {
            return blocked;
        }
        for (Limit limit : plan.limits(LimitKind.HTTP_RATE)) {
            if (limit.selector().countsPath(path)) {
                Decision decision = limits.rate(limit, readNanos);
                if (decision.refused()) {
                    return decision;
                }
            }
        }
        return Decision.ALLOWED;
    }

    /** Scope keys: service, limit and the principal's value for the scope, plus any qualifiers. */
    String key(Limit limit, String scopeValue, String... qualifiers) {
        StringBuilder key = new StringBuilder(64).append(service).append('|').append(limit.id()).append('|')
            .append(limit.scope().configName()).append(':').append(scopeValue);
        for (String qualifier : qualifiers) {
            key.append('|').append(qualifier);
        }
        return key.toString();
    }

    String blockKey(Scope scope, String scopeValue) {
        return service + "|block|" + scope.configName() + ':' + scopeValue;
    }

    /**
     * Turns a breach into a decision: counted, logged once per window, the penalty applied, and in shadow mode
     * allowed after all.
     */
    Decision breach(Limit limit, String scopeKey, long usage, long retryAfterNanos, Principal principal,
                    String connId, long now) {
        return breach(limit, scopeKey, usage, retryAfterNanos, null, principal, connId, now);
    }

    /**
     * A breach whose log line says what applied and what was refused in their own units ({@link Decision#detail}),
     * where the limit's value and a usage count would not (an idle timeout without subscriptions, a replay's start).
     */
    Decision breach(Limit limit, String scopeKey, long usage, String detail, Principal principal, String connId,
                    long now) {
        return breach(limit, scopeKey, usage, 0, detail, principal, connId, now);
    }

    private Decision breach(Limit limit, String scopeKey, long usage, long retryAfterNanos, String detail,
                            Principal principal, String connId, long now) {
        boolean shadow = !enforces(limit);
        long retryNanos = retryAfterNanos;
        if (shadow) {
            meters.get(limit).shadowRefused();
        } else {
            meters.get(limit).refused();
            Action action = limit.action();
            if (action.hasPenalty()) {
                String value = action.penaltyScope().valueOf(principal, connId);
                if (value != null) {
                    long penaltyNanos = action.penaltyMs() * NANOS_PER_MS;
                    state.blockUntil(blockKey(action.penaltyScope(), value), now + penaltyNanos);
                    // The block starts now, so no retry can succeed before it ends (sFOX: 2 minutes, not 1.5 s).
                    retryNanos = Math.max(retryNanos, penaltyNanos);
                }
            }
        }
        Decision decision = new Decision(shadow ? Decision.Outcome.SHADOW_REFUSED : Decision.Outcome.REFUSED, limit,
            scopeKey, usage, (retryNanos + NANOS_PER_MS - 1) / NANOS_PER_MS, detail);
        refusals.record(decision, now);
        return decision;
    }

    /** Whether the limit's refusals are enforced: neither it nor the whole engine is in shadow mode. */
    boolean enforces(Limit limit) {
        return !shadowAll && !limit.shadow();
    }

    void allowed(Limit limit) {
        meters.get(limit).allowed();
    }

    /** Housekeeping: forget refusal-log windows of departed clients. */
    public void sweep() {
        refusals.sweep(clock.epochNanos());
    }

    /** The engine behind {@link #unlimited}: no plans, so its state stays empty. */
    private static final class Unlimited {
        static final LimitEngine ENGINE = new LimitEngine("unlimited", List.of(),
            new dev.sluice.limit.memory.MemoryLimitState(), dev.sluice.time.SystemClock.INSTANCE, Metrics.NOOP, false);
    }

    /** Scopes whose penalty blocks a plan's traffic. */
    static List<Scope> penaltyScopes(Plan plan) {
        List<Scope> scopes = new ArrayList<>();
        for (Limit limit : plan.limits()) {
            Scope scope = limit.action().penaltyScope();
            if (limit.action().hasPenalty() && !scopes.contains(scope)) {
                scopes.add(scope);
            }
        }
        return scopes;
    }
}

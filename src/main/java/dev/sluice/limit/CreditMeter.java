package dev.sluice.limit;

import java.util.List;

/**
 * Charges one credit per message sent against the account's quota (0xArchive: 1 credit per WebSocket message),
 * exactly: a message goes out only with a credit in hand, and every credit in hand was counted as used when it was
 * reserved from the shared count ({@link LimitState#reserve}), which never passes the quota. So at every instant
 * used &le; quota and delivered &le; used, on one node or many.
 *
 * <p>Cost per message: a local compare-and-set on the connection's hand. The shared count is touched once per
 * batch: a connection reserves {@link #BATCH} credits at a time, fewer near the quota (the state grants at most
 * half of what is left, so the last credits spread over the connections asking), and gives back what it did not
 * spend when it closes (and, for a monthly quota, when the month turns).
 *
 * <p>With a local state (memory) a connection whose hand is empty reserves on the spot, synchronously. With a
 * remote state (Redis) the first batch is reserved at admission, on the decision executor, and each next one on
 * that executor as soon as half of the last grant is spent, so the event loop never waits on Redis. A message
 * that finds the hand empty while the next batch is on its way is {@link Decision#DEFERRED}: it is not sent and
 * not charged, and the session holds it (live frames and replay messages alike, in order; a replay stops reading
 * meanwhile) until the credits wake it, see {@link #ready}: it is never sent on credit. Once a reservation
 * is answered with nothing, messages are refused with the limit's exhausted action; a remote connection asks
 * again each tick, in case credits came back.
 *
 * <p>Reserved but unspent credits: a node holds at most {@link #BATCH} per open connection and credits limit (plus
 * one batch asked ahead while the last half of the previous is spent, so at most 1.5 batches), never more than half
 * of what an account has left per reservation, and none for a connection that sent nothing for a whole tick (about
 * a second: its credits go back then). They count as used until given back; a node that crashes never gives them
 * back, so a crash costs the account at most that many credits (lost, never over-delivered). The usage
 * report subtracts this node's unspent credits, so it shows what was delivered plus what other nodes hold. (With
 * the memory state the counts live in the process; {@link CreditLedger} says what its file keeps across a crash.)
 *
 * <p>Threading: {@link #charge}, {@link #ready} and {@link #onTick} run on the connection's event loop,
 * {@link #prime} on the decision executor before the connection reaches its loop, {@link #release} on any thread.
 */
final class CreditMeter {

    /** Credits a connection reserves at a time, far from the quota. */
    static final long BATCH = 1_000;

    private final LimitEngine engine;
    private final Principal principal;
    private final String connId;
    private final CreditReservation[] reservations;
    /** The key a month's roll left, for the give-back (loop only). */
    private final String[] rolledFrom = new String[1];

    CreditMeter(LimitEngine engine, Plan plan, Principal principal, String connId) {
        this.engine = engine;
        this.principal = principal;
        this.connId = connId;
        // Credits are charged to a scope the client has; an anonymous client has no account to charge.
        List<Limit> limits = plan.limits(LimitKind.CREDITS).stream()
            .filter(limit -> limit.scope().valueOf(principal, connId) != null).toList();
        this.reservations = new CreditReservation[limits.size()];
        for (int i = 0; i < reservations.length; i++) {
            Limit limit = limits.get(i);
            reservations[i] = new CreditReservation(limit, engine.key(limit, limit.scope().valueOf(principal,
                connId)));
        }
    }

    /** With a remote state: reserves the first batch now (on the decision executor, at admission). */
    void prime(long nowNanos) {
        if (!engine.remote()) {
            return;
        }
        for (CreditReservation r : reservations) {
            roll(r, nowNanos);
            long granted = engine.state().reserve(r.key(), BATCH, r.limit.max());
            if (granted > 0) {
                r.take(granted);
                engine.holding(r);
            } else {
                r.refusal(breach(r, 1, nowNanos));
            }
        }
    }

    /**
     * Spends a credit per message of every credits limit, all or nothing.
     *
     * @return allowed (spent); refused by the quota (nothing spent, the message must not be sent); or
     *     {@link Decision#DEFERRED} (nothing spent: the credits are on their way, send nothing yet)
     */
    Decision charge(int messages, long nowNanos) {
        if (reservations.length == 0) {
            return Decision.ALLOWED;
        }
        Decision result = Decision.ALLOWED;
        for (CreditReservation r : reservations) {
            Decision decision = ensure(r, messages, nowNanos);
            if (!decision.allowed()) {
                return decision;
            }
            if (decision != Decision.ALLOWED) {
                // In shadow mode: counted as a refusal, sent all the same.
                result = decision;
            }
        }
        for (CreditReservation r : reservations) {
            if (r.inHand() >= messages) {
                if (!r.spend(messages)) {
                    // Closed on another thread between the check and the spend: its credits are given back.
                    return Decision.DEFERRED;
                }
            } else {
                r.spendUpTo(messages);
            }
            if (engine.remote()) {
                prefetch(r, nowNanos);
            }
        }
        return result;
    }

    /** Whether the hand holds {@code messages} credits, reserving (local) or asking for (remote) more if not. */
    private Decision ensure(CreditReservation r, int messages, long nowNanos) {
        roll(r, nowNanos);
        if (r.inHand() >= messages) {
            return Decision.ALLOWED;
        }
        r.drain();
        if (r.inHand() >= messages) {
            return Decision.ALLOWED;
        }
        if (r.closed()) {
            return Decision.DEFERRED;
        }
        if (!engine.remote()) {
            while (r.inHand() < messages) {
                long granted = engine.state().reserve(r.key(), want(r, messages), r.limit.max());
                if (granted == 0) {
                    return breach(r, messages, nowNanos);
                }
                r.take(granted);
                engine.holding(r);
            }
            return Decision.ALLOWED;
        }
        Decision refusal = r.refusal();
        if (refusal != null) {
            return refusal;
        }
        if (!r.pending()) {
            reserveAsync(r, want(r, messages), nowNanos);
        }
        return Decision.DEFERRED;
    }

    /**
     * A message sent (one at a time, as sessions charge) reserves a batch ahead; a charge of many at once (a bulk
     * count) reserves exactly what it lacks, so that it does not leave a batch unspent on top of itself.
     */
    private static long want(CreditReservation r, int messages) {
        return messages == 1 ? BATCH : messages - r.inHand();
    }

    /** Asks for the next batch once half of the last grant is spent, so that it is there before the hand is empty. */
    private void prefetch(CreditReservation r, long nowNanos) {
        r.drain();
        if (!r.pending() && r.refusal() == null && r.inHand() <= r.lowWater()) {
            reserveAsync(r, BATCH, nowNanos);
        }
    }

    /** Reserves on the decision executor; the answer lands in the reservation for the loop to take. */
    private void reserveAsync(CreditReservation r, long want, long nowNanos) {
        String from = r.asked();
        engine.decisions().execute(() -> {
            long granted = 0;
            Decision refusal = null;
            try {
                granted = engine.state().reserve(from, want, r.limit.max());
                if (granted == 0) {
                    refusal = breach(r, 1, nowNanos);
                } else {
                    engine.holding(r);
                }
            } finally {
                long back = r.arrive(from, granted, refusal);
                if (back > 0) {
                    engine.state().add(from, -back);
                }
            }
        });
    }

    private Decision breach(CreditReservation r, long messages, long nowNanos) {
        // The usage the refused messages would have reached: the quota is spent (or held by other connections).
        return engine.breach(r.limit, r.key(), r.limit.max() + messages, 0, principal, connId, nowNanos);
    }

    /**
     * Whether a message could be decided now; false while the hand is empty and a reservation is on its way, in
     * which case {@code wake} runs (on the decision executor) once it is answered. Loop only.
     */
    boolean ready(Runnable wake, long nowNanos) {
        if (!engine.remote()) {
            return true;
        }
        for (CreditReservation r : reservations) {
            r.drain();
            if (r.inHand() > 0 || r.refusal() != null || r.closed()) {
                continue;
            }
            if (!r.pending()) {
                reserveAsync(r, BATCH, nowNanos);
            }
            if (r.wakeOnAnswer(wake)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Once a tick: a new month; the credits of a connection that sent nothing since the last tick go back; and
     * (remote) another try for credits after a refusal. Loop only.
     */
    void onTick(long nowNanos) {
        for (CreditReservation r : reservations) {
            roll(r, nowNanos);
            if (r.closed()) {
                continue;
            }
            long idle = r.idle();
            if (idle > 0) {
                giveBack(r.key(), idle);
            } else if (engine.remote() && r.refusal() != null && !r.pending()) {
                r.refusal(null);
                reserveAsync(r, BATCH, nowNanos);
            }
        }
    }

    /** Gives back every credit reserved and not spent. Idempotent; any thread (remote: the give-back is async). */
    void release() {
        for (CreditReservation r : reservations) {
            giveBack(r.key(), r.close());
            engine.released(r);
        }
    }

    private void roll(CreditReservation r, long nowNanos) {
        long unused = r.roll(nowNanos, rolledFrom);
        if (unused > 0) {
            giveBack(rolledFrom[0], unused);
        }
    }

    private void giveBack(String key, long credits) {
        if (credits <= 0) {
            return;
        }
        if (engine.remote()) {
            engine.decisions().execute(() -> engine.state().add(key, -credits));
        } else {
            engine.state().add(key, -credits);
        }
    }

    /** The reservation of the first credits limit the principal has a scope for, or null (a usage report). */
    CreditReservation first() {
        return reservations.length == 0 ? null : reservations[0];
    }
}

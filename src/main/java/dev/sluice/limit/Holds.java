package dev.sluice.limit;

import java.util.ArrayList;
import java.util.List;

/**
 * The memberships of shared capped sets that one connection holds (its connection slot, subscriptions, channel
 * connections, unique users, in-flight requests), so that all of them are given back when it closes. Also where a
 * limit's shared-state key for this connection is made.
 *
 * <p>Thread-safety: synchronized, because a remote decision may take a membership on the decision executor while
 * the connection closes on its event loop; a membership taken after {@link #releaseAll} is given back at once.
 */
final class Holds {

    private final LimitEngine engine;
    private final Principal principal;
    private final String connId;
    /** key, member, holder. */
    private final List<String[]> held = new ArrayList<>();
    private boolean closed;

    Holds(LimitEngine engine, Principal principal, String connId) {
        this.engine = engine;
        this.principal = principal;
        this.connId = connId;
    }

    /**
     * A limit applies only to clients that have its scope: an anonymous client has no account or identity, so
     * limits per account or identity do not count it (rather than counting every anonymous client as one).
     */
    boolean applies(Limit limit) {
        return limit.scope().valueOf(principal, connId) != null;
    }

    /** The shared-state key of a limit that {@link #applies}. */
    String key(Limit limit, String... qualifiers) {
        return engine.key(limit, limit.scope().valueOf(principal, connId), qualifiers);
    }

    /** Takes a member of a capped set, held by itself; FULL is a breach. */
    Decision acquire(Limit limit, String key, String member, long now) {
        return acquire(limit, key, member, member, now);
    }

    /** Takes a member of a capped set for a holder; FULL is a breach and nothing is held. */
    synchronized Decision acquire(Limit limit, String key, String member, String holder, long now) {
        LimitState.Acquire result = engine.state().acquire(key, member, holder, (int) limit.max(),
            LimitEngine.LEASE_NANOS, now);
        if (result == LimitState.Acquire.FULL) {
            return engine.breach(limit, key, limit.max() + 1, 0, principal, connId, now);
        }
        if (closed) {
            engine.state().release(key, member, holder);
        } else {
            held.add(new String[] {key, member, holder});
        }
        engine.allowed(limit);
        return Decision.ALLOWED;
    }

    /** Gives one membership back now. */
    synchronized void drop(String key, String member, String holder) {
        engine.state().release(key, member, holder);
        held.removeIf(hold -> hold[0].equals(key) && hold[1].equals(member));
    }

    /** Gives every membership back (on close). */
    synchronized void releaseAll() {
        closed = true;
        for (String[] hold : held) {
            engine.state().release(hold[0], hold[1], hold[2]);
        }
        held.clear();
    }
}

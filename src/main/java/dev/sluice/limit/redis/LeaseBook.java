package dev.sluice.limit.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The capped-set memberships this node holds, so that it can renew them in batches, re-register them after Redis
 * lost them, and tell which connection a lost one belongs to. Thread-safe: acquires and releases come from any
 * thread, the renewer reads a snapshot.
 */
final class LeaseBook {

    /** One held membership; {@code cap} is the set's cap when it was taken, for re-acquiring it. */
    record Lease(String key, String member, String holder, int cap) {
    }

    private record Id(String key, String member, String holder) {
    }

    private final ConcurrentHashMap<Id, Lease> held = new ConcurrentHashMap<>();

    void held(String key, String member, String holder, int cap) {
        held.put(new Id(key, member, holder), new Lease(key, member, holder, cap));
    }

    void released(String key, String member, String holder) {
        held.remove(new Id(key, member, holder));
    }

    /** Forgets a lease that was lost, unless it was released or taken again meanwhile. */
    void lost(Lease lease) {
        held.remove(new Id(lease.key(), lease.member(), lease.holder()), lease);
    }

    List<Lease> snapshot() {
        return new ArrayList<>(held.values());
    }

    int size() {
        return held.size();
    }

    /**
     * The connection a holder belongs to: holders are the node's tag, a colon and a connection id, optionally
     * followed by a slash and what the connection holds (a subscription, a request).
     */
    static String connectionOf(String holder) {
        int colon = holder.indexOf(':');
        int slash = holder.indexOf('/', colon + 1);
        return slash < 0 ? holder.substring(colon + 1) : holder.substring(colon + 1, slash);
    }
}

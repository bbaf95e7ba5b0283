package dev.sluice.limit.memory;

import dev.sluice.limit.LimitState.Acquire;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * One capped set: members, each with the holders that hold it. Holders are a set, not a count: a holder that
 * acquires a member it already holds renews its hold (there is no lease to renew here) and one release ends it.
 *
 * <p>Thread-safety: every method synchronizes on the set. The set retires itself when its last member leaves,
 * so that an emptied key costs no memory; the caller then removes it from its map, and callers that find it
 * retired look the key up again.
 */
final class CappedSet {

    private final Map<String, Holders> members = new HashMap<>();
    private boolean retired;

    /** @return the outcome, or {@code null} when the set is retired */
    synchronized Acquire acquire(String member, String holder, int cap) {
        if (retired) {
            return null;
        }
        Holders holders = members.get(member);
        if (holders != null) {
            holders.add(holder);
            return Acquire.PRESENT;
        }
        // A held member is admitted above even when the set is at (or, after a lower cap, over) its cap:
        // the cap limits members, and a new holder of a held member adds none.
        if (members.size() >= cap) {
            return Acquire.FULL;
        }
        members.put(member, new Holders(holder));
        return Acquire.ADDED;
    }

    /** @return true when this removed the last member and retired the set */
    synchronized boolean release(String member, String holder) {
        Holders holders = members.get(member);
        if (retired || holders == null || !holders.remove(holder)) {
            return false;
        }
        members.remove(member);
        retired = members.isEmpty();
        return retired;
    }

    synchronized int size() {
        return members.size();
    }

    /** The holders of one member. Most members have one holder, so a second one is what allocates a set. */
    private static final class Holders {

        private String first;
        private Set<String> others;

        Holders(String first) {
            this.first = first;
        }

        void add(String holder) {
            if (first.equals(holder)) {
                return;
            }
            if (others == null) {
                others = new HashSet<>(4);
            }
            others.add(holder);
        }

        /** @return true when the last holder is gone */
        boolean remove(String holder) {
            if (first.equals(holder)) {
                if (others == null || others.isEmpty()) {
                    return true;
                }
                Iterator<String> next = others.iterator();
                first = next.next();
                next.remove();
                return false;
            }
            if (others != null) {
                others.remove(holder);
            }
            return false;
        }
    }
}

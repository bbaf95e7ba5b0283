package dev.sluice.limit;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The credits one connection holds of one credits limit: reserved from the shared count ({@link
 * LimitState#reserve}), spent one per message here, the unused rest given back when the connection closes or the
 * month turns. What is in hand was counted as used when it was reserved, so the shared count never passes the
 * quota and a message is sent only with a credit in hand.
 *
 * <p>Threading: the connection's event loop spends ({@link #spend}) and moves arrived credits into the hand
 * ({@link #drain}); a remote reservation is answered on the engine's decision executor ({@link #arrive}); closing
 * may happen on any thread ({@link #close}); a usage report reads {@link #unspent} from an HTTP thread. The hand
 * is an {@link AtomicLong} that only the loop decreases, so closing can take it whole ({@code getAndSet}) without
 * racing a spend into credits already given back; the rare steps that change the key (a new month, closing, an
 * answer) hold this object's monitor.
 */
final class CreditReservation {

    final Limit limit;
    private final String baseKey;
    /** The key the credits in hand were reserved from (the month's key for a monthly quota). */
    private volatile String key;
    /** When the current month ends (epoch nanos); never for a quota that is not monthly. Loop only. */
    private long periodEndNanos;
    /** Spends so far, and as of the last tick (loop only): a connection idle for a tick gives its credits back. */
    private long spends;
    private long spendsAtTick;
    private final AtomicLong inHand = new AtomicLong();
    /** Credits a remote reservation granted that the loop has not taken into its hand yet. */
    private final AtomicLong arrived = new AtomicLong();
    /** A remote reservation is on its way (at most one at a time). */
    private volatile boolean pending;
    /** The quota's refusal, once a reservation was answered with nothing; cleared to ask again. */
    private volatile Decision refusal;
    /** The last grant: the next remote reservation is asked when half of it is spent. */
    private volatile long lastGrant = CreditMeter.BATCH;
    private volatile boolean closed;
    /** Run once when the pending reservation is answered (a replay waiting for credits). */
    private final AtomicReference<Runnable> wake = new AtomicReference<>();

    CreditReservation(Limit limit, String baseKey) {
        this.limit = limit;
        this.baseKey = baseKey;
        this.key = baseKey;
        this.periodEndNanos = limit.monthly() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }

    String key() {
        return key;
    }

    long inHand() {
        return inHand.get();
    }

    boolean pending() {
        return pending;
    }

    Decision refusal() {
        return refusal;
    }

    void refusal(Decision decision) {
        refusal = decision;
    }

    boolean closed() {
        return closed;
    }

    /** Half the last grant (at most half a batch): where a remote connection asks for its next batch. */
    long lowWater() {
        return Math.min(CreditMeter.BATCH / 2, lastGrant / 2);
    }

    /**
     * Moves to the month of {@code nowNanos} when a monthly quota's month has ended (loop only, or before the
     * connection is handed to its loop).
     *
     * @return the credits in hand of the month that ended, to give back to {@code previousKey}, or 0
     */
    long roll(long nowNanos, String[] previousKey) {
        if (nowNanos < periodEndNanos) {
            return 0;
        }
        YearMonth month = YearMonth.from(Instant.ofEpochMilli(Math.floorDiv(nowNanos, LimitEngine.NANOS_PER_MS))
            .atZone(ZoneOffset.UTC));
        periodEndNanos = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
            * LimitEngine.NANOS_PER_MS;
        String next = baseKey + '|' + month;
        synchronized (this) {
            String previous = key;
            key = next;
            refusal = null;
            if (previous.equals(baseKey) || previous.equals(next)) {
                return 0;
            }
            previousKey[0] = previous;
            return inHand.getAndSet(0) + arrived.getAndSet(0);
        }
    }

    /** The key of the month of {@code nowNanos} (a usage report; changes nothing). */
    String keyAt(long nowNanos) {
        if (!limit.monthly()) {
            return baseKey;
        }
        return baseKey + '|' + YearMonth.from(Instant.ofEpochMilli(Math.floorDiv(nowNanos, LimitEngine.NANOS_PER_MS))
            .atZone(ZoneOffset.UTC));
    }

    /** Credits reserved on this node (loop, before the connection is handed over): into the hand at once. */
    void take(long granted) {
        if (granted > 0) {
            inHand.addAndGet(granted);
            lastGrant = granted;
        }
    }

    /** Takes arrived credits into the hand (loop only). */
    void drain() {
        if (arrived.get() > 0) {
            inHand.addAndGet(arrived.getAndSet(0));
        }
    }

    /**
     * Spends {@code credits} of the hand (loop only): one uncontended compare-and-set, which fails only when the
     * hand holds fewer or a close on another thread took it meanwhile.
     */
    boolean spend(long credits) {
        long held = inHand.get();
        spends++;
        return held >= credits && inHand.compareAndSet(held, held - credits);
    }

    /** Spends what the hand holds of {@code credits} (a limit in shadow mode lets the rest through). */
    void spendUpTo(long credits) {
        long held = inHand.get();
        spends++;
        inHand.compareAndSet(held, held - Math.min(credits, held));
    }

    /**
     * Once a tick (loop only): a connection that spent nothing since the last tick gives its credits back, so
     * that idle connections do not sit on credits others could use (nor lose them in a crash).
     *
     * @return the credits to give back to {@link #key()}, or 0 when it spent or a reservation is on its way
     */
    long idle() {
        boolean idle = spends == spendsAtTick;
        spendsAtTick = spends;
        if (!idle || pending) {
            return 0;
        }
        synchronized (this) {
            return inHand.getAndSet(0) + arrived.getAndSet(0);
        }
    }

    /** Marks a remote reservation on its way (loop only) and returns the key it reserves from. */
    String asked() {
        pending = true;
        return key;
    }

    /**
     * The answer to a remote reservation from {@code from}, on the decision executor: the credits granted, or the
     * quota's refusal when none were.
     *
     * @return credits to give back at once (the month turned or the connection closed meanwhile), or 0
     */
    long arrive(String from, long granted, Decision refused) {
        long back = 0;
        synchronized (this) {
            if (closed || !from.equals(key)) {
                back = granted;
            } else if (granted > 0) {
                arrived.addAndGet(granted);
                lastGrant = granted;
            } else if (refused != null) {
                refusal = refused;
            }
            pending = false;
        }
        Runnable waiting = wake.getAndSet(null);
        if (waiting != null) {
            waiting.run();
        }
        return back;
    }

    /**
     * Asks to be woken when the pending reservation is answered.
     *
     * @return false when it was answered meanwhile (no wake will come: look again)
     */
    boolean wakeOnAnswer(Runnable waiting) {
        wake.set(waiting);
        if (!pending) {
            wake.compareAndSet(waiting, null);
            return false;
        }
        return true;
    }

    /** The connection closed: every credit not spent, to give back to {@link #key()}. Idempotent. */
    synchronized long close() {
        closed = true;
        return inHand.getAndSet(0) + arrived.getAndSet(0);
    }

    /** Reserved from {@code countedKey} and not spent (a usage report; any thread). */
    long unspent(String countedKey) {
        return countedKey.equals(key) ? inHand.get() + arrived.get() : 0;
    }
}

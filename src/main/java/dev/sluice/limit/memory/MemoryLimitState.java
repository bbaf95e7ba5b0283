package dev.sluice.limit.memory;

import dev.sluice.limit.LimitState;
import dev.sluice.limit.window.FixedWindow;
import dev.sluice.limit.window.RateCounter;
import dev.sluice.limit.window.SlidingLog;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The in-process {@link LimitState} of a single node: one {@link ConcurrentHashMap} per kind of state (so the
 * kinds are namespaced from each other), each value a small state object with its own lock. There is no global
 * lock; two keys never contend.
 *
 * <p>Where the port leaves room, this store chooses (and the contract tests pin down):
 * <ul>
 *   <li><b>Leases are ignored</b>: {@code leaseNanos} and {@code nowNanos} of {@link #acquire} and {@link #size}
 *       are unused and a hold lasts until released. Holders release on close (admission acquires on accept and
 *       releases on {@code closeFuture()}); a node that dies takes this store with it.</li>
 *   <li><b>Holders are a set, not a count</b>: a holder acquiring a member it already holds gets
 *       {@link Acquire#PRESENT} and renews, and a single {@link #release} ends its hold.</li>
 *   <li>A held member is {@link Acquire#PRESENT} for a new holder even when the set is at its cap; a cap of 0
 *       refuses every new member; a negative cap is misconfiguration.</li>
 *   <li>{@link #consume}: 0 permits are always granted, at no cost; a bucket whose parameters change between
 *       calls keeps its whole tokens (clamped to the new capacity). Non-positive capacity, refill tokens or period,
 *       negative permits, and parameters too fine for exact long arithmetic (see {@link TokenBucket}) are
 *       misconfiguration: {@link IllegalArgumentException}.</li>
 *   <li>{@link #space}: the first request on a key is allowed; an interval of 0 allows everything.</li>
 *   <li>{@link #reserve} grants 0 for a {@code want} of 0 or a counter at or past {@code max}; a negative
 *       {@code want} is misconfiguration.</li>
 *   <li>{@link #add}: a counter at 0 is indistinguishable from no counter, and {@link #sweep} drops it;
 *       {@link Long#MIN_VALUE} is reserved to mark a dropped counter and is not a value a counter may reach.</li>
 *   <li>Time is the caller's {@code nowNanos} ({@link System#nanoTime} style: any origin, compared by
 *       subtraction). A caller whose clock reads behind the latest time a bucket or spacing key has seen (two
 *       threads racing for one key) gets no refill and a wait measured from its own {@code nowNanos}; the
 *       state never moves back in time.</li>
 * </ul>
 *
 * <p>Memory: a capped set is removed when its last member leaves. Full buckets, windows that hold no admission still
 * inside their period, spacing records whose interval has passed, ended blocks and zero counters are removed by
 * {@link #sweep}, which the owner calls periodically with
 * the same clock; each removal is invisible to callers because a missing entry behaves exactly as the removed one
 * would have. An ended block is also dropped when {@link #blockedFor} finds it.
 *
 * <p>Allocation: {@link #consume}, {@link #slidingWindow} and {@link #fixedWindow} (once a window's ring has
 * grown to its traffic), {@link #space}, {@link #blockedFor}, {@link #add}, {@link #get}, renewing
 * {@link #acquire} and {@link #release} allocate nothing for a key already in use. The first use of a key
 * allocates its state object and map entry; a new member allocates its holder record, a member's second holder a
 * small set; {@link #blockUntil} boxes its time.
 *
 * <p>Thread-safety: all methods may be called from any thread. Each state object is guarded by its own monitor;
 * one that is removed is first marked retired under that monitor, and a caller that finds it retired helps remove
 * it and looks the key up again, so no update is ever applied to a removed object.
 */
public final class MemoryLimitState implements LimitState {

    /** Marks a counter that {@link #sweep} is removing; see the class Javadoc. */
    private static final long RETIRED_COUNTER = Long.MIN_VALUE;

    private final ConcurrentHashMap<String, CappedSet> sets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Spacing> spacings = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, GuardedCounter> slidingWindows = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, GuardedCounter> fixedWindows = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> blocks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> counters = new ConcurrentHashMap<>();

    @Override
    public Acquire acquire(String key, String member, String holder, int cap, long leaseNanos, long nowNanos) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(holder, "holder");
        if (cap < 0) {
            throw new IllegalArgumentException("cap must be >= 0: " + cap);
        }
        while (true) {
            CappedSet set = sets.get(key);
            if (set == null) {
                set = new CappedSet();
                CappedSet raced = sets.putIfAbsent(key, set);
                set = raced == null ? set : raced;
            }
            Acquire outcome = set.acquire(member, holder, cap);
            if (outcome != null) {
                return outcome;
            }
            sets.remove(key, set);
        }
    }

    @Override
    public void release(String key, String member, String holder) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(holder, "holder");
        CappedSet set = sets.get(key);
        if (set != null && set.release(member, holder)) {
            sets.remove(key, set);
        }
    }

    @Override
    public int size(String key, long nowNanos) {
        CappedSet set = sets.get(Objects.requireNonNull(key, "key"));
        return set == null ? 0 : set.size();
    }

    @Override
    public long consume(String key, long permits, long capacity, long refillTokens, long refillPeriodNanos,
        long nowNanos) {
        Objects.requireNonNull(key, "key");
        if (permits < 0 || capacity <= 0 || refillTokens <= 0 || refillPeriodNanos <= 0) {
            throw new IllegalArgumentException("token bucket " + key + ": permits " + permits + " must be >= 0 and "
                + "capacity " + capacity + ", refillTokens " + refillTokens + ", refillPeriodNanos "
                + refillPeriodNanos + " > 0");
        }
        if (permits > capacity) {
            return Long.MAX_VALUE;
        }
        if (permits == 0) {
            return 0;
        }
        while (true) {
            TokenBucket bucket = buckets.get(key);
            if (bucket == null) {
                bucket = new TokenBucket(capacity, refillTokens, refillPeriodNanos, nowNanos);
                TokenBucket raced = buckets.putIfAbsent(key, bucket);
                bucket = raced == null ? bucket : raced;
            }
            long waitNanos = bucket.take(permits, capacity, refillTokens, refillPeriodNanos, nowNanos);
            if (waitNanos != TokenBucket.RETIRED) {
                return waitNanos;
            }
            buckets.remove(key, bucket);
        }
    }

    @Override
    public long slidingWindow(String key, long permits, long periodNanos, long nowNanos) {
        return admit(slidingWindows, SlidingLog::new, key, permits, periodNanos, nowNanos);
    }

    @Override
    public long fixedWindow(String key, long permits, long periodNanos, long nowNanos) {
        return admit(fixedWindows, FixedWindow::new, key, permits, periodNanos, nowNanos);
    }

    private static long admit(ConcurrentHashMap<String, GuardedCounter> windows, Supplier<RateCounter> create,
                              String key, long permits, long periodNanos, long nowNanos) {
        Objects.requireNonNull(key, "key");
        if (permits <= 0 || periodNanos <= 0) {
            throw new IllegalArgumentException("window " + key + ": permits " + permits + " and periodNanos "
                + periodNanos + " must be > 0");
        }
        while (true) {
            GuardedCounter counter = windows.get(key);
            if (counter == null) {
                counter = new GuardedCounter(create.get());
                GuardedCounter raced = windows.putIfAbsent(key, counter);
                counter = raced == null ? counter : raced;
            }
            long waitNanos = counter.tryAdmit(permits, periodNanos, nowNanos);
            if (waitNanos != GuardedCounter.RETIRED) {
                return waitNanos;
            }
            windows.remove(key, counter);
        }
    }

    @Override
    public long space(String key, String holder, long intervalNanos, long nowNanos) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(holder, "holder");
        if (intervalNanos < 0) {
            throw new IllegalArgumentException("spacing " + key + ": intervalNanos must be >= 0: " + intervalNanos);
        }
        while (true) {
            Spacing spacing = spacings.get(key);
            if (spacing == null) {
                Spacing raced = spacings.putIfAbsent(key, new Spacing(holder, intervalNanos, nowNanos));
                if (raced == null) {
                    return 0;
                }
                spacing = raced;
            }
            long waitNanos = spacing.space(holder, intervalNanos, nowNanos);
            if (waitNanos != Spacing.RETIRED) {
                return waitNanos;
            }
            spacings.remove(key, spacing);
        }
    }

    @Override
    public void blockUntil(String key, long untilNanos) {
        blocks.merge(Objects.requireNonNull(key, "key"), untilNanos, MemoryLimitState::later);
    }

    @Override
    public long blockedFor(String key, long nowNanos) {
        Long untilNanos = blocks.get(Objects.requireNonNull(key, "key"));
        if (untilNanos == null) {
            return 0;
        }
        long remainingNanos = untilNanos - nowNanos;
        if (remainingNanos > 0) {
            return remainingNanos;
        }
        // Removes only this ended block: a later blockUntil has replaced the value and is kept.
        blocks.remove(key, untilNanos);
        return 0;
    }

    @Override
    public long add(String key, long delta) {
        Objects.requireNonNull(key, "key");
        while (true) {
            AtomicLong counter = counter(key);
            long value = counter.get();
            if (value == RETIRED_COUNTER) {
                counters.remove(key, counter);
            } else if (counter.compareAndSet(value, value + delta)) {
                return value + delta;
            }
        }
    }

    @Override
    public long reserve(String key, long want, long max) {
        Objects.requireNonNull(key, "key");
        if (want < 0) {
            throw new IllegalArgumentException("credits " + key + ": want must be >= 0: " + want);
        }
        while (true) {
            AtomicLong counter = counter(key);
            long value = counter.get();
            if (value == RETIRED_COUNTER) {
                counters.remove(key, counter);
                continue;
            }
            long left = max - value;
            long grant = left <= 0 ? 0 : Math.min(want, left - left / 2);
            if (grant == 0) {
                return 0;
            }
            // One compare-and-set: the counter never passes max, however many threads reserve at once.
            if (counter.compareAndSet(value, value + grant)) {
                return grant;
            }
        }
    }

    private AtomicLong counter(String key) {
        AtomicLong counter = counters.get(key);
        if (counter == null) {
            counter = new AtomicLong();
            AtomicLong raced = counters.putIfAbsent(key, counter);
            counter = raced == null ? counter : raced;
        }
        return counter;
    }

    /** Calls {@code visitor} with every counter that is not 0 (a credit ledger saving them). Any thread. */
    public void forEachCounter(java.util.function.BiConsumer<String, Long> visitor) {
        counters.forEach((key, value) -> {
            long current = value.get();
            if (current != 0 && current != RETIRED_COUNTER) {
                visitor.accept(key, current);
            }
        });
    }

    @Override
    public long get(String key) {
        AtomicLong counter = counters.get(Objects.requireNonNull(key, "key"));
        long value = counter == null ? 0 : counter.get();
        return value == RETIRED_COUNTER ? 0 : value;
    }

    /**
     * Removes the state that no caller could tell from absent state at {@code nowNanos}: buckets that are full,
     * spacing records whose interval has passed, blocks that have ended and counters at 0. Call it periodically
     * (every few seconds) from one thread, with the clock the callers use; it costs one pass over the keys and
     * takes each key's lock briefly, never a global one.
     */
    public void sweep(long nowNanos) {
        for (Map.Entry<String, TokenBucket> entry : buckets.entrySet()) {
            if (entry.getValue().retireIfFull(nowNanos)) {
                buckets.remove(entry.getKey(), entry.getValue());
            }
        }
        for (Map.Entry<String, Spacing> entry : spacings.entrySet()) {
            if (entry.getValue().retireIfIdle(nowNanos)) {
                spacings.remove(entry.getKey(), entry.getValue());
            }
        }
        retireIdle(slidingWindows, nowNanos);
        retireIdle(fixedWindows, nowNanos);
        for (Map.Entry<String, Long> entry : blocks.entrySet()) {
            if (entry.getValue() - nowNanos <= 0) {
                blocks.remove(entry.getKey(), entry.getValue());
            }
        }
        for (Map.Entry<String, AtomicLong> entry : counters.entrySet()) {
            if (entry.getValue().compareAndSet(0, RETIRED_COUNTER)) {
                counters.remove(entry.getKey(), entry.getValue());
            }
        }
    }

    private static void retireIdle(ConcurrentHashMap<String, GuardedCounter> windows, long nowNanos) {
        for (Map.Entry<String, GuardedCounter> entry : windows.entrySet()) {
            if (entry.getValue().retireIfIdle(nowNanos)) {
                windows.remove(entry.getKey(), entry.getValue());
            }
        }
    }

    int windowCount() {
        return slidingWindows.size() + fixedWindows.size();
    }

    int setCount() {
        return sets.size();
    }

    int bucketCount() {
        return buckets.size();
    }

    int spacingCount() {
        return spacings.size();
    }

    int blockCount() {
        return blocks.size();
    }

    int counterCount() {
        return counters.size();
    }

    private static Long later(Long current, Long proposed) {
        return proposed - current > 0 ? proposed : current;
    }
}

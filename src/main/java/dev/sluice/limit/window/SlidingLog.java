package dev.sluice.limit.window;

import java.util.ArrayList;
import java.util.List;

/**
 * An exact sliding window: the time of every admission still inside the window, oldest first, in a ring of 4-byte
 * ticks. A request is admitted when fewer than {@code permits} admissions lie within the preceding
 * {@code periodNanos}; a refused request is not recorded.
 *
 * <p>Ticks: a time is kept as its tick number modulo 2<sup>32</sup>, with the tick chosen by {@link #tickFor} so
 * that a period is at most 2<sup>30</sup> ticks (1 ns up to a period of 1.07 s, 4 &micro;s for an hour, 3 ms for
 * 30 days) and, where possible, a divisor of a millisecond. Live ages are then below 2<sup>31</sup> ticks and a signed
 * 32-bit difference gives them exactly, wrap-around included. An admission is recorded at its time rounded
 * <em>up</em> to a tick and judged against the current time rounded <em>down</em>, so an admission leaves the window
 * at the earliest one tick late, never early: the log can never admit {@code permits + 1} within a period. For times
 * that are whole ticks (every whole millisecond, for periods up to 24 days) the rounding is exact, so it never
 * refuses a request that an exact count would admit.
 *
 * <p>Memory: nothing until the first admission; then a ring of 8 slots that doubles while full, never beyond
 * {@code permits} slots, and halves when fewer than a quarter are live. Steady traffic therefore allocates nothing
 * per decision, and each slot is 4 bytes.
 *
 * <p>Not thread-safe; see {@link RateCounter}.
 */
public final class SlidingLog implements RateCounter {

    /** The most ticks a period may span, so that every live age fits a signed int (see the class Javadoc). */
    static final long MAX_PERIOD_TICKS = (1L << 30) - 1;
    private static final int FIRST_CAPACITY = 8;
    private static final long NANOS_PER_MS = 1_000_000L;

    /** The last period and its tick: connections of one plan share a period, and the search is not free. */
    private static volatile long[] lastTick = {0, 1};

    private long periodNanos;
    private long tickNanos;
    private long periodTicks;
    private int[] ring;
    private int head;
    private int size;
    /** The latest time seen; admissions are recorded at it, so the ring is in time order. */
    private long latestNanos;

    @Override
    public long tryAdmit(long permits, long periodNanos, long nowNanos) {
        if (periodNanos != this.periodNanos) {
            reconfigure(periodNanos);
        }
        long at = size > 0 && nowNanos - latestNanos < 0 ? latestNanos : nowNanos;
        long nowTick = Math.floorDiv(at, tickNanos);
        if (size > 0 && at - latestNanos >= periodNanos) {
            // Every admission is at least a period old: all have left, and their ticks may have wrapped.
            head = 0;
            size = 0;
        }
        latestNanos = at;
        expire(nowTick);
        if (size < permits) {
            record(-Math.floorDiv(-at, tickNanos), permits);
            return 0;
        }
        // The admission that must leave before one more fits: the oldest when full, further in after a reload
        // lowered permits below what is held.
        int blocking = ring[(int) ((head + size - permits) % ring.length)];
        long leavesAtTick = nowTick - (int) (nowTick - blocking) + periodTicks;
        return leavesAtTick * tickNanos - nowNanos;
    }

    @Override
    public boolean idle(long nowNanos) {
        return size == 0 || nowNanos - latestNanos >= periodNanos;
    }

    /** Admissions currently held (live or not yet expired by a decision); for tests of the memory budget. */
    public int held() {
        return size;
    }

    /** Slots allocated; for tests of the memory budget. */
    public int capacity() {
        return ring == null ? 0 : ring.length;
    }

    private void expire(long nowTick) {
        while (size > 0 && (int) (nowTick - ring[head]) >= periodTicks) {
            head = head + 1 == ring.length ? 0 : head + 1;
            size--;
        }
        if (ring != null && ring.length > FIRST_CAPACITY && size < ring.length / 4) {
            resize(ring.length / 2);
        }
    }

    private void record(long tick, long permits) {
        if (ring == null) {
            ring = new int[(int) Math.min(permits, FIRST_CAPACITY)];
        } else if (size == ring.length) {
            resize((int) Math.min(permits, 2L * ring.length));
        }
        int tail = head + size;
        ring[tail >= ring.length ? tail - ring.length : tail] = (int) tick;
        size++;
    }

    private void resize(int capacity) {
        int[] next = new int[Math.max(capacity, size)];
        for (int i = 0; i < size; i++) {
            int index = head + i;
            next[i] = ring[index >= ring.length ? index - ring.length : index];
        }
        ring = next;
        head = 0;
    }

    /**
     * A new period (a plan was reloaded, or first use): the held admissions are re-encoded in the new tick, each at
     * its old tick's end rounded up, so none leaves earlier than it would have.
     */
    private void reconfigure(long periodNanos) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("sliding window period must be > 0 ns: " + periodNanos);
        }
        long[] cached = lastTick;
        long newTick = cached[1];
        if (cached[0] != periodNanos) {
            newTick = tickFor(periodNanos, NANOS_PER_MS);
            lastTick = new long[] {periodNanos, newTick};
        }
        List<Long> held = new ArrayList<>(size);
        long latestTick = size == 0 ? 0 : Math.floorDiv(latestNanos, tickNanos);
        for (int i = 0; i < size; i++) {
            int value = ring[(head + i) % ring.length];
            long fullTick = latestTick - (int) (latestTick - value);
            held.add(-Math.floorDiv(-fullTick * tickNanos, newTick));
        }
        this.periodNanos = periodNanos;
        this.tickNanos = newTick;
        this.periodTicks = ceilDiv(periodNanos, newTick);
        for (int i = 0; i < held.size(); i++) {
            ring[(head + i) % ring.length] = (int) (long) held.get(i);
        }
    }

    /**
     * The tick for a period of {@code periodUnits}, in the same units ({@code unitsPerMs} of them to a millisecond):
     * the smallest divisor of a millisecond that divides the period into at most 2<sup>30</sup>-1 ticks, else the
     * smallest such whole number of milliseconds, else (a period that no such tick divides) the smallest tick that
     * keeps the period within 2<sup>30</sup>-1 ticks, rounded up.
     */
    public static long tickFor(long periodUnits, long unitsPerMs) {
        long floor = ceilDiv(periodUnits, MAX_PERIOD_TICKS);
        for (long divisor = floor; divisor <= unitsPerMs; divisor++) {
            if (unitsPerMs % divisor == 0 && divisor >= floor && periodUnits % divisor == 0) {
                return divisor;
            }
        }
        for (long ms = Math.max(1, floor / unitsPerMs); ms <= periodUnits / unitsPerMs; ms++) {
            long tick = ms * unitsPerMs;
            if (tick >= floor && periodUnits % tick == 0) {
                return tick;
            }
        }
        return floor;
    }

    /** The period in ticks of {@link #tickFor}, rounded up (a period no tick divides lasts a little longer). */
    public static long periodTicks(long periodUnits, long tick) {
        return ceilDiv(periodUnits, tick);
    }

    private static long ceilDiv(long dividend, long divisor) {
        return -Math.floorDiv(-dividend, divisor);
    }
}

package dev.sluice.bus;

import java.util.Collections;
import java.util.Comparator;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A price-level order book. Bids iterate best (highest) first, asks best (lowest) first.
 * Not thread-safe: owned by the thread that publishes to the bus.
 */
public final class OrderBook {

    private final NavigableMap<Long, Level> bids = new TreeMap<>(Comparator.reverseOrder());
    private final NavigableMap<Long, Level> asks = new TreeMap<>();
    private final NavigableMap<Long, Level> bidsView = Collections.unmodifiableNavigableMap(bids);
    private final NavigableMap<Long, Level> asksView = Collections.unmodifiableNavigableMap(asks);
    private long seqId;
    private long tsMillis;

    /** Sets a level; size 0 removes it. */
    public void set(Side side, Level level) {
        NavigableMap<Long, Level> levels = side == Side.BUY ? bids : asks;
        if (level.size() == 0) {
            levels.remove(level.price());
        } else {
            levels.put(level.price(), level);
        }
    }

    public NavigableMap<Long, Level> bids() {
        return bidsView;
    }

    public NavigableMap<Long, Level> asks() {
        return asksView;
    }

    public Level bestBid() {
        var entry = bids.firstEntry();
        return entry == null ? null : entry.getValue();
    }

    public Level bestAsk() {
        var entry = asks.firstEntry();
        return entry == null ? null : entry.getValue();
    }

    public long seqId() {
        return seqId;
    }

    public long tsMillis() {
        return tsMillis;
    }

    /** Records the sequence and time of the change just applied. */
    public void markApplied(long newSeqId, long newTsMillis) {
        this.seqId = newSeqId;
        this.tsMillis = newTsMillis;
    }
}

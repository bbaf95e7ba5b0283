package dev.sluice.bus;

import java.util.List;
import java.util.NavigableMap;

/**
 * An incremental change to an order book. {@code prevSeqId} is the {@code seqId} of the change before it, so a
 * consumer can check that the chain is unbroken. A change with no levels and {@code seqId == prevSeqId} is a
 * keep-alive: the book did not change for a while.
 *
 * @param book the book after the change. Live: read it only on the bus thread during publication.
 */
public record BookChange(Topic topic, Instrument instrument, long seqId, long prevSeqId, long tsMillis,
                         List<Level> bids, List<Level> asks, OrderBook book) implements Event {

    public boolean isKeepAlive() {
        return bids.isEmpty() && asks.isEmpty();
    }

    /**
     * Whether this change may have altered the best {@code depth} levels of either side. A level counts when it
     * lies at or inside the current depth-th price, or when that side now has fewer than {@code depth} levels
     * (a removal pulled a deeper level in).
     */
    public boolean touchesTop(int depth) {
        return touches(bids, book.bids(), depth, true) || touches(asks, book.asks(), depth, false);
    }

    private static boolean touches(List<Level> changed, NavigableMap<Long, Level> side, int depth, boolean bid) {
        if (changed.isEmpty()) {
            return false;
        }
        if (side.size() <= depth) {
            return true;
        }
        long boundary = 0;
        int seen = 0;
        for (long price : side.keySet()) {
            boundary = price;
            if (++seen == depth) {
                break;
            }
        }
        for (Level level : changed) {
            if (bid ? level.price() >= boundary : level.price() <= boundary) {
                return true;
            }
        }
        return false;
    }
}

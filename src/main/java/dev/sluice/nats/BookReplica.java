package dev.sluice.nats;

import dev.sluice.bus.BookChange;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Level;
import dev.sluice.bus.OrderBook;
import dev.sluice.bus.Side;
import dev.sluice.bus.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A node's copy of one publisher book, rebuilt from the changes and snapshots that arrive over NATS, and the
 * {@link BookChange}s it publishes on the node's bus, so that every book consumer (OKX seqId chains, AllTick depth,
 * sFOX full books) sees the same events as on the publisher.
 *
 * <p>States: {@link State#WAITING} until a snapshot arrives (at start, and after a gap), {@link State#SYNCED} while
 * every change's {@code prevSeqId} is the book's {@code seqId}. A change that breaks the chain (messages lost while
 * NATS was away, a restarted publisher) turns the replica back to WAITING, and changes are dropped until the
 * snapshot the node then requests arrives. The publisher answers requests on the thread that publishes changes and
 * the reply comes through the same NATS connection and dispatcher as the changes, so the changes published before
 * the snapshot was taken arrive before it: no buffering is needed.
 *
 * <p>Resynchronising a book that clients already follow publishes the difference between the old book and the
 * snapshot as one change chained to the old seqId, so incremental streams stay unbroken.
 *
 * <p>Not thread-safe: owned by the bus thread.
 */
final class BookReplica {

    enum State { WAITING, SYNCED }

    private final Topic topic;
    private final Instrument instrument;
    private final OrderBook book = new OrderBook();
    private State state = State.WAITING;
    private boolean published;

    BookReplica(Topic topic, Instrument instrument) {
        this.topic = topic;
        this.instrument = instrument;
    }

    Topic topic() {
        return topic;
    }

    Instrument instrument() {
        return instrument;
    }

    State state() {
        return state;
    }

    /** Whether this replica has published its book on the bus yet (it has once the first snapshot arrived). */
    boolean hasPublished() {
        return published;
    }

    OrderBook book() {
        return book;
    }

    /** Applies a change; returns the event to publish, or null when the change was dropped (see {@link #state}). */
    BookChange onChange(long seqId, long prevSeqId, long tsMillis, List<Level> bids, List<Level> asks) {
        if (state != State.SYNCED) {
            return null;
        }
        if (prevSeqId != book.seqId()) {
            state = State.WAITING;
            return null;
        }
        for (Level level : bids) {
            book.set(Side.BUY, level);
        }
        for (Level level : asks) {
            book.set(Side.SELL, level);
        }
        if (seqId != prevSeqId || !bids.isEmpty() || !asks.isEmpty()) {
            // A keep-alive (no levels, seqId == prevSeqId) leaves the book's time alone, as on the publisher.
            book.markApplied(seqId, tsMillis);
        }
        return new BookChange(topic, instrument, seqId, prevSeqId, tsMillis, bids, asks, book);
    }

    /**
     * Takes a full book. Returns null when the replica already holds exactly this book state; the publisher's
     * starting state (an empty change with {@code seqId == prevSeqId}, as the synthetic feed primes it) the first
     * time; afterwards one change from the old book to the snapshot.
     */
    BookChange onSnapshot(long seqId, long tsMillis, List<Level> bids, List<Level> asks) {
        if (state == State.SYNCED && seqId == book.seqId()) {
            return null;
        }
        long previous = book.seqId();
        List<Level> bidChanges = replace(Side.BUY, book.bids(), bids);
        List<Level> askChanges = replace(Side.SELL, book.asks(), asks);
        book.markApplied(seqId, tsMillis);
        state = State.SYNCED;
        if (!published) {
            published = true;
            return new BookChange(topic, instrument, seqId, seqId, tsMillis, List.of(), List.of(), book);
        }
        return new BookChange(topic, instrument, seqId, previous, tsMillis, bidChanges, askChanges, book);
    }

    /** Makes one side equal to {@code levels}; returns the levels that changed (size 0 for removed ones). */
    private List<Level> replace(Side side, NavigableMap<Long, Level> current, List<Level> levels) {
        NavigableMap<Long, Level> wanted = new TreeMap<>(current.comparator());
        for (Level level : levels) {
            wanted.put(level.price(), level);
        }
        List<Level> changed = new ArrayList<>();
        for (Long price : new ArrayList<>(current.keySet())) {
            if (!wanted.containsKey(price)) {
                changed.add(new Level(price, 0, 0));
            }
        }
        for (Map.Entry<Long, Level> entry : wanted.entrySet()) {
            if (!entry.getValue().equals(current.get(entry.getKey()))) {
                changed.add(entry.getValue());
            }
        }
        for (Level level : changed) {
            book.set(side, level);
        }
        return changed;
    }
}

package dev.sluice.nats;

import dev.sluice.bus.BookChange;
import dev.sluice.bus.Bus;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Topic;
import dev.sluice.config.NatsConfig;
import dev.sluice.metric.FeedMetrics;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's market feed from NATS ({@code feed.type: nats}): takes the normalised events {@code sluice feed}
 * publishes and publishes them on this node's bus, so every node delivers the same event sequence for a topic.
 *
 * <p>Threading: the NATS dispatcher thread decodes each message (decoding is stateless) and hands the result to
 * the bus executor, in arrival order; everything else (book replicas, snapshot requests, skip logging) happens on
 * the bus thread. Only the connection listener runs elsewhere, and it too hands its work to the bus thread.
 *
 * <p>Ordering: one subscription, one dispatcher, one publisher: events arrive in the order they were published.
 * Books are rebuilt by {@link BookReplica}; a node that joins late, loses messages or reconnects asks the publisher
 * for snapshots on an inbox served by the same dispatcher, so a snapshot is ordered after the changes it includes.
 */
public final class NatsFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NatsFeed.class);
    /** Distinct skip keys logged; beyond this, skipped messages are only counted. */
    private static final int MAX_LOGGED_SKIPS = 1_000;

    private final NatsConfig config;
    private final Bus bus;
    private final FeedMetrics metrics;
    private final WireDecoder decoder;
    private final WireEncoder encoder = new WireEncoder();
    private final Map<Topic, BookReplica> books = new HashMap<>();
    private final Set<Topic> awaitingSnapshot = new HashSet<>();
    private final Set<String> loggedSkips = new HashSet<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicInteger syncedBooks = new AtomicInteger();
    private final CountDownLatch subscribed = new CountDownLatch(1);
    /** Null until NATS is first reached; set once, on the NATS client thread. */
    private volatile Connection connection;
    private volatile String inbox;
    private volatile boolean closed;

    public NatsFeed(NatsConfig config, Bus bus, List<Instrument> instruments, FeedMetrics metrics) {
        this.config = Objects.requireNonNull(config, "config");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.decoder = new WireDecoder(instruments);
        for (Instrument instrument : instruments) {
            Topic topic = instrument.topic(Topic.BOOK);
            books.put(topic, new BookReplica(topic, instrument));
        }
    }

    /**
     * Connects in the background and returns at once: when NATS is up, subscribes and asks for every book. A node
     * whose NATS is down at start serves its clients (without events) and keeps trying every
     * {@code reconnectWaitMs}.
     */
    public void start() throws InterruptedException {
        NatsConnections.openInBackground(config, "sluice-node", new NatsConnections.Listener() {
            @Override
            public void onConnected(Connection connection) {
                subscribe(connection);
            }

            @Override
            public void onDisconnected() {
                metrics.disconnected();
            }

            @Override
            public void onReconnected() {
                metrics.reconnected();
                bus.executor().execute(NatsFeed.this::resyncAll);
            }
        });
    }

    /**
     * Waits (at most {@code timeoutMs}) until the feed is connected and the server has registered its subscriptions,
     * so that everything published afterwards reaches this node. Returns whether it is.
     */
    public boolean awaitSubscribed(long timeoutMs) throws InterruptedException {
        return subscribed.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** On the NATS client thread that reports the first connection. */
    private void subscribe(Connection connected) {
        inbox = connected.createInbox();
        connection = connected;
        if (closed) {
            // The gateway stopped while NATS was still out of reach; close() could not close what did not exist.
            close();
            return;
        }
        Dispatcher dispatcher = connected.createDispatcher();
        dispatcher.subscribe(Subjects.allEvents(config.subjectPrefix()), this::onEvent);
        dispatcher.subscribe(inbox, this::onSnapshotReply);
        bus.executor().execute(this::resyncAll);
        confirmSubscriptions(connected);
    }

    /** Confirms the subscriptions with a round trip to the server (bounded by the connect timeout). */
    private void confirmSubscriptions(Connection connected) {
        try {
            connected.flush(Duration.ofMillis(config.connectTimeoutMs()));
            subscribed.countDown();
        } catch (TimeoutException | IllegalStateException e) {
            LOG.warn("NATS did not confirm the feed subscriptions within {} ms", config.connectTimeoutMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Event messages handled (published, dropped or skipped) so far; tests wait on it. */
    public long received() {
        return received.get();
    }

    /** Messages skipped (unknown instrument, scale mismatch, unknown type or version, malformed) so far. */
    public long skipped() {
        return skipped.get();
    }

    /** Books that currently follow the publisher (have a snapshot and no gap since); tests wait on it. */
    public int syncedBooks() {
        return syncedBooks.get();
    }

    private void onEvent(Message message) {
        WireMessage decoded = decoder.decode(message.getData());
        bus.executor().execute(() -> {
            apply(decoded);
            received.incrementAndGet();
        });
    }

    private void onSnapshotReply(Message message) {
        byte[] data = message.getData();
        if (message.isStatusMessage() || data == null || data.length == 0) {
            // No publisher, or it has no such book yet: the pending request's timer asks again.
            return;
        }
        WireMessage decoded = decoder.decode(data);
        bus.executor().execute(() -> apply(decoded));
    }

    /** Bus thread. */
    private void apply(WireMessage message) {
        if (message instanceof WireMessage.Market market) {
            metrics.eventReceived();
            bus.publish(market.event());
        } else if (message instanceof WireMessage.Book book) {
            metrics.eventReceived();
            applyBook(book);
        } else if (message instanceof WireMessage.Skipped skip) {
            skip(skip);
        }
        // A SnapshotRequest on the event subjects would be another node's mistake: nothing to do.
    }

    private void applyBook(WireMessage.Book message) {
        BookReplica replica = books.get(message.topic());
        if (replica == null) {
            skip(new WireMessage.Skipped(WireMessage.Reason.UNKNOWN_INSTRUMENT, message.topic().toString(),
                "book " + message.topic() + " is not a book of this node's instruments"));
            return;
        }
        BookReplica.State before = replica.state();
        BookChange change;
        if (message.snapshot()) {
            boolean first = !replica.hasPublished();
            change = replica.onSnapshot(message.seqId(), message.tsMillis(), message.bids(), message.asks());
            if (change != null && !first) {
                metrics.bookResynced();
                LOG.info("book {} resynchronised from a snapshot at seqId {}", replica.topic(), message.seqId());
            }
        } else {
            change = replica.onChange(message.seqId(), message.prevSeqId(), message.tsMillis(), message.bids(),
                message.asks());
            if (before == BookReplica.State.SYNCED && replica.state() == BookReplica.State.WAITING) {
                metrics.gap();
                LOG.warn("book {}: change {} follows {} but the book is at {}; requesting a snapshot",
                    replica.topic(), message.seqId(), message.prevSeqId(), replica.book().seqId());
                requestSnapshot(replica);
            }
        }
        if (before != replica.state()) {
            syncedBooks.addAndGet(replica.state() == BookReplica.State.SYNCED ? 1 : -1);
        }
        if (change != null) {
            bus.publish(change);
        }
    }

    /** Bus thread: asks for every book, at start and after NATS comes back (messages may have been lost). */
    private void resyncAll() {
        for (BookReplica replica : books.values()) {
            requestSnapshot(replica);
        }
    }

    /** Bus thread. One request in flight per book; if no usable reply comes in time and still needed, ask again. */
    private void requestSnapshot(BookReplica replica) {
        if (connection == null || !awaitingSnapshot.add(replica.topic())) {
            return;
        }
        connection.publish(Subjects.snapshotRequests(config.subjectPrefix()), inbox,
            encoder.snapshotRequest(replica.topic(), replica.instrument()));
        bus.executor().schedule(() -> {
            awaitingSnapshot.remove(replica.topic());
            if (replica.state() == BookReplica.State.WAITING) {
                requestSnapshot(replica);
            }
        }, config.snapshotTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    private void skip(WireMessage.Skipped skip) {
        skipped.incrementAndGet();
        metrics.skipped(skip.reason().label());
        if (loggedSkips.size() < MAX_LOGGED_SKIPS && loggedSkips.add(skip.reason() + " " + skip.key())) {
            LOG.warn("NATS feed: dropping messages: {} (logged once; counted in sluice_feed_skipped_total)",
                skip.detail());
        }
    }

    /**
     * Drains and closes the connection. A connection still being attempted in the background is closed as soon as it
     * comes up.
     */
    @Override
    public void close() {
        closed = true;
        if (connection == null) {
            return;
        }
        try {
            connection.drain(Duration.ofSeconds(1)).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException | IllegalStateException e) {
            LOG.debug("NATS drain did not finish cleanly: {}", e.toString());
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

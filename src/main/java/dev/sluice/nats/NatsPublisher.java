package dev.sluice.nats;

import dev.sluice.bus.BookChange;
import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.OrderBook;
import dev.sluice.bus.Topic;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.netty.util.concurrent.EventExecutor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The publishing side of the NATS feed ({@code sluice feed}): a sink for the synthetic feed's events that encodes each
 * one and publishes it to {@code <prefix>.<exchange>.<channel>.<symbol>}, and the responder that answers nodes'
 * snapshot requests.
 *
 * <p>Threading: {@link #accept} runs on the feed's executor, which owns the books; snapshot requests arrive on a NATS
 * dispatcher thread and are answered on that executor too, so a snapshot is always taken between two published
 * events, and the reply is sent on the same connection after every change it includes.
 *
 * <p>The first change of each book goes out as a full snapshot (the synthetic feed's first book event is its
 * starting book), so nodes that are already listening start with the complete book; later ones ask for it.
 */
final class NatsPublisher implements Consumer<Event> {

    private final Connection connection;
    private final String prefix;
    private final EventExecutor executor;
    private final WireEncoder encoder = new WireEncoder();
    private final WireDecoder requests;
    private final Map<Topic, String> subjects = new HashMap<>();
    private final Map<Topic, BookChange> books = new HashMap<>();
    private final AtomicLong published = new AtomicLong();
    private Dispatcher dispatcher;

    /**
     * @param instruments the instruments the feed publishes (snapshot requests for others get an empty reply)
     */
    public NatsPublisher(Connection connection, String subjectPrefix, EventExecutor executor,
                         List<Instrument> instruments) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.prefix = Objects.requireNonNull(subjectPrefix, "subjectPrefix");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.requests = new WireDecoder(instruments);
    }

    /** Starts answering snapshot requests. */
    public void start() {
        dispatcher = connection.createDispatcher();
        dispatcher.subscribe(Subjects.snapshotRequests(prefix), this::onRequest);
    }

    /** Event messages published so far (snapshot replies not included); tests wait on it. */
    public long published() {
        return published.get();
    }

    /** Publishes one event. Call on the executor. */
    @Override
    public void accept(Event event) {
        byte[] bytes;
        if (event instanceof BookChange change && books.put(change.topic(), change) == null) {
            bytes = encoder.snapshot(change.topic(), change.instrument(), change.book());
        } else {
            bytes = encoder.encode(event);
        }
        if (bytes == null) {
            return;
        }
        connection.publish(subjects.computeIfAbsent(event.topic(), topic -> Subjects.of(prefix, topic)), bytes);
        published.incrementAndGet();
    }

    private void onRequest(Message message) {
        String replyTo = message.getReplyTo();
        if (replyTo == null) {
            return;
        }
        WireMessage decoded = requests.decode(message.getData());
        if (decoded instanceof WireMessage.SnapshotRequest request) {
            executor.execute(() -> reply(replyTo, request.topic()));
        }
    }

    /** Executor thread. */
    private void reply(String replyTo, Topic topic) {
        BookChange latest = books.get(topic);
        if (latest == null) {
            connection.publish(replyTo, new byte[0]);
            return;
        }
        OrderBook book = latest.book();
        connection.publish(replyTo, encoder.snapshot(topic, latest.instrument(), book));
    }

    /** Stops answering requests; the connection belongs to the caller. */
    public void stop() {
        if (dispatcher != null) {
            connection.closeDispatcher(dispatcher);
        }
    }
}

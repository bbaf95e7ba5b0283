package dev.sluice.history;

import dev.sluice.bus.Bus;
import dev.sluice.bus.Stream;
import dev.sluice.bus.Subscriber;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends live events to the history store. It joins the bus like a connection, with streams whose encoder writes
 * the record form (the event time as 8 bytes, then the vendor's {@code data} JSON); its callbacks run on the bus
 * thread, where each frame is copied into a record and offered to a bounded queue, never waiting: when the queue
 * is full the record is dropped and counted ({@link #dropped()}). Its own writer thread drains the queue into
 * the store in batches of up to {@link #WRITE_BATCH}.
 */
public final class Recorder implements Subscriber, AutoCloseable {

    static final int WRITE_BATCH = 4_096;
    private static final long POLL_MS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

    private final HistoryStore store;
    private final EventExecutor busThread;
    private final BlockingQueue<HistoryRecord> queue;
    private final Map<Stream, String> channels = new IdentityHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private volatile boolean running = true;

    /**
     * @param streams the recorded streams, each with the vendor channel name it is stored under
     */
    public Recorder(HistoryStore store, Bus bus, Map<Stream, String> streams, int queueCapacity) {
        this.store = store;
        this.busThread = bus.executor();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.channels.putAll(streams);
        this.writer = new Thread(this::drain, "sluice-recorder");
        this.writer.setDaemon(true);
        this.writer.start();
        for (Stream stream : streams.keySet()) {
            bus.subscribe(stream, this);
        }
    }

    @Override
    public EventExecutor executor() {
        return busThread;
    }

    @Override
    public void onFrame(Stream stream, ByteBuf frame) {
        String channel = channels.get(stream);
        if (channel == null || frame.readableBytes() <= Long.BYTES) {
            return;
        }
        long ts = frame.getLong(frame.readerIndex());
        String data = frame.toString(frame.readerIndex() + Long.BYTES, frame.readableBytes() - Long.BYTES,
            StandardCharsets.UTF_8);
        HistoryRecord record = HistoryRecord.of(stream.topic().exchange(), channel, stream.topic().symbol(), ts,
            data);
        if (!queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public void onSnapshot(Stream stream, ByteBuf frame) {
        // The record streams have no snapshot: recording starts with the next live event.
    }

    /** Records dropped because the writer fell behind. */
    public long dropped() {
        return dropped.get();
    }

    /** Records appended to the store. */
    public long written() {
        return written.get();
    }

    /** Records waiting for the writer. */
    public int queued() {
        return queue.size();
    }

    private void drain() {
        List<HistoryRecord> batch = new ArrayList<>(WRITE_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                HistoryRecord first = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, WRITE_BATCH - 1);
                written.addAndGet(store.append(batch));
            } catch (InterruptedException e) {
                running = false;
            } catch (SQLException e) {
                dropped.addAndGet(batch.size());
                LOG.warn("history recorder could not append {} records", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }

    /** Stops recording; what was queued is still written. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

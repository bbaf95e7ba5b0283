package dev.sluice.history;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replay: {@code INIT → REPLAY ⇄ PAUSED → DONE}. In {@code INIT} it announces itself and reads each channel's
 * state before the start ({@code replay_snapshot}: its last record before the start if one lies at or after the
 * channel's {@code earliestMs}, the plan's depth and coverage; none otherwise); in {@code REPLAY} the replay clock
 * runs at {@code speed} times the injected clock and every record whose timestamp it has reached is sent, all
 * channels merged in {@code (timestamp, seq)} order, with a gap message before a record that follows its
 * channel's previous one by more than the channel's threshold; {@code PAUSED} holds the replay clock;
 * {@code DONE} after the last record ({@code replay_completed}), a stop, a failure or the connection's close. Every
 * transition is in {@link #enter}'s callers below; a seek keeps the state, moves the replay clock and sends the
 * snapshots at its target, bounded the same way.
 *
 * <p>Threading: every method runs on the sink's event loop except the store reads, which run on the source's
 * reader executor and hand their result back to the loop. Reads are tagged with a generation, so a batch read
 * before a seek is dropped. The next batch is read while one is being sent, so the connection never waits for the
 * store between batches, and at most two batches ({@link ReplaySource#BATCH} each) are held: the one being sent
 * and the next. While the connection is not writable nothing is sent and nothing more than those two is read, so a
 * slow client holds the replay back instead of memory.
 */
final class ReplaySession implements ReplayControl {

    enum State { INIT, REPLAY, PAUSED, DONE }

    private static final Logger LOG = LoggerFactory.getLogger(ReplaySession.class);
    private static final double NANOS_PER_MS = 1_000_000.0;

    private final ReplaySource source;
    private final ReplaySpec spec;
    private final ReplayFormat format;
    private final ReplaySink sink;
    /** Per channel: the earliest epoch ms its snapshot may have (the plan's depth and coverage), asked per restart. */
    private final ToLongFunction<String> earliestMs;
    /** The batch being sent. */
    private final ArrayDeque<HistoryRecord> pending = new ArrayDeque<>();
    /** The next batch, read ahead while {@link #pending} is sent; null when none is held. */
    private List<HistoryRecord> prefetched;
    /** Where the store reads of this generation have got to; its reads run on the reader executor only. */
    private HistoryCursor cursor;
    /** Per channel: the timestamp of the last record sent (or where the timeline began), for gap detection. */
    private final Map<String, Long> lastSentMs = new HashMap<>();
    private State state = State.INIT;
    private boolean pauseWhenReady;
    private int generation;
    private boolean reading;
    /** The cursor had nothing more after the last batch handed back. */
    private boolean exhausted;
    private boolean advancing;
    /** The replay clock: at {@code anchorNanos} on the injected clock it read {@code anchorMs}. */
    private long anchorMs;
    private long anchorNanos;
    private long sent;
    private ScheduledFuture<?> timer;

    ReplaySession(ReplaySource source, ReplaySpec spec, ReplayFormat format, ReplaySink sink,
                  ToLongFunction<String> earliestMs) {
        this.source = source;
        this.spec = spec;
        this.format = format;
        this.sink = sink;
        this.earliestMs = earliestMs;
    }

    void begin() {
        sink.send(format.started(spec));
        restartAt(spec.startMs());
        if (source.pollMs() > 0) {
            timer = sink.executor().scheduleAtFixedRate(this::advance, source.pollMs(), source.pollMs(),
                TimeUnit.MILLISECONDS);
        }
    }

    /** Where the replay clock is now. */
    long currentMs() {
        if (state != State.REPLAY) {
            return anchorMs;
        }
        long elapsedNanos = source.clock().epochNanos() - anchorNanos;
        return Math.min(spec.endMs(), anchorMs + (long) Math.floor(elapsedNanos / NANOS_PER_MS * spec.speed()));
    }

    @Override
    public void pause() {
        if (state == State.INIT) {
            pauseWhenReady = true;
            sink.send(format.paused(spec, anchorMs));
        } else if (state == State.REPLAY) {
            anchorMs = currentMs();
            enter(State.PAUSED);
            sink.send(format.paused(spec, anchorMs));
        }
    }

    @Override
    public void resume() {
        if (state == State.INIT && pauseWhenReady) {
            pauseWhenReady = false;
            anchorNanos = source.clock().epochNanos();
            sink.send(format.resumed(spec, anchorMs));
        } else if (state == State.PAUSED) {
            anchorNanos = source.clock().epochNanos();
            enter(State.REPLAY);
            sink.send(format.resumed(spec, anchorMs));
            advance();
        }
    }

    @Override
    public void seek(long timestampMs) {
        if (state == State.DONE) {
            return;
        }
        restartAt(Math.max(spec.startMs(), Math.min(spec.endMs(), timestampMs)));
    }

    @Override
    public void stop() {
        if (state != State.DONE) {
            finish(format.stopped(spec));
        }
    }

    @Override
    public void onTick() {
        advance();
    }

    @Override
    public void onWritable() {
        advance();
    }

    @Override
    public void cancel() {
        enter(State.DONE);
    }

    /** (Re)starts the timeline at {@code atMs}: drops what was read, sends each channel's state, reads on. */
    private void restartAt(long atMs) {
        int expected = ++generation;
        pending.clear();
        prefetched = null;
        reading = true;
        exhausted = false;
        HistoryCursor fresh = source.store().cursor(spec.exchange(), spec.channels(), spec.symbol(), atMs - 1,
            Long.MAX_VALUE, spec.endMs());
        cursor = fresh;
        anchorMs = atMs;
        anchorNanos = source.clock().epochNanos();
        long[] fromMs = new long[spec.channels().size()];
        for (int i = 0; i < fromMs.length; i++) {
            String channel = spec.channels().get(i);
            lastSentMs.put(channel, atMs);
            // Asked here, on the loop, at every restart: a depth bound moves with the clock, so a seek made later
            // gets the bound of its own time, never a record the plan no longer reaches.
            fromMs[i] = earliestMs.applyAsLong(channel);
        }
        source.reader().execute(() -> {
            List<HistoryRecord> snapshots = new ArrayList<>();
            List<HistoryRecord> batch;
            boolean end;
            try {
                for (int i = 0; i < fromMs.length; i++) {
                    // Nothing inside the bound: no snapshot at all rather than one older than the plan allows.
                    HistoryRecord snapshot = fromMs[i] > atMs - 1 ? null : source.store().latest(spec.exchange(),
                        spec.channels().get(i), spec.symbol(), fromMs[i], atMs - 1);
                    if (snapshot != null) {
                        snapshots.add(snapshot);
                    }
                }
                batch = fresh.next(ReplaySource.BATCH);
                end = fresh.exhausted();
            } catch (SQLException e) {
                failLater(e);
                return;
            }
            sink.executor().execute(() -> onStartRead(expected, snapshots, batch, end));
        });
    }

    private void onStartRead(int expected, List<HistoryRecord> snapshots, List<HistoryRecord> batch, boolean end) {
        if (expected != generation || state == State.DONE) {
            return;
        }
        for (HistoryRecord snapshot : snapshots) {
            sink.send(format.snapshot(spec, snapshot));
        }
        // The replay clock started with the request (or the seek), not when the first read came back: time spent
        // reading is caught up, so the pace does not depend on how fast the store answers.
        if (state == State.INIT) {
            enter(pauseWhenReady ? State.PAUSED : State.REPLAY);
        }
        onBatch(expected, batch, end);
    }

    /** A batch read for {@code expected}: sent next if nothing is being sent, else held as the next. */
    private void onBatch(int expected, List<HistoryRecord> batch, boolean end) {
        if (expected != generation || state == State.DONE) {
            return;
        }
        reading = false;
        exhausted = end;
        if (pending.isEmpty()) {
            pending.addAll(batch);
        } else {
            prefetched = batch;
        }
        readAhead();
        advance();
    }

    /** Reads the next batch unless one is being read or held already, or there is none. */
    private void readAhead() {
        if (!reading && !exhausted && prefetched == null && state != State.DONE) {
            readNext();
        }
    }

    /**
     * Sends everything the replay clock has reached, as far as the connection takes it. Not re-entered: a batch
     * handed back while it runs (a reader that runs in place) is picked up by the running loop.
     */
    private void advance() {
        if (state != State.REPLAY || advancing) {
            return;
        }
        advancing = true;
        try {
            sendDue();
        } finally {
            advancing = false;
        }
    }

    private void sendDue() {
        long now = currentMs();
        while (true) {
            if (pending.isEmpty() && prefetched != null) {
                pending.addAll(prefetched);
                prefetched = null;
                readAhead();
            }
            if (pending.isEmpty() || pending.peekFirst().timestampMs() > now) {
                break;
            }
            if (!sink.writable()) {
                return;
            }
            send(pending.pollFirst());
            if (state != State.REPLAY) {
                return;
            }
        }
        if (!pending.isEmpty() || reading) {
            return;
        }
        if (exhausted) {
            reportTrailingGaps();
            finish(format.completed(spec, sent));
        } else {
            readAhead();
        }
    }

    private void send(HistoryRecord record) {
        long previous = lastSentMs.getOrDefault(record.channel(), spec.startMs());
        if (record.timestampMs() - previous > threshold(record.channel())) {
            sink.send(format.gap(spec, record.channel(), previous, record.timestampMs()));
        }
        lastSentMs.put(record.channel(), record.timestampMs());
        if (sink.send(format.data(spec, record))) {
            sent++;
        } else {
            enter(State.DONE);
        }
    }

    /** Data that stops well before the end of the range is a gap too. */
    private void reportTrailingGaps() {
        for (String channel : spec.channels()) {
            long last = lastSentMs.get(channel);
            if (spec.endMs() - last > threshold(channel)) {
                sink.send(format.gap(spec, channel, last, spec.endMs()));
            }
        }
    }

    private long threshold(String channel) {
        return spec.gapThresholdsMs().getOrDefault(channel, Long.MAX_VALUE);
    }

    private void readNext() {
        int expected = generation;
        HistoryCursor current = cursor;
        reading = true;
        source.reader().execute(() -> {
            try {
                List<HistoryRecord> batch = current.next(ReplaySource.BATCH);
                boolean end = current.exhausted();
                sink.executor().execute(() -> onBatch(expected, batch, end));
            } catch (SQLException e) {
                failLater(e);
            }
        });
    }

    private void failLater(SQLException e) {
        LOG.warn("replay of {} {} failed reading history", spec.exchange(), spec.symbol(), e);
        sink.executor().execute(() -> {
            if (state != State.DONE) {
                finish(format.failed(spec));
            }
        });
    }

    private void finish(String last) {
        sink.send(last);
        enter(State.DONE);
        sink.ended();
    }

    private void enter(State next) {
        state = next;
        if (next == State.DONE && timer != null) {
            timer.cancel(false);
        }
    }

    State state() {
        return state;
    }

    /** Records read and not yet sent: the batch being sent and the one read ahead (tests). */
    int held() {
        return pending.size() + (prefetched == null ? 0 : prefetched.size());
    }
}

package dev.sluice.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.time.ManualClock;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * The replay state machine on its own, with every hand-off run in place and the store reads in place or when the
 * test says: it waits while its connection is not writable instead of buffering, reads one batch ahead and holds
 * at most two, drops what it read before a seek, and its states move as documented.
 */
class ReplaySessionTest {

    private static final long START = 1_000_000;

    @Test
    void shouldSendNothingWhileTheConnectionIsNotWritableAndCatchUpWhenItIs() throws Exception {
        try (HistoryStore store = store(100)) {
            ManualClock clock = new ManualClock(0);
            Sink sink = new Sink();
            ReplaySession replay = start(store, clock, sink, 1);
            assertThat(replay.state()).isEqualTo(ReplaySession.State.REPLAY);
            assertThat(sink.data()).as("the record at the start is due at once").isEqualTo(1);
            sink.writable = false;
            clock.advanceMillis(50_000);
            replay.onTick();
            assertThat(sink.data()).as("not writable: nothing more sent").isEqualTo(1);
            sink.writable = true;
            replay.onWritable();
            assertThat(sink.data()).isEqualTo(51);
            clock.advanceMillis(100_000);
            replay.onTick();
            assertThat(sink.data()).isEqualTo(100);
            assertThat(sink.texts).last().isEqualTo("completed 100");
            assertThat(replay.state()).isEqualTo(ReplaySession.State.DONE);
            assertThat(sink.ended).isTrue();
        }
    }

    @Test
    void shouldHoldTheReplayClockWhilePausedAndMoveItOnSeek() throws Exception {
        try (HistoryStore store = store(100)) {
            ManualClock clock = new ManualClock(0);
            Sink sink = new Sink();
            ReplaySession replay = start(store, clock, sink, 2);
            clock.advanceMillis(5_000);
            replay.pause();
            assertThat(sink.texts).last().isEqualTo("paused " + (START + 10_000));
            clock.advanceMillis(60_000);
            replay.onTick();
            assertThat(sink.data()).isEqualTo(1);
            replay.seek(START + 80_000);
            assertThat(replay.state()).isEqualTo(ReplaySession.State.PAUSED);
            replay.resume();
            assertThat(sink.texts).contains("resumed " + (START + 80_000));
            assertThat(sink.texts).last().isEqualTo("data " + (START + 80_000));
            replay.stop();
            assertThat(sink.texts).last().isEqualTo("stopped");
            assertThat(replay.state()).isEqualTo(ReplaySession.State.DONE);
        }
    }

    @Test
    void shouldReadTheNextBatchAheadAndHoldAtMostTwoWhileTheClientIsSlow() throws Exception {
        int batch = ReplaySource.BATCH;
        try (HistoryStore store = store(4 * batch + 10, 1)) {
            ManualClock clock = new ManualClock(0);
            Sink sink = new Sink();
            sink.writable = false;
            Reads reads = new Reads();
            ReplaySession replay = start(store, reads, clock, sink, 1000);
            assertThat(reads.runAll()).as("the first batch, then the one after it").isEqualTo(2);
            clock.advanceMillis(10_000);
            replay.onTick();
            replay.onWritable();
            assertThat(reads.queued()).as("two batches held: nothing more is read").isZero();
            assertThat(replay.held()).isEqualTo(2 * batch);
            assertThat(sink.data()).isZero();
            sink.writable = true;
            replay.onWritable();
            assertThat(sink.data()).as("everything due was sent, the read-ahead batch too").isEqualTo(2 * batch);
            assertThat(reads.queued()).as("one read in flight, no more").isEqualTo(1);
            sink.writable = false;
            assertThat(reads.runAll()).as("the read in flight and one more ahead, then no more").isEqualTo(2);
            assertThat(replay.held()).isEqualTo(2 * batch);
            sink.writable = true;
            replay.onWritable();
            reads.runAll();
            assertThat(sink.data()).isEqualTo(4 * batch + 10);
            assertThat(sink.texts).last().isEqualTo("completed " + (4 * batch + 10));
        }
    }

    @Test
    void shouldDropABatchReadAheadBeforeASeek() throws Exception {
        int batch = ReplaySource.BATCH;
        try (HistoryStore store = store(3 * batch, 1)) {
            ManualClock clock = new ManualClock(0);
            Sink sink = new Sink();
            Reads reads = new Reads();
            ReplaySession replay = start(store, reads, clock, sink, 1);
            reads.runNext();
            assertThat(sink.data()).as("the record at the start").isEqualTo(1);
            assertThat(reads.queued()).as("the next batch is being read ahead").isEqualTo(1);
            long target = START + 2 * batch + 5;
            replay.seek(target);
            assertThat(reads.queued()).isEqualTo(2);
            reads.runNext();
            assertThat(replay.held()).as("the read-ahead of the old position is dropped").isZero();
            reads.runAll();
            assertThat(sink.texts).last().isEqualTo("data " + target);
            clock.advanceMillis(10_000);
            replay.onTick();
            assertThat(sink.texts).last().isEqualTo("completed " + (1 + batch - 5));
            assertThat(sink.texts.stream().filter(t -> t.startsWith("data")).skip(1).mapToLong(
                t -> Long.parseLong(t.substring(5))).min().orElseThrow()).isEqualTo(target);
        }
    }

    @Test
    void shouldSendNoSnapshotOlderThanTheBoundAtTheStartOrAtASeekBeforeIt() throws Exception {
        try (HistoryStore store = store(100)) {
            store.append(List.of(HistoryRecord.of("hyperliquid", "trades", "BTC", START - 50_000, "[-2]"),
                HistoryRecord.of("hyperliquid", "trades", "BTC", START - 10_000, "[-1]")));
            ManualClock clock = new ManualClock(0);
            Sink sink = new Sink();
            long[] earliest = {START - 9_999};
            List<String> asked = new ArrayList<>();
            ReplaySource source = new ReplaySource(store, Runnable::run, clock, 0);
            ReplaySession replay = (ReplaySession) source.start(spec(1), new TextFormat(), sink, channel -> {
                asked.add(channel);
                return earliest[0];
            });
            assertThat(sink.texts).as("no record at or after the bound before the start: no snapshot")
                .containsExactly("started", "data " + START);
            replay.seek(START - 100_000);
            assertThat(sink.texts).as("a seek before the start re-sends nothing older either")
                .containsExactly("started", "data " + START, "data " + START);
            earliest[0] = START - 10_000;
            replay.seek(START);
            assertThat(sink.texts).as("the bound is asked again at a seek; a record at the bound is sent")
                .endsWith("snapshot " + (START - 10_000), "data " + START);
            assertThat(asked).containsExactly("trades", "trades", "trades");
        }
    }

    private static HistoryStore store(int records) throws Exception {
        return store(records, 1_000);
    }

    private static HistoryStore store(int records, long spacingMs) throws Exception {
        HistoryStore store = HistoryStore.inMemory();
        List<HistoryRecord> list = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            list.add(HistoryRecord.of("hyperliquid", "trades", "BTC", START + i * spacingMs, "[" + i + "]"));
        }
        store.append(list);
        return store;
    }

    private static ReplaySession start(HistoryStore store, ManualClock clock, Sink sink, double speed) {
        return start(store, Runnable::run, clock, sink, speed);
    }

    private static ReplaySession start(HistoryStore store, Executor reader, ManualClock clock, Sink sink,
                                       double speed) {
        ReplaySource source = new ReplaySource(store, reader, clock, 0);
        return (ReplaySession) source.start(spec(speed), new TextFormat(), sink);
    }

    private static ReplaySpec spec(double speed) {
        return new ReplaySpec("hyperliquid", List.of("trades"), "BTC", START, START + 200_000, speed,
            Map.of("trades", Long.MAX_VALUE));
    }

    /** A reader executor that runs the store reads only when told, in order. */
    private static final class Reads implements Executor {
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();

        @Override
        public void execute(Runnable read) {
            queue.add(read);
        }

        int queued() {
            return queue.size();
        }

        void runNext() {
            queue.poll().run();
        }

        /** Runs reads (and those they lead to) until none is queued; returns how many ran. */
        int runAll() {
            int ran = 0;
            while (!queue.isEmpty()) {
                runNext();
                ran++;
            }
            return ran;
        }
    }

    /** A sink that keeps what it is sent. */
    private static final class Sink implements ReplaySink {
        final List<String> texts = new ArrayList<>();
        boolean writable = true;
        boolean ended;

        @Override
        public EventExecutor executor() {
            return ImmediateEventExecutor.INSTANCE;
        }

        @Override
        public boolean send(String text) {
            texts.add(text);
            return true;
        }

        @Override
        public boolean writable() {
            return writable;
        }

        @Override
        public void ended() {
            ended = true;
        }

        long data() {
            return texts.stream().filter(t -> t.startsWith("data")).count();
        }
    }

    /** Plain words, so the assertions read easily. */
    private static final class TextFormat implements ReplayFormat {
        @Override
        public String started(ReplaySpec spec) {
            return "started";
        }

        @Override
        public String snapshot(ReplaySpec spec, HistoryRecord record) {
            return "snapshot " + record.timestampMs();
        }

        @Override
        public String data(ReplaySpec spec, HistoryRecord record) {
            return "data " + record.timestampMs();
        }

        @Override
        public String gap(ReplaySpec spec, String channel, long gapStartMs, long gapEndMs) {
            return "gap";
        }

        @Override
        public String paused(ReplaySpec spec, long currentMs) {
            return "paused " + currentMs;
        }

        @Override
        public String resumed(ReplaySpec spec, long currentMs) {
            return "resumed " + currentMs;
        }

        @Override
        public String completed(ReplaySpec spec, long sent) {
            return "completed " + sent;
        }

        @Override
        public String stopped(ReplaySpec spec) {
            return "stopped";
        }

        @Override
        public String failed(ReplaySpec spec) {
            return "failed";
        }
    }
}

package dev.sluice.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.time.ManualClock;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The replay state machine on its own, with every read and hand-off run in place: it waits while its connection
 * is not writable instead of buffering, and its states move as documented.
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

    private static HistoryStore store(int records) throws Exception {
        HistoryStore store = HistoryStore.inMemory();
        List<HistoryRecord> list = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            list.add(HistoryRecord.of("hyperliquid", "trades", "BTC", START + i * 1_000L, "[" + i + "]"));
        }
        store.append(list);
        return store;
    }

    private static ReplaySession start(HistoryStore store, ManualClock clock, Sink sink, double speed) {
        ReplaySource source = new ReplaySource(store, Runnable::run, clock, 0);
        ReplaySpec spec = new ReplaySpec("hyperliquid", List.of("trades"), "BTC", START, START + 200_000, speed,
            Map.of("trades", Long.MAX_VALUE));
        return (ReplaySession) source.start(spec, new TextFormat(), sink);
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

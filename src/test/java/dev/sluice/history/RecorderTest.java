package dev.sluice.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.bus.Bus;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Stream;
import dev.sluice.bus.Topic;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recorder never waits on the bus thread: a full queue drops and counts; what it keeps reaches the store. */
class RecorderTest {

    private static final Instrument BTC = new Instrument("hyperliquid", "BTC", "BTC", "USD", BigDecimal.ONE,
        new BigDecimal("0.001"), new BigDecimal("0.001"));

    @Test
    void shouldDropAndCountWhenTheWriterFallsBehindWithoutBlockingTheCaller() throws Exception {
        try (HistoryStore store = HistoryStore.inMemory()) {
            Bus bus = new Bus(ImmediateEventExecutor.INSTANCE, UnpooledByteBufAllocator.DEFAULT);
            Stream stream = new Stream(BTC.topic(Topic.TRADES), new NoEncoder());
            Recorder recorder = new Recorder(store, bus, Map.of(stream, "trades"), 2);
            synchronized (store) {
                // The writer cannot append while the test holds the store: in its hands at most the record it
                // polled plus the two it drained with it (timing decides how many), two more in the queue, the rest
                // dropped at once.
                for (int i = 0; i < 10; i++) {
                    ByteBuf frame = record(1_000 + i, "[" + i + "]");
                    recorder.onFrame(stream, frame);
                    frame.release();
                }
                assertThat(recorder.dropped()).isBetween(5L, 8L);
            }
            recorder.close();
            assertThat(recorder.written() + recorder.dropped()).isEqualTo(10);
            List<HistoryRecord> kept = store.scan("hyperliquid", List.of("trades"), "BTC", 0, Long.MAX_VALUE,
                Long.MAX_VALUE, 100);
            assertThat(kept).hasSize((int) recorder.written());
            assertThat(kept.get(0).data()).isEqualTo("[0]");
            assertThat(kept.get(0).timestampMs()).isEqualTo(1_000);
        }
    }

    private static ByteBuf record(long ts, String data) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeLong(ts);
        buf.writeCharSequence(data, StandardCharsets.UTF_8);
        return buf;
    }

    /** The test hands frames in itself. */
    private static final class NoEncoder implements dev.sluice.bus.StreamEncoder {
        @Override
        public String key() {
            return "test-record";
        }

        @Override
        public dev.sluice.bus.SlowPolicy slowPolicy() {
            return dev.sluice.bus.SlowPolicy.QUEUE;
        }

        @Override
        public ByteBuf encode(dev.sluice.bus.Event event, ByteBufAllocator alloc) {
            return null;
        }

        @Override
        public ByteBuf snapshot(dev.sluice.bus.Event latest, ByteBufAllocator alloc) {
            return null;
        }
    }
}

package dev.sluice.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bus hands frames to a loop in batches: while the loop is busy, thousands of published events wait behind a
 * single drain task instead of one task each, and they still arrive in order, every frame released after.
 */
class LoopInboxTest {

    private static final Instrument BTC = new Instrument("okx", "BTC-USDT", "BTC", "USDT", new BigDecimal("0.1"),
        new BigDecimal("0.00000001"), new BigDecimal("0.00001"));
    private static final int EVENTS = 3 * LoopInbox.MAX_PER_RUN + 7;

    private final DefaultEventExecutor loop = new DefaultEventExecutor();
    private final Bus bus = new Bus(ImmediateEventExecutor.INSTANCE, UnpooledByteBufAllocator.DEFAULT);
    private final List<ByteBuf> encoded = Collections.synchronizedList(new ArrayList<>());
    private final Stream stream = new Stream(BTC.topic(Topic.TRADES), new TradeIds(encoded));

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Test
    void shouldQueueOneDrainTaskForManyEventsWhileTheLoopIsBusyAndDeliverThemInOrder() throws Exception {
        Collector collector = new Collector(loop, EVENTS);
        bus.subscribe(stream, collector);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            busy.countDown();
            awaitQuietly(release);
        });
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();

        for (int id = 1; id <= EVENTS; id++) {
            bus.publish(trade(id));
        }

        assertThat(loop.pendingTasks()).as("tasks queued on the busy loop for %d events", EVENTS).isEqualTo(1);
        release.countDown();
        assertThat(collector.done.await(10, TimeUnit.SECONDS)).isTrue();
        List<Long> expected = new ArrayList<>();
        for (long id = 1; id <= EVENTS; id++) {
            expected.add(id);
        }
        assertThat(collector.ids).isEqualTo(expected);
        assertThat(encoded).hasSize(EVENTS).allSatisfy(frame -> assertThat(frame.refCnt()).isZero());
    }

    @Test
    void shouldReleaseTheFramesOfALoopThatHasShutDown() throws Exception {
        Collector collector = new Collector(loop, 1);
        bus.subscribe(stream, collector);
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);

        bus.publish(trade(1));
        bus.publish(trade(2));

        assertThat(collector.ids).isEmpty();
        assertThat(encoded).hasSize(2).allSatisfy(frame -> assertThat(frame.refCnt()).isZero());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Trade trade(long id) {
        return new Trade(BTC.topic(Topic.TRADES), BTC, id, 650_000, 1_000_000, Side.BUY, 1_700_000_000_000L, 1, id);
    }

    /** Encodes a trade as its id in ASCII and keeps every buffer it made, to check each is released. */
    private record TradeIds(List<ByteBuf> made) implements StreamEncoder {
        @Override
        public String key() {
            return "trade-ids";
        }

        @Override
        public SlowPolicy slowPolicy() {
            return SlowPolicy.QUEUE;
        }

        @Override
        public ByteBuf encode(Event event, ByteBufAllocator alloc) {
            ByteBuf frame = alloc.buffer().writeBytes(Long.toString(((Trade) event).tradeId())
                .getBytes(StandardCharsets.US_ASCII));
            made.add(frame);
            return frame;
        }

        @Override
        public ByteBuf snapshot(Event latest, ByteBufAllocator alloc) {
            return null;
        }
    }

    /** Reads each delivered frame's id on the loop. */
    private static final class Collector implements Subscriber {
        final List<Long> ids = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch done;
        private final EventExecutor loop;

        Collector(EventExecutor loop, int expected) {
            this.loop = loop;
            this.done = new CountDownLatch(expected);
        }

        @Override
        public EventExecutor executor() {
            return loop;
        }

        @Override
        public void onFrame(Stream stream, ByteBuf frame) {
            assertThat(loop.inEventLoop()).isTrue();
            ids.add(Long.parseLong(frame.toString(StandardCharsets.US_ASCII)));
            done.countDown();
        }

        @Override
        public void onSnapshot(Stream stream, ByteBuf frame) {
        }
    }
}

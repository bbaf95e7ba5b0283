package dev.sluice.bench;

import dev.sluice.bus.Bus;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Side;
import dev.sluice.bus.Topic;
import dev.sluice.bus.Trade;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a {@link Schedule} of trades through Sluice's real {@link Bus} (and so through the OKX dialect's
 * encoder, the fan-out and the batched flushes), from the bus thread, polling every millisecond. Each trade carries
 * the bench measurements in OKX fields (see {@link BenchMessages}).
 */
final class BenchFeed {

    /** Price mantissa of every bench trade: 1000 with the bench instruments' 0.01 tick (OKX writes "1000"). */
    private static final long PRICE = 100_000;
    private static final long SIZE = 1;

    private final Bus bus;
    private final Instrument[] instruments;
    private final Topic[] topics;
    private final CompletableFuture<long[]> done = new CompletableFuture<>();
    private ScheduledFuture<?> timer;

    BenchFeed(Bus bus, List<Instrument> channels) {
        this.bus = bus;
        this.instruments = channels.toArray(new Instrument[0]);
        this.topics = new Topic[instruments.length];
        for (int i = 0; i < instruments.length; i++) {
            topics[i] = instruments[i].topic(Topic.TRADES);
        }
    }

    /** Runs the steps from now; the future completes with the count published per channel. */
    CompletableFuture<long[]> run(List<Schedule.Step> steps) {
        Schedule schedule = new Schedule(instruments.length, steps, BenchClock.epochNanos());
        Schedule.Emitter publish = (channel, seq, stamp, step) -> bus.publish(new Trade(topics[channel],
            instruments[channel], stamp, PRICE, SIZE, Side.BUY, stamp / 1_000_000L, step, seq));
        timer = bus.executor().scheduleAtFixedRate(() -> {
            if (!done.isDone() && !schedule.emitDue(BenchClock.epochNanos(), publish)) {
                done.complete(schedule.published());
            }
            if (done.isDone() && timer != null) {
                timer.cancel(false);
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        return done;
    }
}

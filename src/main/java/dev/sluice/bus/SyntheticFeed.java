package dev.sluice.bus;

import dev.sluice.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes simulated market data for the configured instruments. All events due by the clock's current time are
 * generated on each {@link #poll()}; in production a timer on the bus executor polls every few milliseconds, in
 * tests a manual clock is advanced and {@code poll()} called directly.
 */
public final class SyntheticFeed {

    /** How often the running feed catches up with the clock. */
    public static final long POLL_INTERVAL_MS = 5;

    private final Bus bus;
    private final Clock clock;
    private final List<SyntheticInstrument> instruments = new ArrayList<>();
    private ScheduledFuture<?> timer;
    private boolean primed;

    public SyntheticFeed(Bus bus, Clock clock, long seed, List<SyntheticSpec> specs) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.clock = Objects.requireNonNull(clock, "clock");
        long start = clock.epochNanos();
        for (SyntheticSpec spec : specs) {
            instruments.add(new SyntheticInstrument(spec, seed, start));
        }
    }

    /** Publishes every event due by now. Call on the bus executor. */
    public void poll() {
        long now = clock.epochNanos();
        if (!primed) {
            primed = true;
            for (SyntheticInstrument instrument : instruments) {
                instrument.prime(bus::publish);
            }
        }
        for (SyntheticInstrument instrument : instruments) {
            instrument.advanceTo(now, bus::publish);
        }
    }

    /** Starts polling on the bus executor. */
    public void start() {
        timer = bus.executor().scheduleAtFixedRate(this::poll, 0, POLL_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}

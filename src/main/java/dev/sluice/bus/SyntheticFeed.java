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
    private final List<SyntheticAccount> accounts = new ArrayList<>();
    private final long seed;
    private final long startNs;
    private ScheduledFuture<?> timer;
    private boolean primed;

    public SyntheticFeed(Bus bus, Clock clock, long seed, List<SyntheticSpec> specs) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.seed = seed;
        this.startNs = clock.epochNanos();
        for (SyntheticSpec spec : specs) {
            instruments.add(new SyntheticInstrument(spec, seed, startNs));
        }
    }

    /**
     * Adds simulated private events (orders and balances, see {@link SyntheticAccount}) for one account on one
     * exchange, trading that exchange's instruments. Call before the feed is first polled; an account that is
     * already there, or an exchange without instruments, is ignored.
     *
     * @return whether the account was added
     */
    public boolean addAccount(String exchange, String user) {
        if (primed) {
            throw new IllegalStateException("accounts must be added before the feed starts");
        }
        List<SyntheticInstrument> traded = instruments.stream()
            .filter(i -> i.instrument().exchange().equals(exchange)).toList();
        boolean known = accounts.stream().anyMatch(a -> a.exchange().equals(exchange) && a.user().equals(user));
        if (traded.isEmpty() || known) {
            return false;
        }
        accounts.add(new SyntheticAccount(exchange, user, traded, seed, startNs));
        return true;
    }

    /** Publishes every event due by now. Call on the bus executor. */
    public void poll() {
        long now = clock.epochNanos();
        if (!primed) {
            primed = true;
            for (SyntheticInstrument instrument : instruments) {
                instrument.prime(bus::publish);
            }
            for (SyntheticAccount account : accounts) {
                account.prime(bus::publish);
            }
        }
        for (SyntheticInstrument instrument : instruments) {
            instrument.advanceTo(now, bus::publish);
        }
        for (SyntheticAccount account : accounts) {
            account.advanceTo(now, bus::publish);
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

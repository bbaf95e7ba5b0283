package dev.sluice.bus;

import dev.sluice.time.Clock;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Publishes simulated market data for the configured instruments. All events due by the clock's current time are
 * generated on each {@link #poll()}; in production a timer on the bus executor polls every few milliseconds, in
 * tests a manual clock is advanced and {@code poll()} called directly.
 *
 * <p>The events go to a sink owned by one executor: the bus (a gateway with {@code feed.type: synthetic}), or a
 * NATS publisher ({@code sluice feed}); either way {@code poll()} runs on that executor only.
 */
public final class SyntheticFeed {

    /** How often the running feed catches up with the clock. */
    public static final long POLL_INTERVAL_MS = 5;

    private final Consumer<Event> sink;
    private final EventExecutor executor;
    private final Clock clock;
    private final List<SyntheticInstrument> instruments = new ArrayList<>();
    /** The accounts to simulate, as added; built at the first poll, when their number (the id stride) is known. */
    private final List<AccountSpec> added = new ArrayList<>();
    private final List<SyntheticAccount> accounts = new ArrayList<>();
    private final long seed;
    private final long startNs;
    private ScheduledFuture<?> timer;
    private boolean primed;

    public SyntheticFeed(Bus bus, Clock clock, long seed, List<SyntheticSpec> specs) {
        this(Objects.requireNonNull(bus, "bus")::publish, bus.executor(), clock, seed, specs);
    }

    /**
     * @param sink     receives every event, on {@code executor}
     * @param executor the thread that polls the feed and owns the sink
     */
    public SyntheticFeed(Consumer<Event> sink, EventExecutor executor, Clock clock, long seed,
                         List<SyntheticSpec> specs) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.executor = Objects.requireNonNull(executor, "executor");
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
        boolean known = added.stream().anyMatch(a -> a.exchange().equals(exchange) && a.user().equals(user));
        if (traded.isEmpty() || known) {
            return false;
        }
        added.add(new AccountSpec(exchange, user, traded));
        return true;
    }

    /** An account added, not yet built. */
    private record AccountSpec(String exchange, String user, List<SyntheticInstrument> traded) {
    }

    /** Publishes every event due by now. Call on the feed's executor. */
    public void poll() {
        long now = clock.epochNanos();
        if (!primed) {
            primed = true;
            // Built now that their number is final: each takes its turn in one order-id sequence (unique ids).
            for (AccountSpec spec : added) {
                accounts.add(new SyntheticAccount(spec.exchange(), spec.user(), spec.traded(), seed, startNs,
                    accounts.size(), added.size()));
            }
            for (SyntheticInstrument instrument : instruments) {
                instrument.prime(sink);
            }
            for (SyntheticAccount account : accounts) {
                account.prime(sink);
            }
        }
        for (SyntheticInstrument instrument : instruments) {
            instrument.advanceTo(now, sink);
        }
        for (SyntheticAccount account : accounts) {
            account.advanceTo(now, sink);
        }
    }

    /** Starts polling on the feed's executor. */
    public void start() {
        timer = executor.scheduleAtFixedRate(this::poll, 0, POLL_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}

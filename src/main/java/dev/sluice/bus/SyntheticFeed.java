package dev.sluice.bus;

import dev.sluice.time.Clock;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 *
 * <p>An {@linkplain SyntheticSpec#onDemand() on-demand} instrument costs a few hundred bytes until someone watches
 * it: with a bus, its book and random walk are created (starting at its configured price, at the current time) when
 * one of its topics gets its first subscriber, and dropped when none of its topics has one any more (with the
 * bus's last events of its topics, which hold its book). Without a bus (a NATS publisher knows nothing of
 * subscribers) every instrument is simulated from the start.
 */
public final class SyntheticFeed {

    /** How often the running feed catches up with the clock. */
    public static final long POLL_INTERVAL_MS = 5;

    /** The topics an instrument publishes to. */
    private static final List<String> CHANNELS = List.of(Topic.BOOK, Topic.TRADES, Topic.TICKER, Topic.CANDLE_1M);

    private final Consumer<Event> sink;
    private final EventExecutor executor;
    private final Clock clock;
    /** The bus this feed publishes to, told to forget a dropped instrument's topics; null without a bus. */
    private Bus bus;
    private final List<SyntheticInstrument> instruments = new ArrayList<>();
    /** The accounts to simulate, as added; built at the first poll, when their number (the id stride) is known. */
    private final List<AccountSpec> added = new ArrayList<>();
    private final List<SyntheticAccount> accounts = new ArrayList<>();
    /** Each topic of each on-demand instrument, to its slot. */
    private final Map<Topic, OnDemand> onDemand = new HashMap<>();
    /** The on-demand instruments being watched, in the order they were first watched. */
    private final Set<OnDemand> watched = new LinkedHashSet<>();
    private final long seed;
    private final long startNs;
    private ScheduledFuture<?> timer;
    private boolean primed;

    /** A feed into the bus. Create it before anyone subscribes: it follows the bus's subscribers from then on. */
    public SyntheticFeed(Bus bus, Clock clock, long seed, List<SyntheticSpec> specs) {
        this(Objects.requireNonNull(bus, "bus")::publish, bus.executor(), clock, seed, specs, true);
        if (!onDemand.isEmpty()) {
            this.bus = bus;
            bus.demand(new Bus.Demand() {
                @Override
                public void started(Topic topic) {
                    watch(topic);
                }

                @Override
                public void ended(Topic topic) {
                    unwatch(topic);
                }
            });
        }
    }

    /**
     * @param sink     receives every event, on {@code executor}
     * @param executor the thread that polls the feed and owns the sink
     */
    public SyntheticFeed(Consumer<Event> sink, EventExecutor executor, Clock clock, long seed,
                         List<SyntheticSpec> specs) {
        this(sink, executor, clock, seed, specs, false);
    }

    private SyntheticFeed(Consumer<Event> sink, EventExecutor executor, Clock clock, long seed,
                          List<SyntheticSpec> specs, boolean followsDemand) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.seed = seed;
        this.startNs = clock.epochNanos();
        for (SyntheticSpec spec : specs) {
            if (followsDemand && spec.onDemand()) {
                OnDemand slot = new OnDemand(spec);
                for (String channel : CHANNELS) {
                    onDemand.put(spec.instrument().topic(channel), slot);
                }
            } else {
                instruments.add(new SyntheticInstrument(spec, seed, startNs));
            }
        }
    }

    /** How many on-demand instruments are being simulated now. */
    public int watchedInstruments() {
        return watched.size();
    }

    private void watch(Topic topic) {
        OnDemand slot = onDemand.get(topic);
        if (slot == null || !slot.topics.add(topic) || slot.live != null) {
            return;
        }
        slot.live = new SyntheticInstrument(slot.spec, seed, clock.epochNanos());
        slot.live.prime(sink);
        watched.add(slot);
    }

    private void unwatch(Topic topic) {
        OnDemand slot = onDemand.get(topic);
        if (slot != null && slot.topics.remove(topic) && slot.topics.isEmpty()) {
            slot.live = null;
            watched.remove(slot);
            for (String channel : CHANNELS) {
                bus.forget(slot.spec.instrument().topic(channel));
            }
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
        for (OnDemand slot : watched) {
            slot.live.advanceTo(now, sink);
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

    /** An on-demand instrument: its spec always, its simulation while any of its topics has subscribers. */
    private static final class OnDemand {
        final SyntheticSpec spec;
        final Set<Topic> topics = new HashSet<>(4);
        SyntheticInstrument live;

        OnDemand(SyntheticSpec spec) {
            this.spec = spec;
        }
    }
}

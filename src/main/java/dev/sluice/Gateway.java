package dev.sluice;

import dev.sluice.auth.Account;
import dev.sluice.auth.Accounts;
import dev.sluice.bus.Bus;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.SyntheticFeed;
import dev.sluice.bus.SyntheticSpec;
import dev.sluice.config.HistoryConfig;
import dev.sluice.config.ServiceConfig;
import dev.sluice.config.SluiceConfig;
import dev.sluice.dialect.Dialect;
import dev.sluice.dialect.Dialects;
import dev.sluice.dialect.Endpoint;
import dev.sluice.history.HistoryStore;
import dev.sluice.history.Recorder;
import dev.sluice.history.ReplaySource;
import dev.sluice.dialect.CreditLookup;
import dev.sluice.limit.Admitter;
import dev.sluice.limit.CreditLedger;
import dev.sluice.limit.Principal;
import dev.sluice.config.StateConfig;
import dev.sluice.limit.LimitEngine;
import dev.sluice.limit.LimitState;
import dev.sluice.limit.memory.MemoryLimitState;
import dev.sluice.limit.redis.FailurePolicy;
import dev.sluice.limit.redis.ClusterLimitState;
import dev.sluice.limit.redis.RedisCluster;
import dev.sluice.metric.MicrometerMetrics;
import dev.sluice.metric.Metrics;
import dev.sluice.nats.NatsFeed;
import dev.sluice.server.GracefulShutdown;
import dev.sluice.server.ServiceInitializer;
import dev.sluice.server.ServiceRuntime;
import dev.sluice.server.StartFailure;
import dev.sluice.server.Transport;
import dev.sluice.session.SessionTicker;
import dev.sluice.time.Clock;
import dev.sluice.time.SystemClock;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Wires one Sluice process from its configuration: event loops, the bus and its feed, and one server per service.
 * Construction does nothing; {@link #start()} binds every port and {@link #close()} releases everything.
 */
public final class Gateway implements AutoCloseable {

    /** How often forgotten limit state (full buckets, ended blocks, old log windows) is swept away. */
    public static final long SWEEP_INTERVAL_MS = 10_000;

    /** How often sessions are ticked (heartbeat and idle timeouts, credits' month) when the gateway runs timers. */
    public static final long TICK_INTERVAL_MS = 1_000;

    /** How often a running replay checks the clock for what is due, between session ticks. */
    public static final long REPLAY_POLL_MS = 20;

    /**
     * @param clock     the time source of every component
     * @param metrics   where metrics go
     * @param admitter  decides handshakes; null for each service's limits engine (the normal case)
     * @param runTimers true to drive the synthetic feed and the session ticks from timers; false when a test
     *                  advances a manual clock and polls and ticks by hand
     */
    public record Options(Clock clock, Metrics metrics, Admitter admitter, boolean runTimers) {
        public Options {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(metrics, "metrics");
        }

        public static Options production() {
            return new Options(SystemClock.INSTANCE, new MicrometerMetrics(), null, true);
        }
    }

    /** A service listening on its port. */
    public record BoundService(String name, String dialect, String host, int port, List<Endpoint> endpoints) {
        public String url(Endpoint endpoint) {
            return "ws://" + host + ":" + port + endpoint.path();
        }
    }

    private final SluiceConfig config;
    private final Options options;
    private final Transport transport = Transport.best();
    private final List<Channel> listeners = new ArrayList<>();
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private DefaultEventLoop busLoop;
    private Bus bus;
    private Accounts accounts;
    private final MemoryLimitState limitState = new MemoryLimitState();
    private final List<LimitEngine> engines = new ArrayList<>();
    /** The cluster's shared limit state (state.type: redis); null when limit state is in memory. */
    private RedisCluster cluster;
    private SyntheticFeed feed;
    /** The history store, its reader thread and recorders; null without {@code history.path}. */
    private HistoryStore history;
    private java.util.concurrent.ExecutorService historyReader;
    private final List<Recorder> recorders = new ArrayList<>();
    /** Persists credit counts ({@code credits.path}); null when they live in memory only. */
    private CreditLedger ledger;
    private NatsFeed natsFeed;

    public Gateway(SluiceConfig config, Options options) {
        this.config = Objects.requireNonNull(config, "config");
        this.options = Objects.requireNonNull(options, "options");
    }

    public List<BoundService> start() throws InterruptedException {
        acceptors = transport.newGroup(1, "sluice-accept");
        workers = transport.newGroup(config.server().ioThreads(), "sluice-io");
        busLoop = new DefaultEventLoop(new DefaultThreadFactory("sluice-bus", true));
        bus = new Bus(busLoop, PooledByteBufAllocator.DEFAULT);
        List<SyntheticSpec> specs = config.feed().instruments();
        if (config.feed().isNats()) {
            natsFeed = new NatsFeed(config.feed().nats(), bus, specs.stream().map(SyntheticSpec::instrument).toList(),
                options.metrics().forFeed(config.feed().nats().subjectPrefix()));
        } else {
            feed = new SyntheticFeed(bus, options.clock(), config.feed().seed(), specs);
        }
        ServiceRuntime.ConnIdSource connIds = ServiceRuntime.ConnIdSource.create((int) options.clock().epochNanos());
        accounts = new Accounts(config.accounts());
        simulateAccounts();
        List<BoundService> bound = new ArrayList<>();
        try {
            openHistory();
            openLedger();
            if (config.state().redis()) {
                cluster = connectRedis();
                options.metrics().limitState(cluster.clusterState()::failOpenTotal, cluster.clusterState()::up);
            }
            for (ServiceConfig service : config.services()) {
                bound.add(bind(service, specs, connIds));
            }
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        startNatsFeed();
        if (options.runTimers()) {
            if (feed != null) {
                feed.start();
            }
            for (EventExecutor loop : workers) {
                loop.scheduleAtFixedRate(() -> SessionTicker.of(loop).tick(), TICK_INTERVAL_MS, TICK_INTERVAL_MS,
                    TimeUnit.MILLISECONDS);
            }
            busLoop.scheduleAtFixedRate(this::sweepLimits, SWEEP_INTERVAL_MS, SWEEP_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
            if (ledger != null) {
                long every = config.credits().flushIntervalMs();
                busLoop.scheduleAtFixedRate(ledger::save, every, every, TimeUnit.MILLISECONDS);
            }
        }
        return bound;
    }

    /** Every configured account gets simulated orders and balances on its service's exchange. */
    private void simulateAccounts() {
        if (feed == null) {
            // NATS mode: account events do not travel over NATS (yet), and a node has no market of its own to fill.
            return;
        }
        for (Account account : accounts.all()) {
            config.services().stream().filter(s -> s.name().equals(account.service())).findFirst()
                .ifPresent(service -> feed.addAccount(service.exchange(), account.id()));
        }
    }

    private BoundService bind(ServiceConfig service, List<SyntheticSpec> specs, ServiceRuntime.ConnIdSource connIds)
        throws InterruptedException {
        List<Instrument> instruments = specs.stream().map(SyntheticSpec::instrument)
            .filter(i -> service.exchanges().contains(i.exchange())).toList();
        ReplaySource replays = history == null ? null : new ReplaySource(history, historyReader, options.clock(),
            options.runTimers() ? REPLAY_POLL_MS : 0);
        Dialect dialect = Dialects.create(service, instruments, options.clock(), replays);
        dialect.attach(bus, accounts.all().stream().filter(a -> a.service().equals(service.name())).toList());
        if (history != null && config.history().record() && !dialect.recordedStreams().isEmpty()) {
            recorders.add(new Recorder(history, bus, dialect.recordedStreams(), config.history().queueCapacity()));
        }
        List<Endpoint> endpoints = service.endpoints().isEmpty() ? dialect.defaultEndpoints() : service.endpoints();
        LimitState state = cluster == null ? limitState : cluster.state();
        Executor decisions = cluster == null ? Runnable::run : cluster.decisions();
        LimitEngine limits = new LimitEngine(service.name(), config.plans(), state, options.clock(),
            options.metrics(), config.shadowLimits(), decisions);
        engines.add(limits);
        Admitter admitter = options.admitter() == null ? limits : options.admitter();
        dialect.creditsFrom(credential -> accounts.find(service.name(), credential).map(account -> {
            LimitEngine.CreditUsage usage = limits.credits(new Principal(service.name(), account.id(),
                account.identity(), account.subAccount(), "usage", account.plan()));
            return new CreditLookup.Usage(account.id(), account.plan(), usage == null ? 0 : usage.used(),
                usage == null ? -1 : usage.max());
        }));

        ServiceRuntime runtime = new ServiceRuntime(service.name(), dialect, ServiceRuntime.byPath(endpoints),
            config.server(), bus, service.plan(), limits, admitter, options.metrics().forService(service.name()),
            options.metrics(), connIds, options.clock(), accounts);
        ChannelFuture binding = new ServerBootstrap()
            .group(acceptors, workers)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ServiceInitializer(runtime))
            .bind(config.server().host(), service.port())
            .await();
        if (!binding.isSuccess()) {
            throw StartFailure.cannotListen(config.server().host(), service.port(), binding.cause());
        }
        Channel listener = binding.channel();
        listeners.add(listener);
        int port = ((InetSocketAddress) listener.localAddress()).getPort();
        return new BoundService(service.name(), service.dialect(), config.server().host(), port, endpoints);
    }

    private RedisCluster connectRedis() {
        try {
            return RedisCluster.connect(redisSettings(config.state()), options.clock(), this::closeLost);
        } catch (IllegalStateException e) {
            throw StartFailure.redisUnreachable(config.state().maskedUri(), e);
        }
    }

    private void openHistory() {
        if (!config.history().enabled()) {
            return;
        }
        try {
            history = HistoryConfig.MEMORY.equals(config.history().path()) ? HistoryStore.inMemory()
                : HistoryStore.open(java.nio.file.Path.of(config.history().path()));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot open the history store " + config.history().path() + ": "
                + e.getMessage(), e);
        }
        historyReader = java.util.concurrent.Executors.newSingleThreadExecutor(
            new DefaultThreadFactory("sluice-history", true));
    }

    /** Loads saved credit counts before any service listens. */
    private void openLedger() {
        if (!config.credits().persisted()) {
            return;
        }
        List<String> prefixes = new ArrayList<>();
        for (ServiceConfig service : config.services()) {
            prefixes.addAll(LimitEngine.creditKeyPrefixes(service.name(), config.plans()));
        }
        ledger = new CreditLedger(limitState, java.nio.file.Path.of(config.credits().path()), prefixes);
        try {
            ledger.load();
        } catch (java.io.IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the credit ledger " + config.credits().path() + ": "
                + e.getMessage(), e);
        }
    }

    /** Writes the credit ledger now (the timers do it every {@code credits.flushIntervalMs}); tests call it. */
    public void saveCredits() {
        if (ledger != null) {
            ledger.save();
        }
    }

    /** The cluster's shared limit state (Redis); null when limit state is in memory. */
    public ClusterLimitState clusterState() {
        return cluster == null ? null : cluster.clusterState();
    }

    /** The history store, or null when the configuration has none. */
    public HistoryStore history() {
        return history;
    }

    /** The recorders appending live data to the history store (one per recording service). */
    public List<Recorder> recorders() {
        return recorders;
    }

    /** In NATS mode, starts connecting to NATS in the background; events flow once it is reached. */
    private void startNatsFeed() throws InterruptedException {
        if (natsFeed != null) {
            natsFeed.start();
        }
    }

    /** Drops limit state nobody needs any more; the timers call it every {@link #SWEEP_INTERVAL_MS}. */
    public void sweepLimits() {
        limitState.sweep(options.clock().epochNanos());
        for (LimitEngine engine : engines) {
            engine.sweep();
        }
    }

    private static RedisCluster.Settings redisSettings(StateConfig state) {
        return new RedisCluster.Settings(state.uri(), state.maskedUri(), state.timeoutMs(), state.connectTimeoutMs(),
            state.leaseTtlMs(), state.renewalIntervalMs(),
            FailurePolicy.valueOf(state.failurePolicy().toUpperCase(Locale.ROOT)), state.keyPrefix());
    }

    /** Closes connections whose shared slots were lost (1013: try again later, on a node with room). */
    private void closeLost(Set<String> connIds) {
        for (EventExecutor loop : workers) {
            loop.execute(() -> SessionTicker.of(loop).closeSessions(connIds, 1013, "limit slot lost, try again"));
        }
    }

    /** Ticks every session on every event loop now, and waits; tests call it after advancing a manual clock. */
    public void tickSessions() {
        for (EventExecutor loop : workers) {
            loop.submit(() -> SessionTicker.of(loop).tick()).syncUninterruptibly();
        }
    }

    public Bus bus() {
        return bus;
    }

    /** The synthetic feed; null in NATS mode. */
    public SyntheticFeed feed() {
        return feed;
    }

    /** The NATS feed; null unless {@code feed.type} is {@code nats}. */
    public NatsFeed natsFeed() {
        return natsFeed;
    }

    /** The transport in use: epoll or nio. */
    public String transportName() {
        return transport.name();
    }

    /**
     * Stops accepting connections, gives every open connection the dialect's shutdown notice and the drain period
     * ({@code server.drainMs}, ended early once every connection is gone), closes them with 1001, then stops.
     */
    @Override
    public void close() {
        for (Channel listener : listeners) {
            listener.close().syncUninterruptibly();
        }
        listeners.clear();
        if (workers != null) {
            GracefulShutdown.run(workers, config.server().drainMs());
        }
        if (feed != null) {
            feed.stop();
        }
        if (natsFeed != null) {
            natsFeed.close();
        }
        shutdown(acceptors);
        shutdown(workers);
        shutdown(busLoop);
        // Connections are closed and have flushed their credits: the ledger gets the final counts.
        saveCredits();
        recorders.forEach(Recorder::close);
        if (historyReader != null) {
            historyReader.shutdownNow();
        }
        if (history != null) {
            history.close();
        }
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    private static void shutdown(EventLoopGroup group) {
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}

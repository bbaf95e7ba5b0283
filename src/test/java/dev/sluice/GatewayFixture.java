package dev.sluice;

import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.SluiceConfig;
import dev.sluice.limit.Admitter;
import dev.sluice.metric.Metrics;
import dev.sluice.time.ManualClock;
import java.util.List;

/**
 * A gateway started in-process on free ports of 127.0.0.1 from a YAML string, with a manual clock and no feed
 * timer: nothing is published unless a test polls the feed. Shared by the end-to-end tests of several packages.
 */
public final class GatewayFixture implements AutoCloseable {

    /** The BTC-USDT instrument of {@code presets/okx.yaml} with a shallow book, as a {@code feed.instruments} item. */
    public static final String OKX_BTC_USDT = """
            - exchange: okx
              symbol: BTC-USDT
              base: BTC
              quote: USDT
              tickSize: 0.1
              lotSize: 0.00000001
              minSize: 0.00001
              price: 65000
              depth: 20
              levelSize: 0.5
              tradesPerSecond: 8
              bookUpdatesPerSecond: 10
        """;

    /** Epoch millis the manual clock starts at: 2024-01-01T00:00:00Z. */
    public static final long START_EPOCH_MS = 1_704_067_200_000L;

    private final Gateway gateway;
    private final ManualClock clock;
    private final List<Gateway.BoundService> services;

    private GatewayFixture(Gateway gateway, ManualClock clock, List<Gateway.BoundService> services) {
        this.gateway = gateway;
        this.clock = clock;
        this.services = services;
    }

    public static GatewayFixture start(String yaml) {
        return start(yaml, Metrics.NOOP, null);
    }

    /** @param admitter decides handshakes instead of the configured plans; null to use the plans */
    public static GatewayFixture start(String yaml, Metrics metrics, Admitter admitter) {
        try {
            return start(ConfigLoader.parse("test", yaml), metrics, admitter);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("test configuration is invalid:\n" + e.getMessage(), e);
        }
    }

    /** A gateway from a loaded configuration (a bundled preset with its ports set to 0, say). */
    public static GatewayFixture start(SluiceConfig config) {
        return start(config, Metrics.NOOP, null);
    }

    private static GatewayFixture start(SluiceConfig config, Metrics metrics, Admitter admitter) {
        try {
            ManualClock clock = new ManualClock(START_EPOCH_MS);
            Gateway gateway = new Gateway(config, new Gateway.Options(clock, metrics, admitter, false));
            return new GatewayFixture(gateway, clock, gateway.start());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        }
    }

    /** The port the named service is bound to. */
    public int port(String service) {
        return services.stream().filter(s -> s.name().equals(service)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no service named " + service + " in " + services))
            .port();
    }

    public Gateway gateway() {
        return gateway;
    }

    /** The manual clock's time in epoch milliseconds. */
    public long nowMillis() {
        return clock.epochNanos() / 1_000_000L;
    }

    /** Advances the manual clock only: the next poll of the feed, wherever a test runs it, publishes what is due. */
    public void advanceClock(long millis) {
        clock.advanceMillis(millis);
    }

    /** Advances the manual clock and lets the feed publish everything due, on the bus thread; waits for it. */
    public void advanceFeed(long millis) {
        clock.advanceMillis(millis);
        try {
            gateway.bus().executor().submit(() -> gateway.feed().poll()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling the feed", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the feed failed", e.getCause());
        }
    }

    @Override
    public void close() {
        gateway.close();
    }
}

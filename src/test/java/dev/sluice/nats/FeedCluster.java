package dev.sluice.nats;

import dev.sluice.GatewayFixture;
import dev.sluice.bus.SyntheticFeed;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.FeedConfig;
import dev.sluice.config.NatsConfig;
import dev.sluice.metric.Metrics;
import dev.sluice.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real nats-server, an in-process publisher (the synthetic feed on a manual clock, publishing to NATS), gateway
 * nodes in NATS mode, and a reference gateway running the same synthetic feed itself: same seed, same start time,
 * advanced in the same steps, so it shows what every node must deliver.
 */
final class FeedCluster implements AutoCloseable {

    static final String SERVICES = "services:\n  - name: okx\n    dialect: okx\n    port: 0\n";
    static final String INSTRUMENTS = "  instruments:\n" + GatewayFixture.OKX_BTC_USDT;
    static final long PUBLISHER_RECONNECT_WAIT_MS = 50;

    private final NatsServer nats;
    private final ManualClock clock = new ManualClock(GatewayFixture.START_EPOCH_MS);
    private final GatewayFixture reference;
    private final NatsFeedPublisher publisher;
    private final SyntheticFeed feed;
    private final List<GatewayFixture> nodes = new ArrayList<>();
    private final Map<GatewayFixture, Long> joinedAt = new HashMap<>();

    private final long nodeReconnectWaitMs;

    private FeedCluster(NatsServer nats, long nodeReconnectWaitMs) throws Exception {
        this.nats = nats;
        this.nodeReconnectWaitMs = nodeReconnectWaitMs;
        this.reference = GatewayFixture.start("feed:\n" + INSTRUMENTS + SERVICES);
        FeedConfig config = ConfigLoader.parse("node", nodeYaml()).feed();
        NatsConfig defaults = NatsConfig.withUrl(nats.url());
        NatsConfig quickReconnect = new NatsConfig(nats.url(), defaults.subjectPrefix(), defaults.connectTimeoutMs(),
            PUBLISHER_RECONNECT_WAIT_MS, defaults.snapshotTimeoutMs());
        this.publisher = NatsFeedPublisher.open(quickReconnect, config.instruments());
        this.feed = new SyntheticFeed(publisher.sink(), publisher.executor(), clock, config.seed(),
            config.instruments());
    }

    static FeedCluster start() throws Exception {
        return start(PUBLISHER_RECONNECT_WAIT_MS);
    }

    /** @param nodeReconnectWaitMs the nodes' pause between reconnection attempts (the publisher's is 50 ms) */
    static FeedCluster start(long nodeReconnectWaitMs) throws Exception {
        NatsServer nats = NatsServer.start();
        try {
            return new FeedCluster(nats, nodeReconnectWaitMs);
        } catch (Exception | Error e) {
            nats.close();
            throw e;
        }
    }

    /** The configuration of a node: the reference's instruments, events from this cluster's NATS. */
    String nodeYaml() {
        return "feed:\n  type: nats\n  nats:\n    url: " + nats.url() + "\n"
            + "    reconnectWaitMs: " + nodeReconnectWaitMs + "\n"
            + "    snapshotTimeoutMs: 500\n" + INSTRUMENTS + SERVICES;
    }

    GatewayFixture node() throws InterruptedException {
        return node(Metrics.NOOP);
    }

    /** Starts a node and waits until it is subscribed: it receives everything published from now on. */
    GatewayFixture node(Metrics metrics) throws InterruptedException {
        GatewayFixture node = nodeStarting(metrics);
        if (!node.gateway().natsFeed().awaitSubscribed(10_000)) {
            throw new AssertionError("the node did not subscribe to NATS within 10 s");
        }
        joinedAt.put(node, publisher.published());
        return node;
    }

    /** Starts a node without waiting for NATS (which may be down). */
    GatewayFixture nodeStarting(Metrics metrics) {
        GatewayFixture node = GatewayFixture.start(nodeYaml(), metrics, null);
        nodes.add(node);
        return node;
    }

    GatewayFixture reference() {
        return reference;
    }

    NatsServer nats() {
        return nats;
    }

    /** Moves publisher and reference on by {@code millis} of market time; each publishes what is due. */
    void advance(long millis) throws Exception {
        clock.advanceMillis(millis);
        publisher.executor().submit(feed::poll).get(5, TimeUnit.SECONDS);
        reference.advanceFeed(millis);
    }

    /** Waits until each node has handled every message published since it joined. */
    void awaitCaughtUp(GatewayFixture... waiting) {
        for (GatewayFixture node : waiting) {
            NatsFeed natsFeed = node.gateway().natsFeed();
            long expected = publisher.published() - joinedAt.get(node);
            Await.until("a node handled all " + expected + " messages", Duration.ofSeconds(20),
                () -> natsFeed.received() >= expected, () -> "it handled " + natsFeed.received());
        }
    }

    @Override
    public void close() {
        for (GatewayFixture node : nodes) {
            node.close();
        }
        publisher.close();
        reference.close();
        nats.close();
    }
}

package dev.sluice.nats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import dev.sluice.metric.Metrics;
import dev.sluice.metric.MicrometerMetrics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * NATS killed and restarted under a running node: the node reconnects, logs and counts it, resynchronises its book,
 * and its clients' book stream stays one unbroken seqId chain that ends on the publisher's book. Run with node and
 * publisher retrying at the same pace (either may be back first), and with the publisher surely back first (what it
 * flushes before the node has resubscribed is lost to the node, which must resynchronise). And a node started while
 * NATS is down starts anyway and serves the feed once NATS is up.
 */
@Timeout(120)
class NatsReconnectIT {

    private static final long STEP_MS = 50;

    @Test
    void shouldReconnectAndKeepTheBookChainUnbroken() throws Exception {
        try (FeedCluster cluster = FeedCluster.start()) {
            outage(cluster, false);
        }
    }

    @Test
    void shouldResyncTheBookFromSnapshotWhenPublisherIsBackFirst() throws Exception {
        try (FeedCluster cluster = FeedCluster.start(1_500)) {
            outage(cluster, true);
        }
    }

    @Test
    void shouldStartWhileNatsIsDownAndServeTheFeedOnceItIsUp() throws Exception {
        try (FeedCluster cluster = FeedCluster.start()) {
            cluster.nats().kill();
            GatewayFixture node = cluster.nodeStarting(Metrics.NOOP);
            cluster.nats().restart();
            cluster.advance(0);
            Await.until("the node has the book", Duration.ofSeconds(20),
                () -> node.gateway().natsFeed().syncedBooks() == 1, () -> "it has none");

            try (OkxClient client = OkxClient.subscribe(node, "trades", "books");
                 OkxClient reference = OkxClient.subscribe(cluster.reference(), "trades", "books")) {
                List<String> snapshot = reference.untilQuiet(1_000);
                assertThat(client.next(snapshot.size())).isEqualTo(snapshot);
                advance(cluster, 40);
                List<String> expected = reference.untilQuiet(1_000);
                assertThat(expected).isNotEmpty();
                assertThat(client.next(expected.size())).isEqualTo(expected);
            }
        }
    }

    private static void outage(FeedCluster cluster, boolean expectResync) throws Exception {
        MicrometerMetrics metrics = new MicrometerMetrics();
        GatewayFixture node = cluster.node(metrics);
        cluster.advance(0);
        cluster.awaitCaughtUp(node);
        try (OkxClient client = OkxClient.subscribe(node, "trades", "books");
             OkxClient reference = OkxClient.subscribe(cluster.reference(), "trades", "books")) {
            // The book snapshot comes after both subscriptions are on the bus (trades is subscribed first).
            assertThat(client.next(1)).isEqualTo(reference.next(1));
            advance(cluster, 40);
            cluster.awaitCaughtUp(node);

            cluster.nats().kill();
            Await.until("the node noticed NATS is gone", Duration.ofSeconds(10),
                () -> counter(metrics, "sluice_feed_disconnects_total") == 1,
                () -> feedLines(metrics));
            advance(cluster, 40);
            cluster.nats().restart();
            Await.until("the node reconnected", Duration.ofSeconds(20),
                () -> counter(metrics, "sluice_feed_reconnects_total") == 1,
                () -> feedLines(metrics));
            Await.until("the node's book follows the publisher again", Duration.ofSeconds(20),
                () -> node.gateway().natsFeed().syncedBooks() == 1, () -> feedLines(metrics));
            advance(cluster, 40);

            long lastSeqId = OkxClient.currentBookSeqId(cluster.reference());
            List<String> expected = reference.untilBookSeqId(lastSeqId);
            List<String> got = client.untilBookSeqId(lastSeqId);
            assertUnbrokenChain(got);
            assertThat(trades(expected)).as("trades after the outage reach the node's client")
                .containsSubsequence(trades(got));
            if (expectResync) {
                assertThat(counter(metrics, "sluice_feed_book_resyncs_total")).as("book resyncs")
                    .isGreaterThanOrEqualTo(1);
            }
        }
        try (OkxClient fresh = OkxClient.subscribe(node, "books");
             OkxClient reference = OkxClient.subscribe(cluster.reference(), "books")) {
            assertThat(fresh.next(1)).as("the node's book after the outage")
                .isEqualTo(reference.next(1));
        }
    }

    private static void advance(FeedCluster cluster, int steps) throws Exception {
        for (int i = 0; i < steps; i++) {
            cluster.advance(STEP_MS);
        }
    }

    private static void assertUnbrokenChain(List<String> frames) {
        long last = -1;
        for (String frame : frames) {
            if (!OkxClient.channel(frame).equals("books")) {
                continue;
            }
            JsonNode data = OkxClient.data(frame);
            if (last >= 0) {
                assertThat(data.get("prevSeqId").asLong()).as("prevSeqId after seqId %d", last).isEqualTo(last);
            }
            last = data.get("seqId").asLong();
        }
        assertThat(last).as("book frames seen").isPositive();
    }

    private static List<String> trades(List<String> frames) {
        return frames.stream().filter(f -> OkxClient.channel(f).equals("trades")).toList();
    }

    private static double counter(MicrometerMetrics metrics, String name) {
        String prefix = name + "{feed=\"sluice\"} ";
        return metrics.scrape().lines().filter(l -> l.startsWith(prefix))
            .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()))).findFirst().orElse(-1);
    }

    private static String feedLines(MicrometerMetrics metrics) {
        return String.join("\n", metrics.scrape().lines().filter(l -> l.startsWith("sluice_feed")).toList());
    }
}

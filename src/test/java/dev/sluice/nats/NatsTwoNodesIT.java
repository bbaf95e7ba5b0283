package dev.sluice.nats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.GatewayFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two gateway nodes fed over a real nats-server by one publisher: a client on each node, subscribed to the same
 * OKX streams, receives the identical sequence of frames, and the same sequence as a gateway that runs the same
 * synthetic feed itself. A node that joins late gets the publisher's current book, then the same frames.
 */
@Timeout(120)
class NatsTwoNodesIT {

    private static final String[] CHANNELS = {"trades", "books", "books5", "bbo-tbt", "tickers"};
    private static final long STEP_MS = 50;

    @Test
    void shouldDeliverIdenticalFramesToClientsOnTwoNodes() throws Exception {
        try (FeedCluster cluster = FeedCluster.start()) {
            GatewayFixture nodeA = cluster.node();
            GatewayFixture nodeB = cluster.node();
            cluster.advance(0);
            cluster.awaitCaughtUp(nodeA, nodeB);

            try (OkxClient a = OkxClient.subscribe(nodeA, CHANNELS);
                 OkxClient b = OkxClient.subscribe(nodeB, CHANNELS);
                 OkxClient reference = OkxClient.subscribe(cluster.reference(), CHANNELS)) {
                List<String> snapshots = reference.untilQuiet(1_000);
                assertThat(snapshots).as("snapshots on subscribe").isNotEmpty();
                assertThat(a.next(snapshots.size())).isEqualTo(snapshots);
                assertThat(b.next(snapshots.size())).isEqualTo(snapshots);

                for (int i = 0; i < 200; i++) {
                    cluster.advance(STEP_MS);
                }
                cluster.awaitCaughtUp(nodeA, nodeB);

                assertSameFrames(cluster.reference(), reference, a, b);
            }
        }
    }

    @Test
    void shouldGiveLateNodeThePublishersBookThenTheSameFrames() throws Exception {
        try (FeedCluster cluster = FeedCluster.start()) {
            GatewayFixture early = cluster.node();
            cluster.advance(0);
            for (int i = 0; i < 100; i++) {
                cluster.advance(STEP_MS);
            }
            cluster.awaitCaughtUp(early);

            GatewayFixture late = cluster.node();
            Await.until("the late node has the book", Duration.ofSeconds(20),
                () -> late.gateway().natsFeed().syncedBooks() == 1, () -> "it has none");

            String[] channels = {"trades", "books"};
            try (OkxClient a = OkxClient.subscribe(early, channels);
                 OkxClient c = OkxClient.subscribe(late, channels);
                 OkxClient reference = OkxClient.subscribe(cluster.reference(), channels)) {
                List<String> snapshot = reference.untilQuiet(1_000);
                assertThat(snapshot).hasSize(1);
                assertThat(OkxClient.json(snapshot.get(0)).get("action").asText()).isEqualTo("snapshot");
                assertThat(a.next(1)).isEqualTo(snapshot);
                assertThat(c.next(1)).as("the late node's book snapshot").isEqualTo(snapshot);

                for (int i = 0; i < 100; i++) {
                    cluster.advance(STEP_MS);
                }
                cluster.awaitCaughtUp(early, late);

                assertSameFrames(cluster.reference(), reference, a, c);
            }
        }
    }

    /** Every frame the reference client got, in order, reached each node's client, and nothing more. */
    private static void assertSameFrames(GatewayFixture referenceGateway, OkxClient reference, OkxClient... clients)
        throws InterruptedException {
        List<String> expected = reference.untilBookSeqId(OkxClient.currentBookSeqId(referenceGateway));
        assertThat(expected.stream().filter(f -> OkxClient.channel(f).equals("trades")).count())
            .as("trade frames in 10 s of market").isGreaterThan(20);
        assertThat(expected.stream().filter(f -> OkxClient.channel(f).equals("books")).count())
            .as("book updates in 10 s of market").isGreaterThan(50);
        for (OkxClient client : clients) {
            assertThat(client.next(expected.size())).isEqualTo(expected);
        }
        // Normally nothing follows; whatever does (a reference frame held up past the quiet period) must match too.
        List<String> later = reference.untilQuiet(300);
        for (OkxClient client : clients) {
            assertThat(client.untilQuiet(300)).as("frames after the first %d", expected.size()).isEqualTo(later);
        }
    }
}

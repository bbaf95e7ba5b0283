package dev.sluice.nats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice feed} as a real separate process (the packaged jar), publishing for a bounded duration to a real
 * nats-server, feeding one gateway node started from the same configuration file.
 */
@Timeout(120)
class FeedProcessIT {

    private static final Path JAR = Path.of("target", "sluice.jar");
    private static final int DURATION_S = 8;

    @TempDir
    Path dir;

    @Test
    void shouldFeedANodeFromSluiceFeedProcess() throws Exception {
        assertThat(JAR).as("the packaged jar (Failsafe runs after package)").exists();
        try (NatsServer nats = NatsServer.start()) {
            String yaml = "feed:\n  type: nats\n  nats:\n    url: " + nats.url() + "\n" + FeedCluster.INSTRUMENTS
                + FeedCluster.SERVICES;
            Path config = Files.writeString(dir.resolve("cluster.yaml"), yaml);
            Path output = dir.resolve("feed.log");
            try (GatewayFixture node = GatewayFixture.start(yaml);
                 OkxClient client = OkxClient.subscribe(node, "trades", "books")) {
                Process feed = new ProcessBuilder(javaBinary(), "-jar", JAR.toString(), "feed", "--config",
                    config.toString(), "--duration", Integer.toString(DURATION_S))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                try {
                    Await.until("the node has the publisher's book", Duration.ofSeconds(30),
                        () -> node.gateway().natsFeed().syncedBooks() == 1,
                        () -> "sluice feed output:\n" + log(output));
                    List<String> frames = client.next(60);
                    assertChainedBooksAndTrades(frames);
                    assertThat(feed.waitFor(DURATION_S + 20, TimeUnit.SECONDS)).as("sluice feed stops by itself")
                        .isTrue();
                    assertThat(feed.exitValue()).as("exit status; output:\n%s", log(output)).isZero();
                    assertThat(log(output)).contains("Sluice feed: 1 instrument to " + nats.url())
                        .containsPattern("stopped after [1-9][0-9]* events");
                } finally {
                    feed.destroyForcibly();
                }
            }
        }
    }

    /** Book frames (first one a snapshot or the starting book) chained on seqId, and live trades among them. */
    private static void assertChainedBooksAndTrades(List<String> frames) {
        long last = -1;
        int trades = 0;
        for (String frame : frames) {
            JsonNode data = OkxClient.json(frame).get("data").get(0);
            if (OkxClient.channel(frame).equals("trades")) {
                trades++;
                continue;
            }
            if (last >= 0) {
                assertThat(data.get("prevSeqId").asLong()).as("prevSeqId after seqId %d", last).isEqualTo(last);
            }
            last = data.get("seqId").asLong();
        }
        assertThat(trades).as("trades among %d frames", frames.size()).isPositive();
        assertThat(last).as("book frames").isPositive();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String log(Path output) {
        try {
            return Files.exists(output) ? Files.readString(output) : "(none yet)";
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}

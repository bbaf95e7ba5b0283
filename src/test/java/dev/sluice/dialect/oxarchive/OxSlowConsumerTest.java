package dev.sluice.dialect.oxarchive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import dev.sluice.metric.MicrometerMetrics;
import org.junit.jupiter.api.Test;

/** A client that stops reading live trades gets 0xArchive's {@code slow_consumer} error, then the close. */
class OxSlowConsumerTest {

    private static final String YAML = """
        server:
          maxBacklogBytes: 65536
        feed:
          instruments:
            - exchange: hyperliquid
              symbol: BTC
              base: BTC
              quote: USD
              tickSize: 1
              lotSize: 0.00001
              price: 97000
              depth: 20
              levelSize: 0.5
              tradesPerSecond: 10000
              bookUpdatesPerSecond: 0
        services:
          - name: oxarchive
            dialect: oxarchive
            port: 0
            exchange: hyperliquid
        accounts:
          - service: oxarchive
            token: 0xa_test
            id: test
            plan: unlimited
        """;

    @Test
    void shouldSendSlowConsumerErrorThenCloseWhenTheBacklogOverflows() {
        MicrometerMetrics metrics = new MicrometerMetrics();
        try (GatewayFixture fixture = GatewayFixture.start(YAML, metrics, null);
             OxClient client = OxClient.connect(fixture.port("oxarchive"), "/ws?apiKey=0xa_test")) {
            client.send(OxPreset.subscribe("trades", "BTC"));
            assertThat(client.nextReply().get("type").asText()).isEqualTo("subscribed");
            // The client reads nothing while trades pour in, 100 ms of feed at a time, until it is closed.
            for (int chunk = 0; !metrics.scrape().contains(
                "sluice_slow_consumers_closed_total{service=\"oxarchive\"} 1.0"); chunk++) {
                assertThat(chunk).as("chunks of 100 ms of trades before the slow client is closed").isLessThan(2_000);
                fixture.advanceFeed(100);
                fixture.gateway().tickSessions();
            }
            // Read as fast as possible (no JSON parsing): the server cuts a closing connection that does not drain
            // its close frame within 2 s, and the error and the close frame wait behind the queued trades.
            String text = client.next();
            while (text != null && !text.startsWith("{\"type\":\"error\"")) {
                text = client.next();
            }
            assertThat(text).as("the error after the trades that fitted").isNotNull();
            JsonNode error = OxClient.json(text);
            assertThat(error.get("error_code").asText()).isEqualTo("slow_consumer");
            assertThat(client.awaitClose()).isTrue();
            assertThat(client.closeCode).isEqualTo(1008);
            assertThat(client.closeReason).isEqualTo("slow_consumer");
        }
    }
}

package dev.sluice.dialect.oxarchive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
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
        try (GatewayFixture fixture = GatewayFixture.start(YAML);
             OxClient client = OxClient.connect(fixture.port("oxarchive"), "/ws?apiKey=0xa_test")) {
            client.send(OxPreset.subscribe("trades", "BTC"));
            assertThat(client.nextReply().get("type").asText()).isEqualTo("subscribed");
            fixture.advanceFeed(3_000);
            JsonNode error = client.nextOfType("error");
            assertThat(error).as("the error after the trades that fitted").isNotNull();
            assertThat(error.get("error_code").asText()).isEqualTo("slow_consumer");
            assertThat(client.awaitClose()).isTrue();
            assertThat(client.closeCode).isEqualTo(1008);
            assertThat(client.closeReason).isEqualTo("slow_consumer");
        }
    }
}

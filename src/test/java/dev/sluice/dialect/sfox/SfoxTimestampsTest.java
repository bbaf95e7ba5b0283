package dev.sluice.dialect.sfox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Trade and ticker payload fields in the shapes of sFOX's examples, over a real socket. */
class SfoxTimestampsTest {

    @Test
    void shouldSendTradesWithAnIntegerExchangeIdANanosecondTimestampAndAMillisecondTimeStampWithoutZone() {
        try (GatewayFixture fixture = SfoxPreset.start();
             SfoxClient client = SfoxPreset.authenticated(fixture)) {
            client.send("{\"type\":\"subscribe\",\"feeds\":[\"trades.sfox.btcusd\"]}");
            client.nextReply();
            fixture.advanceFeed(2_000);
            for (int i = 0; i < 5; i++) {
                JsonNode message = client.nextJson();
                JsonNode trade = message.get("payload");
                assertThat(trade.get("exchange").asText()).isEqualTo("sfox");
                assertThat(trade.get("exchange_id").isInt()).as("exchange_id %s", trade.get("exchange_id")).isTrue();
                assertThat(trade.get("exchange_id").asInt()).isZero();
                // sFOX: "timestamp":"2022-04-14T01:57:21.521999872Z","timeStamp":"2022-04-14T01:57:21.521"
                String timestamp = trade.get("timestamp").asText();
                String timeStamp = trade.get("timeStamp").asText();
                assertThat(timestamp).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z");
                assertThat(timeStamp).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}")
                    .isEqualTo(timestamp.substring(0, 23));
                long eventMs = message.get("timestamp").asLong() / 1_000_000L;
                assertThat(Instant.parse(timestamp).toEpochMilli()).isEqualTo(eventMs);
            }
        }
    }

    @Test
    void shouldWriteTheTickersTimestampWithMillisecondsEvenOnAWholeSecond() {
        try (GatewayFixture fixture = SfoxPreset.start();
             SfoxClient client = SfoxPreset.authenticated(fixture)) {
            client.send("{\"type\":\"subscribe\",\"feeds\":[\"ticker.sfox.btcusd\"]}");
            client.nextReply();
            // The snapshot is the feed's first ticker, at the fixture's start: 2024-01-01T00:00:00Z exactly.
            assertThat(client.nextJson().at("/payload/timestamp").asText()).isEqualTo("2024-01-01T00:00:00.000Z");
        }
    }
}

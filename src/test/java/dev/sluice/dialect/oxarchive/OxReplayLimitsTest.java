package dev.sluice.dialect.oxarchive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import org.junit.jupiter.api.Test;

/** The tiers' replay caps over real sockets: speed, depth, one replay per connection, one exchange, coverage. */
class OxReplayLimitsTest {

    private static final long DAY_MS = 86_400_000L;
    private static final String TRADES = "\"channel\":\"trades\"";

    @Test
    void shouldRefuseASecondReplayOnTheConnectionUntilTheFirstEnds() throws Exception {
        try (GatewayFixture fixture = OxPreset.start(); OxClient client = OxPreset.connect(fixture, OxPreset.PRO);
             OxClient other = OxPreset.connect(fixture, OxPreset.PRO)) {
            OxReplayFixture.generate(fixture);
            client.send(replay("\"channels\":[\"trades\",\"funding\"]", OxReplayFixture.H10, OxReplayFixture.H11, 10));
            assertThat(client.nextReply().get("type").asText()).isEqualTo("replay_started");
            client.send(replay("\"channel\":\"orderbook\"", OxReplayFixture.H10, OxReplayFixture.H11, 10));
            JsonNode refused = client.nextOfType("error");
            assertThat(refused.get("error_code").asText()).isEqualTo("rate_limited");
            assertThat(refused.get("message").asText()).isEqualTo("One replay per connection at a time");
            other.send(replay(TRADES, OxReplayFixture.H10, OxReplayFixture.H11, 10));
            assertThat(other.nextReply().get("type").asText()).as("the limit is per connection")
                .isEqualTo("replay_started");
            client.send("{\"op\":\"replay.stop\"}");
            assertThat(client.nextOfType("replay_stopped")).isNotNull();
            client.send(replay(TRADES, OxReplayFixture.H10, OxReplayFixture.H11, 10));
            assertThat(client.nextOfType("replay_started")).as("a new replay after the stop").isNotNull();
        }
    }

    @Test
    void shouldRefuseAMultiChannelReplayMixingExchanges() {
        try (GatewayFixture fixture = OxPreset.start();
             OxClient client = OxPreset.connect(fixture, OxPreset.ENTERPRISE)) {
            for (String mix : new String[] {"\"trades\",\"lighter_trades\"", "\"hip3_trades\",\"trades\"",
                "\"lighter_orderbook\",\"hip3_funding\""}) {
                client.send("{\"op\":\"replay\",\"channels\":[" + mix + "],\"symbol\":\"BTC\",\"start\":"
                    + (GatewayFixture.START_EPOCH_MS - DAY_MS) + ",\"end\":" + GatewayFixture.START_EPOCH_MS + "}");
                JsonNode refused = client.nextReply();
                assertThat(refused.get("type").asText()).as(mix).isEqualTo("error");
                assertThat(refused.get("error_code").asText()).as(mix).isIn("forbidden", "invalid_symbol");
                if ("forbidden".equals(refused.get("error_code").asText())) {
                    assertThat(refused.get("message").asText()).contains("same exchange");
                }
            }
            client.send("{\"op\":\"replay\",\"channels\":[\"trades\",\"lighter_trades\"],\"symbol\":\"BTC\",\"start\":"
                + (GatewayFixture.START_EPOCH_MS - DAY_MS) + ",\"end\":" + GatewayFixture.START_EPOCH_MS + "}");
            assertThat(client.nextReply().get("error_code").asText()).isEqualTo("forbidden");
        }
    }

    @Test
    void shouldRefuseReplaysStartingBeforeEachChannelsCoverage() {
        try (GatewayFixture fixture = OxPreset.start();
             OxClient client = OxPreset.connect(fixture, OxPreset.ENTERPRISE)) {
            // The manual clock is at 2024-01-01: Lighter data starts 2025-08, HIP-3 2026-02, Hyperliquid 2023-04.
            assertCoverage(client, "\"channel\":\"lighter_trades\"", "BTC", GatewayFixture.START_EPOCH_MS - DAY_MS);
            assertCoverage(client, "\"channel\":\"hip3_orderbook\"", "km:US500", GatewayFixture.START_EPOCH_MS
                - DAY_MS);
            assertCoverage(client, TRADES, "BTC", 1_680_220_800_000L);
            assertCoverage(client, "\"channel\":\"funding\"", "BTC", 1_682_812_800_000L);
            client.send(replay("\"channel\":\"funding\"", 1_682_899_200_000L, 1_682_899_260_000L, 1));
            assertThat(client.nextReply().get("type").asText()).as("funding from 2023-05-01")
                .isEqualTo("replay_started");
        }
    }

    @Test
    void shouldRefuseSpeedsAboveEachTiersMaximumAndAllowTheMaximum() {
        try (GatewayFixture fixture = OxPreset.start()) {
            assertSpeedCap(fixture, OxPreset.BUILD, 50);
            assertSpeedCap(fixture, OxPreset.PRO, 100);
            assertSpeedCap(fixture, OxPreset.ENTERPRISE, 1000);
        }
    }

    @Test
    void shouldLimitBuildToThreeHundredSixtyFiveDaysOfHistoryAndNotPro() {
        try (GatewayFixture fixture = OxPreset.start()) {
            fixture.advanceClock(500 * DAY_MS);
            long now = GatewayFixture.START_EPOCH_MS + 500 * DAY_MS;
            try (OxClient build = OxPreset.connect(fixture, OxPreset.BUILD);
                 OxClient pro = OxPreset.connect(fixture, OxPreset.PRO)) {
                build.send(replay(TRADES, now - 366 * DAY_MS, now - 365 * DAY_MS, 1));
                JsonNode refused = build.nextReply();
                assertThat(refused.get("error_code").asText()).isEqualTo("historical_depth_exceeded");
                build.send(replay(TRADES, now - 365 * DAY_MS, now - 364 * DAY_MS, 1));
                assertThat(build.nextReply().get("type").asText()).isEqualTo("replay_started");
                pro.send(replay(TRADES, now - 366 * DAY_MS, now - 365 * DAY_MS, 1));
                assertThat(pro.nextReply().get("type").asText()).as("Pro: unlimited depth")
                    .isEqualTo("replay_started");
            }
        }
    }

    private static void assertSpeedCap(GatewayFixture fixture, String key, int max) {
        try (OxClient client = OxPreset.connect(fixture, key)) {
            client.send(replay(TRADES, OxReplayFixture.H10, OxReplayFixture.H11, max + 1));
            JsonNode refused = client.nextReply();
            assertThat(refused.get("error_code").asText()).as("%s at %dx", key, max + 1).isEqualTo("forbidden");
            assertThat(refused.get("message").asText()).isEqualTo("Replay speed exceeds your tier's maximum");
            client.send(replay(TRADES, OxReplayFixture.H10, OxReplayFixture.H11, max));
            JsonNode started = client.nextReply();
            assertThat(started.get("type").asText()).as("%s at %dx", key, max).isEqualTo("replay_started");
            assertThat(started.get("speed").asLong()).isEqualTo(max);
        }
    }

    private static void assertCoverage(OxClient client, String channels, String symbol, long start) {
        client.send(OxReplayFixture.replay(channels, symbol, start, start + 60_000, 1));
        JsonNode refused = client.nextReply();
        assertThat(refused.get("error_code").asText()).as(channels).isEqualTo("range_before_coverage");
    }

    private static String replay(String channels, long start, long end, double speed) {
        return OxReplayFixture.replay(channels, "BTC", start, end, speed);
    }
}

package dev.sluice.dialect.oxarchive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import dev.sluice.history.HistoryRecord;
import dev.sluice.limit.redis.RedisProcess;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, item 5: a credit quota is exact. A replay of far more records than the quota delivers exactly the
 * quota's worth of messages, then {@code insufficient_credits}; {@code GET /v1/usage} never shows more than the
 * quota. Once with the memory state, once with Redis (where credits are reserved off the event loop and the replay
 * waits whenever its next batch is on its way).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OxReplayCreditsTest {

    static final long QUOTA = 200;
    static final String CHANNELS = "\"channels\":[\"trades\",\"orderbook\"]";
    static final long START = OxReplayFixture.H10;
    static final long END = OxReplayFixture.H11;

    @Test
    void shouldDeliverAtMostTwoHundredMessagesOfAReplayOfSixHundredRecordsWithAQuotaOfTwoHundred() throws Exception {
        try (GatewayFixture fixture = OxPreset.start(quota(OxPreset.yaml()))) {
            assertExactQuota(fixture);
        }
    }

    @Test
    void shouldDeliverAtMostTwoHundredMessagesWhenCreditsAreReservedFromRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             GatewayFixture fixture = OxPreset.start(quota(OxPreset.yaml()).replace("\nplans:\n",
                 "\nstate:\n  type: redis\n  uri: redis://127.0.0.1:" + redis.port() + "\nplans:\n"))) {
            assertExactQuota(fixture);
        }
    }

    /** Enterprise (1000x, so an hour replays in 3.6 s) with a monthly quota of 200 credits. */
    private static String quota(String yaml) {
        assertThat(yaml).as("Enterprise's quota line").contains("max: 2000000000");
        return yaml.replace("max: 2000000000", "max: " + QUOTA);
    }

    private static void assertExactQuota(GatewayFixture fixture) throws Exception {
        OxReplayFixture.generate(fixture);
        List<HistoryRecord> records = OxReplayFixture.records(fixture, List.of("trades", "orderbook"), "BTC", START,
            END);
        assertThat(records.size()).as("records in the replayed hour").isGreaterThanOrEqualTo(600);
        try (OxClient client = OxPreset.connect(fixture, OxPreset.ENTERPRISE)) {
            client.send(OxReplayFixture.replay(CHANNELS, "BTC", START, END, 1000));
            assertThat(client.nextReply().get("type").asText()).isEqualTo("replay_started");
            fixture.advanceClock(5_000);
            fixture.gateway().tickSessions();
            long charged = 1;
            long data = 0;
            JsonNode message = client.next(m -> true);
            while (message != null && !"error".equals(message.path("type").asText())) {
                charged++;
                data += "historical_data".equals(message.path("type").asText()) ? 1 : 0;
                message = client.next(m -> true);
            }

            assertThat(message).as("the message after %d charged ones", charged).isNotNull();
            assertThat(message.get("error_code").asText()).isEqualTo("insufficient_credits");
            assertThat(data).as("historical_data messages of %d records, quota %d", records.size(), QUOTA)
                .isLessThanOrEqualTo(QUOTA);
            assertThat(charged).as("replay messages sent (started, snapshots, data), quota %d", QUOTA)
                .isEqualTo(QUOTA);
            assertThat(client.awaitClose()).isTrue();
            assertThat(client.closeCode).isEqualTo(1008);
        }
        JsonNode usage = OxCreditsTest.usage(fixture, OxPreset.ENTERPRISE);
        assertThat(usage.get("credits_used").asLong()).as("credits_used after the replay, quota %d", QUOTA)
            .isEqualTo(QUOTA);
        assertThat(usage.get("credits_remaining").asLong()).isZero();
    }
}

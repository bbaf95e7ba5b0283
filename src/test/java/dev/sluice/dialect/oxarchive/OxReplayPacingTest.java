package dev.sluice.dialect.oxarchive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import dev.sluice.history.HistoryRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replays of generated history over a real socket, paced by the manual clock: 50x turns one simulated hour into
 * 72 simulated seconds, in timestamp order across channels, with gaps only where the data has them; pause, seek
 * and resume move the replay clock as asked.
 */
class OxReplayPacingTest {

    private static final String TWO_CHANNELS = "\"channels\":[\"trades\",\"orderbook\"]";

    @Test
    void shouldDeliverOneSimulatedHourInSeventyTwoSecondsAtFiftyTimesInTimestampOrder() throws Exception {
        try (GatewayFixture fixture = OxPreset.start(); OxClient client = OxPreset.connect(fixture, OxPreset.BUILD)) {
            OxReplayFixture.generate(fixture);
            long start = OxReplayFixture.H11;
            long end = OxReplayFixture.H12;
            List<HistoryRecord> expected = OxReplayFixture.records(fixture, List.of("trades", "orderbook"), "BTC",
                start, end);
            client.send(OxReplayFixture.replay(TWO_CHANNELS, "BTC", start, end, 50));
            JsonNode started = client.nextReply();
            assertThat(started.get("type").asText()).isEqualTo("replay_started");
            assertThat(started.get("speed").asLong()).isEqualTo(50);
            assertThat(started.get("channels").toString()).isEqualTo("[\"trades\",\"orderbook\"]");
            assertThat(client.nextReply().get("type").asText()).isEqualTo("replay_snapshot");
            assertThat(client.nextReply().get("type").asText()).isEqualTo("replay_snapshot");
            List<JsonNode> received = new ArrayList<>();
            long lastArrivalMs = -1;
            for (int second = 0; second <= 80 && received.size() < expected.size(); second++) {
                if (second > 0) {
                    fixture.advanceClock(1_000);
                    fixture.gateway().tickSessions();
                }
                long reached = start + second * 50_000L;
                long due = expected.stream().filter(r -> r.timestampMs() <= reached).count();
                while (received.size() < due) {
                    JsonNode message = client.next(m -> true);
                    assertThat(message).as("record %d of %d due by %d s", received.size() + 1, due, second)
                        .isNotNull();
                    assertThat(message.get("type").asText()).as("no gaps in a whole hour").isEqualTo(
                        "historical_data");
                    received.add(message);
                    lastArrivalMs = second * 1_000L;
                }
                client.send("{\"op\":\"ping\"}");
                assertThat(client.next(m -> true).get("type").asText()).as("nothing early at %d s", second)
                    .isIn("pong", "replay_completed");
            }
            assertThat(lastArrivalMs).as("the hour's last record arrives after 72 s (1%%)").isBetween(71_280L,
                72_720L);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(received.get(i).get("timestamp").asLong()).isEqualTo(expected.get(i).timestampMs());
                assertThat(received.get(i).get("channel").asText()).isEqualTo(expected.get(i).channel());
            }
            assertThat(received).extracting(m -> m.get("channel").asText()).contains("trades", "orderbook");
        }
    }

    @Test
    void shouldReportTheOutageAsAGapAndCompleteWithTheCount() throws Exception {
        try (GatewayFixture fixture = OxPreset.start();
             OxClient client = OxPreset.connect(fixture, OxPreset.ENTERPRISE)) {
            OxReplayFixture.generate(fixture);
            long start = OxReplayFixture.H12 - 600_000;
            long end = OxReplayFixture.H12 + 1_800_000;
            client.send(OxReplayFixture.replay(TWO_CHANNELS, "ETH", start, end, 1000));
            client.nextOfType("replay_snapshot");
            client.nextOfType("replay_snapshot");
            fixture.advanceClock(3_000);
            fixture.gateway().tickSessions();
            List<JsonNode> gaps = new ArrayList<>();
            JsonNode completed = null;
            long data = 0;
            for (JsonNode m = client.next(x -> true); m != null; m = client.next(x -> true)) {
                String type = m.get("type").asText();
                if ("gap_detected".equals(type)) {
                    gaps.add(m);
                } else if ("historical_data".equals(type)) {
                    data++;
                } else if ("replay_completed".equals(type)) {
                    completed = m;
                    break;
                }
            }
            assertThat(gaps).as("the 15-minute outage is a gap for books (2 min threshold), not trades (60 min)")
                .hasSize(1);
            JsonNode gap = gaps.get(0);
            assertThat(gap.get("channel").asText()).isEqualTo("orderbook");
            assertThat(gap.get("gap_start").asLong()).isLessThan(OxReplayFixture.H12);
            assertThat(gap.get("gap_end").asLong()).isGreaterThanOrEqualTo(OxReplayFixture.H12 + 900_000);
            assertThat(gap.get("duration_minutes").asLong()).isBetween(15L, 16L);
            assertThat(completed).isNotNull();
            assertThat(completed.get("snapshots_sent").asLong()).isEqualTo(data);
        }
    }

    @Test
    void shouldPauseHoldSeekAndResumeOnTheReplayClock() throws Exception {
        try (GatewayFixture fixture = OxPreset.start(); OxClient client = OxPreset.connect(fixture, OxPreset.BUILD)) {
            OxReplayFixture.generate(fixture);
            long start = OxReplayFixture.H10 + 600_000;
            client.send(OxReplayFixture.replay("\"channel\":\"trades\"", "BTC", start, OxReplayFixture.H11, 50));
            client.nextOfType("replay_snapshot");
            fixture.advanceClock(10_000);
            fixture.gateway().tickSessions();
            client.send("{\"op\":\"replay.pause\"}");
            JsonNode paused = client.nextOfType("replay_paused");
            assertThat(paused.get("current_timestamp").asLong()).isEqualTo(start + 500_000);
            fixture.advanceClock(30_000);
            fixture.gateway().tickSessions();
            client.send("{\"op\":\"ping\"}");
            assertThat(client.next(m -> true).get("type").asText()).as("nothing while paused").isEqualTo("pong");
            long target = start + 1_800_000;
            client.send("{\"op\":\"replay.seek\",\"timestamp\":" + target + "}");
            JsonNode snapshot = client.nextReply();
            assertThat(snapshot.get("type").asText()).isEqualTo("replay_snapshot");
            assertThat(snapshot.get("timestamp").asLong()).isLessThan(target);
            client.send("{\"op\":\"replay.resume\"}");
            JsonNode resumed = client.nextReply();
            assertThat(resumed.get("type").asText()).isEqualTo("replay_resumed");
            assertThat(resumed.get("current_timestamp").asLong()).isEqualTo(target);
            fixture.advanceClock(1_000);
            fixture.gateway().tickSessions();
            JsonNode next = client.nextOfType("historical_data");
            assertThat(next.get("timestamp").asLong()).isBetween(target, target + 50_000);
            client.send("{\"op\":\"replay.stop\"}");
            assertThat(client.nextOfType("replay_stopped")).isNotNull();
        }
    }
}

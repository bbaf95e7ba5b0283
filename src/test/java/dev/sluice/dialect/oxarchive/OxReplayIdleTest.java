package dev.sluice.dialect.oxarchive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import dev.sluice.history.HistoryRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A running replay counts as a subscription for 0xArchive's idle timeouts, and the data it sends keeps the
 * connection alive: a client that sends nothing sees its replay through, however long; once the replay ends or is
 * stopped, the 5-minute rule without subscriptions applies again. Real socket, manual clock.
 */
class OxReplayIdleTest {

    private static final String TRADES = "\"channels\":[\"trades\"]";
    private static final long SIX_MINUTES_MS = 360_000;

    @Test
    void shouldCompleteASixMinuteReplayAtOneTimesForAClientThatSendsNothing() throws Exception {
        try (GatewayFixture fixture = OxPreset.start(); OxClient client = OxPreset.connect(fixture, OxPreset.BUILD)) {
            OxReplayFixture.generate(fixture);
            long start = OxReplayFixture.H10;
            List<HistoryRecord> expected = OxReplayFixture.records(fixture, List.of("trades"), "BTC", start,
                start + SIX_MINUTES_MS);
            client.send(OxReplayFixture.replay(TRADES, "BTC", start, start + SIX_MINUTES_MS, 1));
            assertThat(client.nextReply().get("type").asText()).isEqualTo("replay_started");

            replayUntilCompleted(fixture, client, start, expected);
        }
    }

    @Test
    void shouldCloseASilentClientsPausedReplayAfterSixtySecondsAsWithSubscriptions() throws Exception {
        try (GatewayFixture fixture = OxPreset.start(); OxClient client = OxPreset.connect(fixture, OxPreset.BUILD)) {
            OxReplayFixture.generate(fixture);
            long start = OxReplayFixture.H10;
            client.send(OxReplayFixture.replay(TRADES, "BTC", start, OxReplayFixture.H11, 1));
            assertThat(client.nextReply().get("type").asText()).isEqualTo("replay_started");
            replaySeconds(fixture, client, start,
                OxReplayFixture.records(fixture, List.of("trades"), "BTC", start, start + 10_000), 10);
            client.send("{\"op\":\"replay.pause\"}");
            assertThat(client.nextOfType("replay_paused")).isNotNull();

            fixture.advanceClock(60_000);
            fixture.gateway().tickSessions();

            assertThat(client.awaitClose()).as("a paused replay sends nothing: closed after 60 s, not 5 minutes")
                .isTrue();
            assertThat(client.closeCode).isEqualTo(1000);
            assertThat(client.closeReason).isEqualTo("idle timeout");
        }
    }

    @Test
    void shouldApplyTheFiveMinuteIdleRuleAgainOnceTheReplayHasCompleted() throws Exception {
        try (GatewayFixture fixture = OxPreset.start(); OxClient client = OxPreset.connect(fixture, OxPreset.BUILD)) {
            OxReplayFixture.generate(fixture);
            long start = OxReplayFixture.H10;
            List<HistoryRecord> expected = OxReplayFixture.records(fixture, List.of("trades"), "BTC", start,
                start + 120_000);
            client.send(OxReplayFixture.replay(TRADES, "BTC", start, start + 120_000, 1));
            assertThat(client.nextReply().get("type").asText()).isEqualTo("replay_started");
            replayUntilCompleted(fixture, client, start, expected);

            assertFiveMinuteRuleApplies(fixture, client);
        }
    }

    @Test
    void shouldApplyTheFiveMinuteIdleRuleAgainOnceTheReplayIsStopped() throws Exception {
        try (GatewayFixture fixture = OxPreset.start(); OxClient client = OxPreset.connect(fixture, OxPreset.BUILD)) {
            OxReplayFixture.generate(fixture);
            long start = OxReplayFixture.H10;
            client.send(OxReplayFixture.replay(TRADES, "BTC", start, OxReplayFixture.H11, 1));
            assertThat(client.nextReply().get("type").asText()).isEqualTo("replay_started");
            List<HistoryRecord> expected = OxReplayFixture.records(fixture, List.of("trades"), "BTC", start,
                start + 90_000);
            replaySeconds(fixture, client, start, expected, 90);

            client.send("{\"op\":\"replay.stop\"}");
            assertThat(client.nextOfType("replay_stopped")).isNotNull();

            assertFiveMinuteRuleApplies(fixture, client);
        }
    }

    /** Moves the clock a second at a time, reading each record when due, until {@code replay_completed}. */
    private static void replayUntilCompleted(GatewayFixture fixture, OxClient client, long start,
                                             List<HistoryRecord> expected) {
        long end = expected.get(expected.size() - 1).timestampMs();
        replaySeconds(fixture, client, start, expected, (int) ((end - start) / 1_000 + 1));
        fixture.advanceClock(1_000);
        fixture.gateway().tickSessions();
        assertThat(client.nextOfType("replay_completed")).as("replay_completed (close %d %s)", client.closeCode,
            client.closeReason).isNotNull();
    }

    /**
     * Moves the clock {@code seconds} times by a second, reading each record of {@code expected} once it is due:
     * the client sends nothing meanwhile.
     */
    private static void replaySeconds(GatewayFixture fixture, OxClient client, long start,
                                      List<HistoryRecord> expected, int seconds) {
        int received = 0;
        for (int second = 1; second <= seconds; second++) {
            fixture.advanceClock(1_000);
            fixture.gateway().tickSessions();
            long reached = start + second * 1_000L;
            long due = expected.stream().filter(r -> r.timestampMs() <= reached).count();
            while (received < due) {
                JsonNode message = client.nextOfType("historical_data");
                assertThat(message).as("record %d of %d due at %d s of a silent client's replay (close %d %s)",
                    received + 1, expected.size(), second, client.closeCode, client.closeReason).isNotNull();
                received++;
            }
        }
    }

    /**
     * Open 290 s after the replay's end (not closed by the 60 s rule with subscriptions), closed 5 minutes after the
     * client's ping.
     */
    private static void assertFiveMinuteRuleApplies(GatewayFixture fixture, OxClient client) {
        fixture.advanceClock(290_000);
        fixture.gateway().tickSessions();
        client.send("{\"op\":\"ping\"}");
        assertThat(client.nextOfType("pong")).as("open 290 s after the replay, no subscriptions (close %d %s)",
            client.closeCode, client.closeReason).isNotNull();
        fixture.advanceClock(299_999);
        fixture.gateway().tickSessions();
        client.send("{\"op\":\"ping\"}");
        assertThat(client.nextOfType("pong")).as("open 299.999 s after the ping").isNotNull();
        fixture.advanceClock(300_000);
        fixture.gateway().tickSessions();
        assertThat(client.awaitClose()).as("closed 5 minutes after the last ping").isTrue();
        assertThat(client.closeCode).isEqualTo(1000);
        assertThat(client.closeReason).isEqualTo("idle timeout");
    }
}

package dev.sluice.dialect.oxarchive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import dev.sluice.history.HistoryRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code replay_snapshot} (the last record before {@code start}) within the plan's caps over real sockets, on the
 * manual clock: never older than Build's 365 days of depth, never before the channel's coverage, at the start and
 * at a {@code replay.seek} before it. Each replay has a record at its start (sent at once, as the replay clock
 * starts there) and one later (so it keeps running): a snapshot, when there is one, comes between
 * {@code replay_started} and the first {@code historical_data}.
 */
class OxReplaySnapshotTest {

    private static final long DAY_MS = 86_400_000L;
    private static final long MINUTE_MS = 60_000L;
    private static final String TRADES = "\"channel\":\"trades\"";
    private static final String LIGHTER_TRADES = "\"channel\":\"lighter_trades\"";

    @Test
    void shouldNeverSendBuildASnapshotOlderThan365Days() throws Exception {
        try (GatewayFixture fixture = OxPreset.start()) {
            fixture.advanceClock(500 * DAY_MS);
            long now = fixture.nowMillis();
            long start = now - 364 * DAY_MS;
            append(fixture, "hyperliquid", "trades", "BTC", now - 433 * DAY_MS, start, start + 30 * MINUTE_MS);
            append(fixture, "hyperliquid", "trades", "ETH", now - 365 * DAY_MS - 1, now - 365 * DAY_MS, start,
                start + 30 * MINUTE_MS);
            try (OxClient build = OxPreset.connect(fixture, OxPreset.BUILD);
                 OxClient pro = OxPreset.connect(fixture, OxPreset.PRO)) {
                build.send(replay(TRADES, "BTC", start));
                assertThat(build.nextReply().get("type").asText()).isEqualTo("replay_started");
                assertFirstIsDataAt(build, start, "Build, 364 days back, only a 433-day-old record before it");

                build.send("{\"op\":\"replay.seek\",\"timestamp\":" + (start - 100 * DAY_MS) + "}");
                assertFirstIsDataAt(build, start, "Build, a seek 100 days before the start");
                build.send("{\"op\":\"replay.stop\"}");
                assertThat(build.nextOfType("replay_stopped")).isNotNull();

                build.send(replay(TRADES, "ETH", start));
                assertThat(build.nextReply().get("type").asText()).isEqualTo("replay_started");
                assertSnapshotAt(build, now - 365 * DAY_MS, "Build, a record exactly 365 days old");

                pro.send(replay(TRADES, "BTC", start));
                assertThat(pro.nextReply().get("type").asText()).isEqualTo("replay_started");
                assertSnapshotAt(pro, now - 433 * DAY_MS, "Pro (unlimited depth), the 433-day-old record");
            }
        }
    }

    @Test
    void shouldSendNoSnapshotFromBeforeTheChannelsCoverage() throws Exception {
        try (GatewayFixture fixture = OxPreset.start()) {
            long coverage = Instant.parse("2025-08-01T00:00:00Z").toEpochMilli();
            fixture.advanceClock(coverage + 31 * DAY_MS - fixture.nowMillis());
            append(fixture, "lighter", "lighter_trades", "BTC", coverage - 60 * MINUTE_MS, coverage,
                coverage + 30 * MINUTE_MS);
            try (OxClient client = OxPreset.connect(fixture, OxPreset.ENTERPRISE)) {
                client.send(replay(LIGHTER_TRADES, "BTC", coverage));
                assertThat(client.nextReply().get("type").asText()).isEqualTo("replay_started");
                assertFirstIsDataAt(client, coverage, "Lighter from 2025-08-01, a July record before it");

                client.send("{\"op\":\"replay.seek\",\"timestamp\":" + (coverage - DAY_MS) + "}");
                assertFirstIsDataAt(client, coverage, "Lighter, a seek into July");
                client.send("{\"op\":\"replay.stop\"}");
                assertThat(client.nextOfType("replay_stopped")).isNotNull();

                client.send(replay(LIGHTER_TRADES, "BTC", coverage + 15 * MINUTE_MS));
                assertThat(client.nextReply().get("type").asText()).isEqualTo("replay_started");
                assertSnapshotAt(client, coverage, "Lighter from 00:15, the record at the coverage date");
            }
        }
    }

    private static void append(GatewayFixture fixture, String exchange, String channel, String symbol,
                               long... timestamps) throws Exception {
        List<HistoryRecord> records = new ArrayList<>();
        for (long timestamp : timestamps) {
            records.add(HistoryRecord.of(exchange, channel, symbol, timestamp, "[{\"coin\":\"" + symbol
                + "\",\"time\":" + timestamp + "}]"));
        }
        fixture.gateway().history().append(records);
    }

    private static String replay(String channel, String symbol, long start) {
        return OxReplayFixture.replay(channel, symbol, start, start + 60 * MINUTE_MS, 1);
    }

    /** The next replay message is the record at {@code startMs}: no snapshot was sent before it. */
    private static void assertFirstIsDataAt(OxClient client, long startMs, String what) {
        JsonNode first = client.next(m -> true);
        assertThat(first).as(what).isNotNull();
        assertThat(first.get("type").asText()).as("%s: no replay_snapshot, got %s", what, first)
            .isEqualTo("historical_data");
        assertThat(first.get("timestamp").asLong()).as(what).isEqualTo(startMs);
    }

    private static void assertSnapshotAt(OxClient client, long timestampMs, String what) {
        JsonNode snapshot = client.next(m -> true);
        assertThat(snapshot).as(what).isNotNull();
        assertThat(snapshot.get("type").asText()).as(what).isEqualTo("replay_snapshot");
        assertThat(snapshot.get("timestamp").asLong()).as(what).isEqualTo(timestampMs);
        client.send("{\"op\":\"replay.stop\"}");
        assertThat(client.nextOfType("replay_stopped")).isNotNull();
    }
}

package dev.sluice.dialect.oxarchive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import dev.sluice.history.HistoryRecord;
import dev.sluice.history.HistoryStore;
import dev.sluice.history.Recorder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Live data is recorded as it is served, and a replay of it sends back exactly what was recorded. */
class OxRecordingTest {

    @Test
    void shouldRecordLiveDataAndReplayItBack() throws Exception {
        try (GatewayFixture fixture = OxPreset.start()) {
            for (int i = 0; i < 12; i++) {
                fixture.advanceFeed(10_000);
            }
            Recorder recorder = fixture.gateway().recorders().get(0);
            recorder.close();
            assertThat(recorder.dropped()).isZero();
            HistoryStore store = fixture.gateway().history();
            long start = GatewayFixture.START_EPOCH_MS;
            long end = start + 120_000;
            List<HistoryRecord> lighter = store.scan("lighter", List.of("lighter_trades"), "ETH", start - 1,
                Long.MAX_VALUE, end, 10_000);
            List<HistoryRecord> trades = store.scan("hyperliquid", List.of("trades"), "ETH", start - 1,
                Long.MAX_VALUE, end, 10_000);
            List<HistoryRecord> books = store.scan("hyperliquid", List.of("orderbook"), "SOL", start - 1,
                Long.MAX_VALUE, end, 10_000);
            List<HistoryRecord> funding = store.scan("hip3", List.of("hip3_funding"), "km:US500", start - 1,
                Long.MAX_VALUE, end, 10_000);
            assertThat(lighter.size()).as("Lighter ETH at 4 trades/s for 2 minutes").isBetween(300, 700);
            assertThat(trades.size()).as("Hyperliquid ETH at 6 trades/s for 2 minutes").isBetween(500, 950);
            assertThat(books.size()).as("one SOL book each 10 s").isBetween(11, 13);
            assertThat(funding.size()).as("one funding context a minute").isBetween(2, 3);
            try (OxClient client = OxPreset.connect(fixture, OxPreset.ENTERPRISE)) {
                client.send("{\"op\":\"replay\",\"channel\":\"trades\",\"symbol\":\"ETH\",\"start\":" + start
                    + ",\"end\":" + end + ",\"speed\":1000}");
                assertThat(client.nextReply().get("type").asText()).isEqualTo("replay_started");
                fixture.advanceClock(1_000);
                fixture.gateway().tickSessions();
                for (HistoryRecord trade : trades) {
                    JsonNode data = client.nextOfType("historical_data");
                    assertThat(data.get("timestamp").asLong()).isEqualTo(trade.timestampMs());
                    assertThat(data.get("data").toString()).isEqualTo(trade.data());
                }
                assertThat(client.nextOfType("replay_completed").get("snapshots_sent").asLong())
                    .isEqualTo(trades.size());
            }
        }
    }
}

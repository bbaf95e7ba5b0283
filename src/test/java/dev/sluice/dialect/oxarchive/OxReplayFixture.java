package dev.sluice.dialect.oxarchive;

import dev.sluice.GatewayFixture;
import dev.sluice.bus.SyntheticSpec;
import dev.sluice.config.ConfigLoader;
import dev.sluice.history.HistoryRecord;
import dev.sluice.history.HistoryStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated Hyperliquid history in a preset gateway's store: the three hours before 13:00 UTC on the day before
 * the manual clock's start, so the daily outage (12:00 to 12:15) lies inside and 10:00 to 12:00 is whole.
 */
final class OxReplayFixture {

    static final long DAY = GatewayFixture.START_EPOCH_MS - OxHistoryGenerator.DAY_MS;
    static final long H10 = DAY + 10 * 3_600_000L;
    static final long H11 = DAY + 11 * 3_600_000L;
    static final long H12 = DAY + 12 * 3_600_000L;
    static final long H13 = DAY + 13 * 3_600_000L;

    private OxReplayFixture() {
    }

    static void generate(GatewayFixture fixture) {
        try {
            List<SyntheticSpec> specs = ConfigLoader.parse("preset", OxPreset.yaml()).feed().instruments().stream()
                .filter(s -> s.instrument().exchange().equals("hyperliquid")).toList();
            OxHistoryGenerator.generate(fixture.gateway().history(), specs, 7, H10, H13, at -> { });
        } catch (Exception e) {
            throw new IllegalStateException("could not generate history", e);
        }
    }

    /** Every record of the channels in {@code [from, to]}, in replay order. */
    static List<HistoryRecord> records(GatewayFixture fixture, List<String> channels, String symbol, long from,
                                       long to) throws Exception {
        HistoryStore store = fixture.gateway().history();
        List<HistoryRecord> all = new ArrayList<>();
        long afterTs = from - 1;
        long afterSeq = Long.MAX_VALUE;
        for (List<HistoryRecord> page = store.scan("hyperliquid", channels, symbol, afterTs, afterSeq, to, 10_000);
             !page.isEmpty(); page = store.scan("hyperliquid", channels, symbol, afterTs, afterSeq, to, 10_000)) {
            all.addAll(page);
            afterTs = page.get(page.size() - 1).timestampMs();
            afterSeq = page.get(page.size() - 1).seq();
        }
        return all;
    }

    static String replay(String channels, String symbol, long start, long end, double speed) {
        return "{\"op\":\"replay\"," + channels + ",\"symbol\":\"" + symbol + "\",\"start\":" + start + ",\"end\":"
            + end + ",\"speed\":" + (speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed))
            + "}";
    }
}

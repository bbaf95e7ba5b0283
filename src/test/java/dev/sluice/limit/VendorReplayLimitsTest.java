package dev.sluice.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.time.ManualClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 0xArchive replay caps and the monthly credit quota of docs/limits.md, each built from its section's YAML
 * verbatim (tiers by substituting the one value line), on a manual clock. The table rows name these tests, and
 * {@link VendorLimitsTest} checks that they exist.
 */
class VendorReplayLimitsTest {

    private static final LimitsDoc DOC = LimitsDoc.read(Path.of("docs/limits.md"));
    private static final long NOW = Instant.parse("2026-11-22T12:00:00Z").toEpochMilli();
    private static final long DAY = 86_400_000L;

    private final ManualClock clock = new ManualClock(NOW);
    private final Principal key = Plans.principal("0xa_key", "key", "10.0.0.1");

    @Test
    void shouldRefuseOxArchiveReplayFasterThanEachTiersMaximumSpeed() {
        int[] speeds = {50, 100, 1000};
        for (int speed : speeds) {
            ConnectionLimits conn = connection(engine("0xarchive-replay-speed", "max: 50", "max: " + speed));

            assertThat(conn.onReplay(replay(List.of("hyperliquid/trades"), NOW - DAY, NOW, speed)).allowed())
                .as("replay at %dx on a %dx tier", speed, speed).isTrue();
            Decision faster = conn.onReplay(replay(List.of("hyperliquid/trades"), NOW - DAY, NOW, speed + 0.5));
            assertThat(faster.refused()).as("replay at %sx on a %dx tier", speed + 0.5, speed).isTrue();
            assertThat(faster.limit().action().errorCode()).isEqualTo("forbidden");
            assertThat(faster.usage()).isEqualTo(speed + 1L);
        }
    }

    @Test
    void shouldRefuseOxArchiveBuildReplayStartingMoreThan365DaysAgo() {
        ConnectionLimits conn = connection(engine("0xarchive-historical-depth"));

        assertThat(conn.onReplay(replay(List.of("hyperliquid/orderbook"), NOW - 365 * DAY, NOW, 1)).allowed())
            .as("start exactly 365 days ago").isTrue();
        Decision deeper = conn.onReplay(replay(List.of("hyperliquid/orderbook"), NOW - 365 * DAY - 1, NOW, 1));
        assertThat(deeper.refused()).as("start 365 days and 1 ms ago").isTrue();
        assertThat(deeper.limit().action().errorCode()).isEqualTo("historical_depth_exceeded");
        assertThat(deeper.usage()).as("days back, rounded up").isEqualTo(366);
    }

    @Test
    void shouldRefuseOxArchiveFreeRequestSpanningMoreThanThirtyDays() {
        ConnectionLimits conn = connection(engine("0xarchive-max-range"));
        long start = NOW - 100 * DAY;

        assertThat(conn.onReplay(replay(List.of("hyperliquid/trades"), start, start + 30 * DAY, 1)).allowed())
            .as("a 30-day range").isTrue();
        Decision wider = conn.onReplay(replay(List.of("hyperliquid/trades"), start, start + 30 * DAY + 1, 1));
        assertThat(wider.refused()).as("30 days and 1 ms").isTrue();
        assertThat(wider.limit().action().errorCode()).isEqualTo("historical_range_exceeded");
        assertThat(wider.limitValue()).isEqualTo(30);
    }

    @Test
    void shouldRefuseOxArchiveMultiChannelReplayMixingExchanges() {
        ConnectionLimits conn = connection(engine("0xarchive-same-exchange"));

        assertThat(conn.onReplay(replay(List.of("hyperliquid/trades", "hyperliquid/orderbook"), NOW - DAY, NOW, 1))
            .allowed()).as("two Hyperliquid channels").isTrue();
        for (List<String> mixed : List.of(List.of("hyperliquid/trades", "lighter/trades"),
            List.of("hip3/trades", "hip4/trades"), List.of("hyperliquid/trades", "hip3/trades"))) {
            Decision decision = conn.onReplay(replay(mixed, NOW - DAY, NOW, 1));
            assertThat(decision.refused()).as("replay of %s", mixed).isTrue();
            assertThat(decision.limit().action().message())
                .isEqualTo("All channels in a multi-channel replay must be from the same exchange");
        }
    }

    @Test
    void shouldRefuseOxArchiveReplayStartingBeforeTheChannelsCoverage() {
        ConnectionLimits conn = connection(engine("0xarchive-data-availability"));
        String[][] coverage = {
            {"hyperliquid/orderbook", "2023-04-01"}, {"hyperliquid/funding", "2023-05-01"},
            {"hyperliquid/open_interest", "2023-05-01"}, {"hyperliquid/candles", "2025-03-01"},
            {"hyperliquid/liquidations", "2025-12-01"}, {"hyperliquid/l4_orderbook", "2026-03-01"},
            {"lighter/trades", "2025-08-01"}, {"lighter/orderbook", "2026-01-01"},
            {"lighter/l3_orderbook", "2026-03-01"}, {"hip3/trades", "2026-02-01"},
            {"hip3/l4_orderbook", "2026-03-01"}, {"hip4/trades", "2026-05-01"},
        };
        for (String[] channel : coverage) {
            long from = Instant.parse(channel[1] + "T00:00:00Z").toEpochMilli();

            assertThat(conn.onReplay(replay(List.of(channel[0]), from, from + DAY, 1)).allowed())
                .as("%s from %s", channel[0], channel[1]).isTrue();
            Decision early = conn.onReplay(replay(List.of(channel[0]), from - 1, from + DAY, 1));
            assertThat(early.refused()).as("%s 1 ms before %s", channel[0], channel[1]).isTrue();
            assertThat(early.limit().action().errorCode()).isEqualTo("range_before_coverage");
        }
    }

    @Test
    void shouldBoundOxArchiveBuildSnapshotsBy365DaysAndEachChannelsCoverage() {
        ConnectionLimits conn = connection(Plans.engine(clock, indented(DOC.yaml("0xarchive-historical-depth"))
            + indented(DOC.yaml("0xarchive-data-availability"))));
        long lighterFrom = Instant.parse("2025-08-01T00:00:00Z").toEpochMilli();
        long lighterBookFrom = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

        assertThat(conn.earliestReplayableMs("hyperliquid/orderbook")).as("365 days, later than April 2023")
            .isEqualTo(NOW - 365 * DAY);
        assertThat(conn.earliestReplayableMs("lighter/trades")).as("365 days, later than August 2025")
            .isEqualTo(NOW - 365 * DAY);
        assertThat(conn.earliestReplayableMs("lighter/orderbook")).as("January 2026, later than 365 days")
            .isEqualTo(lighterBookFrom);
        assertThat(conn.onReplay(replay(List.of("hyperliquid/orderbook"), NOW - 365 * DAY, NOW, 1)).allowed())
            .as("the bound is the start the depth cap allows").isTrue();
        clock.advanceMillis(DAY);
        assertThat(conn.earliestReplayableMs("hyperliquid/orderbook")).as("the depth moves with the clock")
            .isEqualTo(NOW + DAY - 365 * DAY);

        ConnectionLimits unlimitedDepth = connection(engine("0xarchive-data-availability"));
        assertThat(unlimitedDepth.earliestReplayableMs("lighter/trades")).as("coverage alone (Pro, Enterprise)")
            .isEqualTo(lighterFrom);
        assertThat(unlimitedDepth.earliestReplayableMs("unknown/trades")).as("no cap for the stream")
            .isEqualTo(Long.MIN_VALUE);
        ConnectionLimits shadow = connection(Plans.engine(clock, indented(DOC.yaml("0xarchive-historical-depth")),
            true));
        assertThat(shadow.earliestReplayableMs("hyperliquid/orderbook")).as("a shadow cap never enforces")
            .isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void shouldStartOxArchiveCreditQuotaAfreshEachCalendarMonth() {
        clock.advanceMillis(Instant.parse("2026-11-30T23:59:00Z").toEpochMilli() - NOW);
        LimitEngine engine = engine("0xarchive-monthly-quota", "max: 80000000", "max: 2000");
        ConnectionLimits conn = connection(engine);

        assertThat(conn.onOutbound(1_000).allowed()).isTrue();
        assertThat(conn.onOutbound(1_000).allowed()).as("2000 of 2000 in November").isTrue();
        assertThat(conn.onOutbound(1).refused()).as("the 2001st credit in November").isTrue();

        clock.advanceMillis(60_000);
        assertThat(conn.onOutbound(1_000).allowed()).as("1000 in December").isTrue();
        assertThat(conn.onOutbound(1_000).allowed()).as("2000 in December").isTrue();
        assertThat(conn.onOutbound(1).refused()).as("the 2001st credit in December").isTrue();
    }

    private LimitEngine engine(String id) {
        return Plans.engine(clock, indented(DOC.yaml(id)));
    }

    private LimitEngine engine(String id, String line, String replacement) {
        String yaml = DOC.yaml(id);
        assertThat(yaml.lines().filter(l -> l.strip().equals(line)).count())
            .as("section %s has the line '%s' once, to replace per tier", id, line).isEqualTo(1);
        return Plans.engine(clock, indented(yaml.replace(line, replacement)));
    }

    private static String indented(String yaml) {
        StringBuilder out = new StringBuilder();
        yaml.lines().forEach(line -> out.append("      ").append(line).append('\n'));
        return out.toString();
    }

    private ConnectionLimits connection(LimitEngine engine) {
        Admission admission = engine.admit(key, Plans.STOCK, "c1");
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
        return ((Admission.Admitted) admission).limits();
    }

    private static ReplayRequest replay(List<String> streams, long start, long end, double speed) {
        return new ReplayRequest(streams, start, end, speed);
    }
}

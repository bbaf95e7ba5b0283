package dev.sluice.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.time.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The log line of a refusal names the limit and the value that applied in its own unit: the idle timeout that was
 * in force (with or without subscriptions), a replay's start and the coverage it fell before. The lines are read
 * from the logger's output (slf4j-simple writes to {@code System.err}, looked up at each line).
 */
class RefusalLogLinesTest {

    private static final LimitsDoc DOC = LimitsDoc.read(Path.of("docs/limits.md"));
    private static final long NOW = Instant.parse("2026-11-22T12:00:00Z").toEpochMilli();

    private final ManualClock clock = new ManualClock(NOW);
    private final Principal key = Plans.principal("0xa_key", "key", "10.0.0.1");

    @Test
    void shouldLogTheFiveMinuteIdleCloseWithItsOwnPeriod() {
        ConnectionLimits bare = connection(engine("0xarchive-idle-timeout"), "c1");
        clock.advanceMillis(300_000);

        String log = logged(bare::onTick);

        assertThat(log).as("the 5-minute close without subscriptions")
            .contains("REFUSED by plan/0/idle-timeout for connection:c1: idle-timeout 300000 ms without subscriptions,"
                + " idle 300000 ms")
            .doesNotContain("idle-timeout 60000");
    }

    @Test
    void shouldLogTheSixtySecondIdleCloseAsTheOneWithSubscriptions() {
        ConnectionLimits replaying = connection(engine("0xarchive-idle-timeout"), "c2");
        replaying.onReplayRunning(true);
        clock.advanceMillis(60_000);

        String log = logged(replaying::onTick);

        assertThat(log).contains("for connection:c2: idle-timeout 60000 ms with subscriptions, idle 60000 ms");
    }

    @Test
    void shouldLogAReplayStartBeforeCoverageAsInstantsNotAUsageCount() {
        ConnectionLimits conn = connection(engine("0xarchive-data-availability"), "c3");
        long start = Instant.parse("2023-04-30T00:00:00Z").toEpochMilli();
        ReplayRequest early = new ReplayRequest(List.of("hyperliquid/funding"), start, start + 86_400_000L, 1);

        String log = logged(() -> conn.onReplay(early));

        assertThat(log)
            .contains("for connection:c3|hyperliquid/funding: replay-coverage, start 2023-04-30T00:00:00Z before"
                + " coverage 2023-05-01T00:00:00Z")
            .doesNotContain("usage " + start);
    }

    @Test
    void shouldLogARefusedReplaySpeedAsMultipliers() {
        ConnectionLimits conn = connection(engine("0xarchive-replay-speed"), "c4");
        ReplayRequest fast = new ReplayRequest(List.of("hyperliquid/trades"), NOW - 86_400_000L, NOW, 50.5);

        String log = logged(() -> conn.onReplay(fast));

        assertThat(log).contains("for connection:c4: replay-speed 50x, requested 50.5x");
    }

    /** What the refusal log printed while {@code action} ran, which must refuse. */
    private static String logged(Supplier<Decision> action) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(action.get().refused()).as("the action is refused").isTrue();
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private LimitEngine engine(String id) {
        StringBuilder yaml = new StringBuilder();
        DOC.yaml(id).lines().forEach(line -> yaml.append("      ").append(line).append('\n'));
        return Plans.engine(clock, yaml.toString());
    }

    private ConnectionLimits connection(LimitEngine engine, String connId) {
        Admission admission = engine.admit(key, Plans.STOCK, connId);
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
        return ((Admission.Admitted) admission).limits();
    }
}

package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final long START = 1_000_000_000_000L;
    private static final long MS = 1_000_000L;

    private record Sent(int channel, long seq, long stamp, int step) {
    }

    @Test
    void shouldStampEachMessageWithItsScheduledTimeNotTheTimeItWasPolled() {
        Schedule schedule = new Schedule(2, List.of(new Schedule.Step(1_000, 10)), START);
        List<Sent> sent = new ArrayList<>();

        schedule.emitDue(START + 3 * MS, (c, seq, stamp, step) -> sent.add(new Sent(c, seq, stamp, step)));

        // 2,000 messages a second over both channels: one every 0.5 ms, alternating channels.
        assertThat(sent).hasSize(7);
        assertThat(sent.get(0)).isEqualTo(new Sent(0, 1, START, 0));
        assertThat(sent.get(1)).isEqualTo(new Sent(1, 1, START + MS / 2, 0));
        assertThat(sent.get(6)).isEqualTo(new Sent(0, 4, START + 3 * MS, 0));
    }

    @Test
    void shouldRunEveryStepInTurnAndStopAfterTheLast() {
        Schedule schedule = new Schedule(1, Schedule.parseSteps("100x20,200x10"), START);
        List<Sent> sent = new ArrayList<>();

        boolean more = schedule.emitDue(START + 25 * MS, (c, seq, stamp, step) -> sent.add(new Sent(c, seq, stamp,
            step)));
        boolean after = schedule.emitDue(START + 40 * MS, (c, seq, stamp, step) -> sent.add(new Sent(c, seq, stamp,
            step)));

        assertThat(more).isTrue();
        assertThat(after).isFalse();
        assertThat(sent).extracting(Sent::step).containsExactly(0, 0, 1, 1);
        assertThat(sent).extracting(Sent::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(sent.get(2).stamp()).isEqualTo(START + 20 * MS);
        assertThat(schedule.published()).containsExactly(4);
    }

    @Test
    void shouldFormatStepsAsItParsesThem() {
        assertThat(Schedule.formatSteps(Schedule.parseSteps("500x2000,1000x2000"))).isEqualTo("500x2000,1000x2000");
    }
}

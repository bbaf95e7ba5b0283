package dev.sluice.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.time.ManualClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Credits with the memory state: a connection reserves a batch ahead from the account's count, spends it one
 * message at a time, and gives back what it did not spend when it closes or the month turns; the usage report
 * never counts what was reserved and not delivered.
 */
class CreditMeterTest {

    private static final String QUOTA_2500 = """
              - kind: credits
                scope: account
                max: 2500
                errorCode: insufficient_credits
                errorMessage: credits exhausted
                closeAfterError: true
        """;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T23:59:00Z").toEpochMilli());
    private final Principal alice = Plans.principal("alice", "alice", "10.0.0.1");

    @Test
    void shouldReserveABatchAheadAndReportOnlyWhatWasDelivered() {
        LimitEngine engine = Plans.engine(clock, QUOTA_2500);
        ConnectionLimits one = admitted(engine.admit(alice, Plans.STOCK, "c1"));

        assertThat(one.onOutbound(1).allowed()).isTrue();

        assertThat(engine.state().get(key(engine, ""))).as("counted: the batch reserved by the first message")
            .isEqualTo(CreditMeter.BATCH);
        assertThat(engine.credits(alice).used()).as("credits_used after 1 message delivered").isEqualTo(1);
    }

    @Test
    void shouldGiveBackUnspentCreditsWhenAConnectionCloses() {
        LimitEngine engine = Plans.engine(clock, QUOTA_2500);
        ConnectionLimits one = admitted(engine.admit(alice, Plans.STOCK, "c1"));
        ConnectionLimits two = admitted(engine.admit(alice, Plans.STOCK, "c2"));
        assertThat(one.onOutbound(1).allowed()).isTrue();

        one.release();

        assertThat(engine.state().get(key(engine, ""))).as("counted once c1 gave back 999 unspent").isEqualTo(1);
        assertThat(two.onOutbound(2_499).allowed()).as("the 2499 credits left, on another connection").isTrue();
        Decision exhausted = two.onOutbound(1);
        assertThat(exhausted.refused()).as("message 2501 of a 2500 quota").isTrue();
        assertThat(exhausted.usage()).isEqualTo(2_501);
        assertThat(engine.credits(alice).used()).as("credits_used at the quota").isEqualTo(2_500);
    }

    @Test
    void shouldGiveBackTheCreditsOfAConnectionThatSentNothingForATick() {
        LimitEngine engine = Plans.engine(clock, QUOTA_2500);
        ConnectionLimits conn = admitted(engine.admit(alice, Plans.STOCK, "c1"));
        assertThat(conn.onOutbound(1).allowed()).isTrue();

        conn.onTick();
        assertThat(engine.state().get(key(engine, ""))).as("counted after a tick in which it sent 1")
            .isEqualTo(CreditMeter.BATCH);
        clock.advanceMillis(1_000);
        conn.onTick();

        assertThat(engine.state().get(key(engine, ""))).as("counted after a tick in which it sent nothing")
            .isEqualTo(1);
        assertThat(conn.onOutbound(1).allowed()).as("the next message reserves again").isTrue();
        assertThat(engine.credits(alice).used()).isEqualTo(2);
    }

    @Test
    void shouldNeverLetConnectionsTogetherPassTheQuotaOneMessageAtATime() {
        LimitEngine engine = Plans.engine(clock, QUOTA_2500);
        ConnectionLimits[] conns = new ConnectionLimits[3];
        for (int i = 0; i < conns.length; i++) {
            conns[i] = admitted(engine.admit(alice, Plans.STOCK, "c" + i));
        }
        long delivered = 0;
        long mostReported = 0;
        for (int message = 0; message < 3_000; message++) {
            delivered += conns[message % conns.length].onOutbound(1).allowed() ? 1 : 0;
            mostReported = Math.max(mostReported, engine.credits(alice).used());
        }

        assertThat(delivered).as("messages sent by 3 connections of one 2500-credit account")
            .isLessThanOrEqualTo(2_500);
        assertThat(mostReported).as("highest credits_used reported").isLessThanOrEqualTo(2_500);
        assertThat(engine.state().get(key(engine, ""))).as("counted, reservations included").isLessThanOrEqualTo(2_500);
        for (ConnectionLimits conn : conns) {
            conn.release();
        }
        assertThat(engine.state().get(key(engine, ""))).as("counted once all gave back").isEqualTo(delivered);
    }

    @Test
    void shouldGiveBackLastMonthsUnspentCreditsWhenTheMonthTurns() {
        LimitEngine engine = Plans.engine(clock, QUOTA_2500.replace("max: 2500",
            "max: 2500\n        monthly: true"));
        ConnectionLimits conn = admitted(engine.admit(alice, Plans.STOCK, "c1"));
        assertThat(conn.onOutbound(1).allowed()).isTrue();

        clock.advanceMillis(60_000);
        assertThat(conn.onOutbound(1).allowed()).isTrue();

        assertThat(engine.state().get(key(engine, "|2026-11"))).as("November: 1 delivered, the rest given back")
            .isEqualTo(1);
        assertThat(engine.state().get(key(engine, "|2026-12"))).as("December: a new batch").isEqualTo(
            CreditMeter.BATCH);
        assertThat(engine.credits(alice).used()).as("credits_used in December").isEqualTo(1);
    }

    private String key(LimitEngine engine, String month) {
        Limit limit = engine.plan(alice).limits(LimitKind.CREDITS).get(0);
        return engine.key(limit, "alice") + month;
    }

    private static ConnectionLimits admitted(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
        return ((Admission.Admitted) admission).limits();
    }
}

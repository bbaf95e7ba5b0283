package dev.sluice.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.time.ManualClock;
import org.junit.jupiter.api.Test;

/**
 * A login re-decides an open connection's limits for the account's principal ({@link LimitEngine#readmit}): the
 * old holds are released first and taken again once, no new connection is charged to the connect rate, and the
 * connection's operations of the hour carry over.
 */
class ReadmitTest {

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final LimitEngine engine = Plans.engine(clock, """
              - kind: connect-rate
                scope: ip
                permits: 1
                periodMs: 1000
              - kind: connections
                scope: ip
                max: 1
              - kind: message-rate
                scope: connection
                permits: 3
                periodMs: 3600000
                ops: subscribe, unsubscribe, login
              - kind: channel-connections
                scope: sub-account
                channels: orders
                max: 1
        """);

    @Test
    void shouldTakeTheSlotsOnceWithoutChargingTheConnectRateAndKeepTheHoursOperations() {
        Principal anonymous = Principal.anonymous("svc", "10.0.0.1", "plan");
        ConnectionLimits before = admitted(engine.admit(anonymous, null, "c1"));
        assertThat(before.onInbound(Op.SUBSCRIBE).allowed()).isTrue();
        assertThat(before.onInbound(Op.LOGIN).allowed()).isTrue();

        before.release();
        // Within the same second as the handshake that took the IP's one connect-rate token: a charge would refuse.
        ConnectionLimits after = admitted(engine.readmit(Plans.principal("acct-1", null, "10.0.0.1"), null, "c1",
            before));

        assertThat(after.principal().subAccount()).isEqualTo("acct-1");
        assertThat(after.onInbound(Op.SUBSCRIBE).allowed()).as("third operation of the hour").isTrue();
        assertThat(after.onInbound(Op.SUBSCRIBE).refused()).as("fourth: the count survived the login").isTrue();
        clock.advanceMillis(1_000);
        assertThat(engine.admit(anonymous, null, "c2")).as("the IP's one connection slot is held once, by c1")
            .isInstanceOf(Admission.Refused.class);
        after.release();
        clock.advanceMillis(1_000);
        assertThat(engine.admit(anonymous, null, "c3")).as("released with the connection")
            .isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void shouldCountChannelConnectionsPerSubAccountOfTheLoggedInPrincipal() {
        ConnectionLimits one = loggedIn("c1", "10.0.0.1");
        ConnectionLimits two = loggedIn("c2", "10.0.0.2");

        assertThat(one.onSubscribe(SubscriptionInfo.of("orders:ANY", "orders")).allowed()).isTrue();
        assertThat(two.onSubscribe(SubscriptionInfo.of("orders:ANY", "orders")).refused())
            .as("the second connection of sub-account acct-1 on orders (max 1)").isTrue();
    }

    private ConnectionLimits loggedIn(String connId, String ip) {
        ConnectionLimits anonymous = admitted(engine.admit(Principal.anonymous("svc", ip, "plan"), null, connId));
        anonymous.release();
        return admitted(engine.readmit(Plans.principal("acct-1", null, ip), null, connId, anonymous));
    }

    private static ConnectionLimits admitted(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
        return ((Admission.Admitted) admission).limits();
    }
}

package dev.sluice.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.time.ManualClock;
import org.junit.jupiter.api.Test;

/** Every limit kind of the engine, on a manual clock: the value, the scope, the selector and the action. */
class LimitEngineTest {

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final Principal alice = Plans.principal("tok-a", "alice", "10.0.0.1");
    private final Principal bob = Plans.principal("tok-b", "bob", "10.0.0.1");

    @Test
    void shouldRefuseSecondConnectionOfOneTokenAndAdmitItAgainAfterRelease() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: connections
                    scope: account
                    max: 1
                    status: 429
                    body: '{"error":"too many connections"}'
            """);

        ConnectionLimits first = admitted(engine.admit(alice, Plans.STOCK, "c1"));
        Admission second = engine.admit(alice, Plans.STOCK, "c2");

        assertThat(second).isInstanceOf(Admission.Refused.class);
        Admission.Refused refused = (Admission.Refused) second;
        assertThat(refused.httpStatus()).isEqualTo(429);
        assertThat(refused.body()).isEqualTo("{\"error\":\"too many connections\"}");
        assertThat(refused.decision().usage()).isEqualTo(2);
        assertThat(refused.decision().limitValue()).isEqualTo(1);
        assertThat(engine.admit(bob, Plans.STOCK, "c3")).isInstanceOf(Admission.Admitted.class);
        first.release();
        assertThat(engine.admit(alice, Plans.STOCK, "c4")).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void shouldCountEndpointGroupsAsSeparatePoolsAndAcceptThenCloseTheExcess() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: connections
                    scope: account
                    perEndpointGroup: true
                    max: 1
                    action: accept-then-close
                    closeCode: 1008
                    closeReason: too many connections
            """);

        admitted(engine.admit(alice, Plans.STOCK, "c1"));
        admitted(engine.admit(alice, Plans.FOREX, "c2"));
        Admission excess = engine.admit(alice, Plans.STOCK, "c3");

        assertThat(excess).isInstanceOf(Admission.AcceptThenClose.class);
        assertThat(((Admission.AcceptThenClose) excess).closeCode()).isEqualTo(1008);
    }

    @Test
    void shouldAllowThreeNewConnectionsPerSecondPerIp() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: connect-rate
                    scope: ip
                    permits: 3
                    periodMs: 1000
            """);

        for (int i = 0; i < 3; i++) {
            admitted(engine.admit(alice, Plans.STOCK, "c" + i));
        }
        Admission fourth = engine.admit(bob, Plans.STOCK, "c4");
        assertThat(fourth).isInstanceOf(Admission.Refused.class);
        assertThat(((Admission.Refused) fourth).decision().retryAfterMs())
            .as("retry after: the first three leave the sliding second together").isEqualTo(1_000);

        clock.advanceMillis(999);
        assertThat(engine.admit(bob, Plans.STOCK, "c5")).as("4th from the IP 999 ms after the first three")
            .isInstanceOf(Admission.Refused.class);
        clock.advanceMillis(1);
        admitted(engine.admit(bob, Plans.STOCK, "c5"));
        assertThat(engine.admit(Plans.principal("x", "y", "10.0.0.2"), Plans.STOCK, "c6"))
            .isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void shouldShareOneMessageBucketAcrossConnectionsOfAnIdentity() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: message-rate
                    scope: identity
                    permits: 1000
                    periodMs: 60000
                    window: bucket
                    burst: 10
                    errorCode: rate
                    errorMessage: rate limit exceeded
            """);
        ConnectionLimits one = admitted(engine.admit(alice, Plans.STOCK, "c1"));
        ConnectionLimits two = admitted(engine.admit(alice, Plans.STOCK, "c2"));

        for (int i = 0; i < 5; i++) {
            assertThat(one.onInbound(Op.PING)).isSameAs(Decision.ALLOWED);
            assertThat(two.onInbound(Op.SUBSCRIBE)).isSameAs(Decision.ALLOWED);
        }
        Decision eleventh = two.onInbound(Op.POST);

        assertThat(eleventh.refused()).as("11th message of the identity with burst 10").isTrue();
        assertThat(eleventh.limit().action().type()).isEqualTo(Action.Type.ERROR_FRAME);
        assertThat(eleventh.retryAfterMs()).isEqualTo(60);
        clock.advanceMillis(60);
        assertThat(one.onInbound(Op.PING).allowed()).isTrue();
    }

    @Test
    void shouldCountOnlySelectedOpsInAConnectionBucket() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: message-rate
                    scope: connection
                    permits: 10
                    periodMs: 1000
                    ops: subscribe, unsubscribe
            """);
        ConnectionLimits limits = admitted(engine.admit(alice, Plans.STOCK, "c1"));

        for (int i = 0; i < 100; i++) {
            assertThat(limits.onInbound(Op.PING)).isSameAs(Decision.ALLOWED);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(limits.onInbound(Op.SUBSCRIBE).allowed()).as("subscribe %d of 10", i + 1).isTrue();
        }
        assertThat(limits.onInbound(Op.UNSUBSCRIBE).refused()).isTrue();
        clock.advanceMillis(999);
        assertThat(limits.onInbound(Op.SUBSCRIBE).refused()).as("11th within the sliding second").isTrue();
        clock.advanceMillis(1);
        assertThat(limits.onInbound(Op.SUBSCRIBE).allowed()).as("a second after the first ten").isTrue();
    }

    @Test
    void shouldRefuseSecondRequestWithinOneSecondOnOneConnection() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: request-spacing
                    scope: connection
                    periodMs: 1000
                    ops: subscribe
            """);
        ConnectionLimits limits = admitted(engine.admit(alice, Plans.STOCK, "c1"));

        assertThat(limits.onInbound(Op.SUBSCRIBE).allowed()).isTrue();
        clock.advanceMillis(999);
        Decision early = limits.onInbound(Op.SUBSCRIBE);
        assertThat(early.refused()).isTrue();
        assertThat(early.retryAfterMs()).isEqualTo(1);
        clock.advanceMillis(1);
        assertThat(limits.onInbound(Op.SUBSCRIBE).allowed()).isTrue();
    }

    @Test
    void shouldSpaceRequestsOnDifferentConnectionsOfOneTokenByThreeSeconds() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: request-spacing
                    scope: account
                    periodMs: 3000
                    ops: subscribe
                    errorCode: "606"
                    errorMessage: too many requests and connection will be closed
                    closeAfterError: true
                    closeCode: 1008
            """);
        ConnectionLimits a = admitted(engine.admit(alice, Plans.STOCK, "c1"));
        ConnectionLimits b = admitted(engine.admit(alice, Plans.STOCK, "c2"));

        assertThat(a.onInbound(Op.SUBSCRIBE).allowed()).isTrue();
        assertThat(a.onInbound(Op.SUBSCRIBE).allowed()).as("same connection is not spaced").isTrue();
        clock.advanceMillis(2_999);
        Decision tooSoon = b.onInbound(Op.SUBSCRIBE);
        assertThat(tooSoon.refused()).isTrue();
        assertThat(tooSoon.limit().action().closes()).isTrue();
        clock.advanceMillis(1);
        assertThat(b.onInbound(Op.SUBSCRIBE).allowed()).isTrue();
    }

    @Test
    void shouldServeFirstFiveCodesPerInterfaceAndIgnoreTheRest() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: subscriptions
                    scope: connection
                    perInterface: true
                    max: 5
                    action: ignore-excess
            """);
        ConnectionLimits limits = admitted(engine.admit(alice, Plans.STOCK, "c1"));

        for (int i = 0; i < 5; i++) {
            assertThat(limits.onSubscribe(sub("t" + i, "trade")).allowed()).isTrue();
            assertThat(limits.onSubscribe(sub("d" + i, "depth")).allowed()).isTrue();
        }
        Decision sixth = limits.onSubscribe(sub("t5", "trade"));

        assertThat(sixth.refused()).isTrue();
        assertThat(sixth.limit().action().type()).isEqualTo(Action.Type.IGNORE_EXCESS);
        limits.onUnsubscribe(sub("t0", "trade"));
        assertThat(limits.onSubscribe(sub("t5", "trade")).allowed()).isTrue();
    }

    @Test
    void shouldShareSubscriptionSlotsAcrossConnectionsOfAnIdentity() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: subscriptions
                    scope: identity
                    max: 3
            """);
        ConnectionLimits one = admitted(engine.admit(alice, Plans.STOCK, "c1"));
        ConnectionLimits two = admitted(engine.admit(alice, Plans.STOCK, "c2"));

        assertThat(one.onSubscribe(sub("a", "trades")).allowed()).isTrue();
        assertThat(one.onSubscribe(sub("b", "trades")).allowed()).isTrue();
        assertThat(two.onSubscribe(sub("a", "trades")).allowed()).isTrue();
        assertThat(two.onSubscribe(sub("c", "trades")).refused()).isTrue();
        one.release();
        assertThat(two.onSubscribe(sub("c", "trades")).allowed()).as("slots freed on close").isTrue();
    }

    @Test
    void shouldNotifyChannelConnectionCountAndRefuseTheConnectionOverTheLimit() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: channel-connections
                    scope: sub-account
                    channels: orders, account
                    max: 2
                    action: notify
            """);
        ConnectionLimits c1 = admitted(engine.admit(alice, Plans.STOCK, "c1"));
        ConnectionLimits c2 = admitted(engine.admit(alice, Plans.STOCK, "c2"));
        ConnectionLimits c3 = admitted(engine.admit(alice, Plans.STOCK, "c3"));

        assertThat(c1.onSubscribe(sub("orders:SPOT", "orders")).usage()).isEqualTo(1);
        assertThat(c1.onSubscribe(sub("orders:SWAP", "orders"))).as("same channel, same connection counts once")
            .isSameAs(Decision.ALLOWED);
        assertThat(c2.onSubscribe(sub("orders:ANY", "orders")).usage()).isEqualTo(2);
        Decision third = c3.onSubscribe(sub("orders:ANY", "orders"));
        assertThat(third.refused()).isTrue();
        assertThat(third.limit().action().type()).isEqualTo(Action.Type.NOTIFY);
        assertThat(c3.onSubscribe(sub("account", "account")).usage()).as("channels count apart").isEqualTo(1);
        assertThat(c3.onSubscribe(sub("trades:BTC", "trades"))).as("unlisted channel").isSameAs(Decision.ALLOWED);

        c1.release();
        assertThat(c3.onSubscribe(sub("orders:ANY", "orders")).usage()).isEqualTo(2);
    }

    @Test
    void shouldCountAUserFollowedOnTwoChannelsOnceAndFreeItOnClose() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: unique-users
                    scope: identity
                    channels: orderUpdates, userFills
                    max: 2
            """);
        ConnectionLimits one = admitted(engine.admit(alice, Plans.STOCK, "c1"));
        ConnectionLimits two = admitted(engine.admit(alice, Plans.STOCK, "c2"));

        assertThat(one.onSubscribe(user("orderUpdates", "0xA")).allowed()).isTrue();
        assertThat(one.onSubscribe(user("userFills", "0xA")).allowed()).isTrue();
        assertThat(two.onSubscribe(user("userFills", "0xA")).allowed()).isTrue();
        assertThat(two.onSubscribe(user("orderUpdates", "0xB")).allowed()).isTrue();
        assertThat(two.onSubscribe(user("orderUpdates", "0xC")).refused()).as("third distinct user").isTrue();

        two.release();
        assertThat(one.onSubscribe(user("orderUpdates", "0xC")).allowed()).isTrue();
    }

    @Test
    void shouldCapRequestsInFlightAndFreeThemOnResponse() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: inflight
                    scope: identity
                    max: 2
            """);
        ConnectionLimits one = admitted(engine.admit(alice, Plans.STOCK, "c1"));
        ConnectionLimits two = admitted(engine.admit(alice, Plans.STOCK, "c2"));

        assertThat(one.onRequestStart("1").allowed()).isTrue();
        assertThat(two.onRequestStart("1").allowed()).isTrue();
        assertThat(two.onRequestStart("2").refused()).isTrue();
        one.onRequestEnd("1");
        assertThat(two.onRequestStart("2").allowed()).isTrue();
    }

    @Test
    void shouldAllowThirtyHttpRequestsPerMinute() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: http-rate
                    scope: ip
                    permits: 30
                    periodMs: 60000
                    paths: /info
            """);

        for (int i = 0; i < 30; i++) {
            assertThat(engine.http(alice, "/info").allowed()).isTrue();
        }
        Decision thirtyFirst = engine.http(alice, "/info");
        assertThat(thirtyFirst.refused()).isTrue();
        assertThat(thirtyFirst.retryAfterMs()).as("the first thirty leave the sliding minute together")
            .isEqualTo(60_000);
        assertThat(engine.http(alice, "/other").allowed()).isTrue();
    }

    @Test
    void shouldBlockAnIpForExactlyTwoMinutesAfterItsFortyFirstRequest() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: message-rate
                    scope: ip
                    permits: 40
                    periodMs: 60000
                    penaltyMs: 120000
                    penaltyScope: ip
            """);
        ConnectionLimits one = admitted(engine.admit(alice, Plans.STOCK, "c1"));
        ConnectionLimits two = admitted(engine.admit(bob, Plans.STOCK, "c2"));
        for (int i = 0; i < 40; i++) {
            assertThat((i % 2 == 0 ? one : two).onInbound(Op.SUBSCRIBE).allowed()).isTrue();
        }

        assertThat(one.onInbound(Op.SUBSCRIBE).refused()).as("41st request from the IP").isTrue();
        clock.advanceMillis(119_999);
        Decision stillBlocked = two.onInbound(Op.PING);
        assertThat(stillBlocked.refused()).isTrue();
        assertThat(stillBlocked.retryAfterMs()).isEqualTo(1);
        assertThat(engine.admit(bob, Plans.STOCK, "c3")).isInstanceOf(Admission.Refused.class);
        clock.advanceMillis(1);
        assertThat(two.onInbound(Op.PING).allowed()).isTrue();
        assertThat(engine.admit(bob, Plans.STOCK, "c4")).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void shouldCloseAConnectionSilentForThirtySecondsAndKeepOneThatSendsHeartbeats() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: heartbeat
                    periodMs: 30000
                    ops: ping
                    closeCode: 1000
                    closeReason: heartbeat timeout
            """);
        ConnectionLimits beating = admitted(engine.admit(alice, Plans.STOCK, "c1"));
        ConnectionLimits silent = admitted(engine.admit(bob, Plans.STOCK, "c2"));

        for (int second = 10; second < 30; second += 10) {
            clock.advanceMillis(10_000);
            beating.onInbound(Op.PING);
            silent.onInbound(Op.SUBSCRIBE);
        }
        clock.advanceMillis(9_999);
        assertThat(silent.onTick().allowed()).isTrue();
        clock.advanceMillis(1);
        Decision expired = silent.onTick();

        assertThat(expired.refused()).isTrue();
        assertThat(expired.limit().action().type()).isEqualTo(Action.Type.CLOSE);
        assertThat(expired.limit().action().reason()).isEqualTo("heartbeat timeout");
        assertThat(beating.onTick().allowed()).isTrue();
    }

    @Test
    void shouldUseTheIdleTimeoutThatMatchesWhetherTheConnectionHasSubscriptions() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: idle-timeout
                    periodMs: 60000
                    idleWithoutSubscriptionsMs: 300000
            """);
        ConnectionLimits bare = admitted(engine.admit(alice, Plans.STOCK, "c1"));
        ConnectionLimits subscribed = admitted(engine.admit(bob, Plans.STOCK, "c2"));
        subscribed.onSubscribe(sub("t", "trades"));

        clock.advanceMillis(60_000);
        assertThat(subscribed.onTick().refused()).as("60 s idle with a subscription").isTrue();
        assertThat(bare.onTick().allowed()).isTrue();
        clock.advanceMillis(240_000);
        assertThat(bare.onTick().refused()).as("5 min idle without subscriptions").isTrue();
    }

    @Test
    void shouldExhaustCreditsPerAccountAcrossConnections() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: credits
                    scope: account
                    max: 2500
                    errorCode: insufficient_credits
                    errorMessage: credits exhausted
                    closeAfterError: true
            """);
        ConnectionLimits one = admitted(engine.admit(alice, Plans.STOCK, "c1"));
        ConnectionLimits two = admitted(engine.admit(alice, Plans.STOCK, "c2"));

        assertThat(one.onOutbound(1_000).allowed()).isTrue();
        assertThat(two.onOutbound(1_000).allowed()).isTrue();
        assertThat(two.onOutbound(499).allowed()).as("2499 of 2500").isTrue();
        assertThat(one.onOutbound(1).allowed()).as("2500 of 2500").isTrue();
        Decision exhausted = one.onOutbound(1);

        assertThat(exhausted.refused()).as("the 2501st message, refused before it is sent").isTrue();
        assertThat(exhausted.usage()).isEqualTo(2_501);
        assertThat(exhausted.limit().action().closes()).isTrue();
    }

    @Test
    void shouldCountButNotEnforceAShadowLimit() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: connections
                    scope: account
                    max: 1
                    shadow: true
            """);

        admitted(engine.admit(alice, Plans.STOCK, "c1"));
        assertThat(engine.admit(alice, Plans.STOCK, "c2")).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void shouldCountButNotEnforceAnythingInGlobalShadowMode() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: message-rate
                    permits: 1
                    periodMs: 1000
            """, true);
        ConnectionLimits limits = admitted(engine.admit(alice, Plans.STOCK, "c1"));

        assertThat(limits.onInbound(Op.PING)).isSameAs(Decision.ALLOWED);
        Decision shadow = limits.onInbound(Op.PING);
        assertThat(shadow.outcome()).isEqualTo(Decision.Outcome.SHADOW_REFUSED);
        assertThat(shadow.allowed()).isTrue();
    }

    @Test
    void shouldNotCountClientsWithoutTheLimitsScopeAsOnePool() {
        LimitEngine engine = Plans.engine(clock, """
                  - kind: connections
                    scope: account
                    max: 1
                  - kind: subscriptions
                    scope: identity
                    max: 1
                  - kind: connections
                    scope: ip
                    max: 2
            """);
        Principal anonymous = Principal.anonymous("svc", "10.0.0.9", "plan");

        ConnectionLimits first = admitted(engine.admit(anonymous, Plans.STOCK, "c1"));
        ConnectionLimits second = admitted(engine.admit(anonymous, Plans.STOCK, "c2"));

        assertThat(first.onSubscribe(sub("a", "trades")).allowed()).isTrue();
        assertThat(second.onSubscribe(sub("b", "trades")).allowed()).as("no identity: not counted").isTrue();
        assertThat(engine.admit(anonymous, Plans.STOCK, "c3")).as("the ip limit still counts them")
            .isInstanceOf(Admission.Refused.class);
    }

    private static ConnectionLimits admitted(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
        return ((Admission.Admitted) admission).limits();
    }

    private static SubscriptionInfo sub(String key, String iface) {
        return new SubscriptionInfo(key, iface, iface, null);
    }

    private static SubscriptionInfo user(String channel, String address) {
        return new SubscriptionInfo(channel + ":" + address, channel, channel, address);
    }
}

package dev.sluice.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dialect.Connection;
import dev.sluice.dialect.Endpoint;
import dev.sluice.dialect.okx.OkxDialect;
import dev.sluice.time.ManualClock;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every row of docs/limits.md: builds the engine from the YAML block of the row's section, exactly as written
 * there, and proves the vendor's numbers on a manual clock. The last test keeps the page and this class in step.
 */
class VendorLimitsTest {

    private static final LimitsDoc DOC = LimitsDoc.read(Path.of("docs/limits.md"));
    private static final String INDENT = "      ";
    private static final String HFUN_ERROR = "rate limit exceeded";
    private static final String HFUN_BODY = "{\"channel\":\"error\",\"data\":{\"error\":\"rate limit exceeded\"}}";
    /** sFOX's refusal body up to the milliseconds left of the block. */
    private static final String SFOX_BODY_BEFORE =
        "{\"type\":\"error\",\"payload\":{\"error\":\"Rate limit exceeded\",\"retryAfterMs\":";
    private static final List<String> OKX_PRIVATE_CHANNELS = List.of("orders", "account", "positions",
        "balance_and_position", "liquidation-warning", "account-greeks");
    private static final Op[] HFUN_OPS = {Op.SUBSCRIBE, Op.UNSUBSCRIBE, Op.PING, Op.POST};

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    // ---------------------------------------------------------------- AllTick

    @Test
    void shouldAcceptThenCloseAllTickConnectionOverEachPlansLimitPerToken() {
        for (Map.Entry<String, Integer> tier : allTickPlans(1, 1, 3, 10, 10, 10).entrySet()) {
            int max = tier.getValue();
            String limit = "AllTick " + tier.getKey() + ": " + max + " connection(s) per token";
            LimitEngine engine = engine("alltick-connections-per-token", "max: 3", "max: " + max);
            List<ConnectionLimits> open = new ArrayList<>();
            for (int i = 0; i < max; i++) {
                // One token from three IPs: the count is per token, summed over the IPs.
                Principal fromSomeIp = Plans.principal("token-a", "alice", "10.0.0." + (i % 3 + 1));
                open.add(admitted(engine.admit(fromSomeIp, Plans.STOCK, "c" + i), limit + ", connection " + (i + 1)));
            }

            Admission excess = engine.admit(Plans.principal("token-a", "alice", "10.0.0.9"), Plans.STOCK, "over");

            Admission.AcceptThenClose closed = acceptedThenClosed(excess, limit + ", connection " + (max + 1));
            assertThat(closed.closeCode()).as(limit + ": close code").isEqualTo(1008);
            assertThat(closed.reason()).as(limit + ": close reason")
                .isEqualTo("too many requests and connection will be closed");
            assertThat(closed.decision().usage()).as(limit + ": usage").isEqualTo(max + 1);
            assertThat(closed.decision().limitValue()).as(limit + ": value").isEqualTo(max);
            admitted(engine.admit(Plans.principal("token-b", "bob", "10.0.0.1"), Plans.STOCK, "other-token"),
                limit + ": another token has its own connections");
            open.get(0).release();
            admitted(engine.admit(Plans.principal("token-a", "alice", "10.0.0.9"), Plans.STOCK, "again"),
                limit + ": a closed connection frees its slot");
            acceptedThenClosed(engine.admit(Plans.principal("token-a", "alice", "10.0.0.9"), Plans.STOCK, "over2"),
                limit + ": full again");
        }
    }

    @Test
    void shouldGiveAllTickStockAndForexUrlsSeparateConnectionPools() {
        LimitEngine engine = engine("alltick-stock-and-forex-pools");
        Principal fromA = Plans.principal("token-a", "alice", "10.0.0.1");
        Principal fromB = Plans.principal("token-a", "alice", "10.0.0.2");
        String limit = "AllTick Basic: 1 connection per token per URL";

        ConnectionLimits stock = admitted(engine.admit(fromA, Plans.STOCK, "stock-1"), limit + ", stock from A");
        ConnectionLimits forex = admitted(engine.admit(fromB, Plans.FOREX, "forex-1"),
            limit + ", forex from B while A holds the stock connection");

        acceptedThenClosed(engine.admit(fromB, Plans.STOCK, "stock-2"), limit + ", second stock connection");
        acceptedThenClosed(engine.admit(fromA, Plans.FOREX, "forex-2"), limit + ", second forex connection");
        stock.release();
        admitted(engine.admit(fromB, Plans.STOCK, "stock-3"), limit + ", stock after the first one closed");
        acceptedThenClosed(engine.admit(fromA, Plans.FOREX, "forex-3"), limit + ", forex pool is still full");
        forex.release();
        admitted(engine.admit(fromA, Plans.FOREX, "forex-4"), limit + ", forex after the first one closed");
    }

    @Test
    void shouldRefuseAllTickSecondTradeOrDepthRequestWithinOneSecondOnOneConnection() {
        LimitEngine engine = engine("alltick-one-request-per-second-per-connection");
        Principal token = Plans.principal("token-a", "alice", "10.0.0.1");
        ConnectionLimits conn = admitted(engine.admit(token, Plans.STOCK, "c1"), "first connection");
        ConnectionLimits other = admitted(engine.admit(token, Plans.STOCK, "c2"), "second connection");
        String limit = "AllTick 1 request per second per connection";

        assertThat(conn.onInbound(Op.SUBSCRIBE).allowed()).as(limit + ": trade request (22004) at 0 ms").isTrue();
        clock.advanceMillis(500);
        assertThat(conn.onInbound(Op.PING)).as(limit + ": a heartbeat is not a request").isSameAs(Decision.ALLOWED);
        clock.advanceMillis(499);
        Decision depth = conn.onInbound(Op.SUBSCRIBE);

        assertThat(depth.refused()).as(limit + ": depth request (22002) at 999 ms").isTrue();
        assertErrorFrame(depth, "605", "too many requests", false, limit);
        assertThat(depth.retryAfterMs()).as(limit + ": retry after").isEqualTo(1);
        assertThat(other.onInbound(Op.SUBSCRIBE).allowed()).as(limit + ": another connection has its own second")
            .isTrue();
        clock.advanceMillis(1);
        assertThat(conn.onInbound(Op.SUBSCRIBE).allowed()).as(limit + ": depth request at 1000 ms").isTrue();
        assertThat(conn.onInbound(Op.UNSUBSCRIBE).refused()).as(limit + ": cancel (22006) in the same ms").isTrue();
        clock.advanceMillis(1_000);
        assertThat(conn.onInbound(Op.UNSUBSCRIBE).allowed()).as(limit + ": cancel one second later").isTrue();
    }

    @Test
    void shouldCloseAllTickConnectionRequestingWithinThreeSecondsOfAnotherConnectionOfTheToken() {
        LimitEngine engine = engine("alltick-three-seconds-across-connections");
        Principal token = Plans.principal("token-a", "alice", "10.0.0.1");
        ConnectionLimits first = admitted(engine.admit(token, Plans.STOCK, "c1"), "connection 1");
        ConnectionLimits second = admitted(engine.admit(token, Plans.STOCK, "c2"), "connection 2");
        ConnectionLimits third = admitted(engine.admit(token, Plans.FOREX, "c3"), "connection 3");
        ConnectionLimits otherToken = admitted(engine.admit(Plans.principal("token-b", "bob", "10.0.0.1"),
            Plans.STOCK, "d1"), "another token's connection");
        String limit = "AllTick 3 s between requests on different connections of one token";

        assertThat(first.onInbound(Op.SUBSCRIBE).allowed()).as(limit + ": connection 1 at 28:30").isTrue();
        clock.advanceMillis(1);
        assertThat(first.onInbound(Op.SUBSCRIBE).allowed()).as(limit + ": same connection is not spaced by it")
            .isTrue();
        clock.advanceMillis(2_999);
        Decision tooSoon = second.onInbound(Op.SUBSCRIBE);

        assertThat(tooSoon.refused()).as(limit + ": connection 2 2999 ms after connection 1").isTrue();
        assertErrorFrame(tooSoon, "606", "too many requests and connection will be closed", true, limit);
        assertThat(tooSoon.limit().action().closeCode()).as(limit + ": close code").isEqualTo(1008);
        assertThat(tooSoon.retryAfterMs()).as(limit + ": retry after").isEqualTo(1);
        assertThat(otherToken.onInbound(Op.SUBSCRIBE).allowed()).as(limit + ": another token").isTrue();
        clock.advanceMillis(1);
        assertThat(second.onInbound(Op.SUBSCRIBE).allowed()).as(limit + ": connection 2 after 3000 ms").isTrue();
        clock.advanceMillis(2_999);
        assertThat(third.onInbound(Op.SUBSCRIBE).refused()).as(limit + ": connection 3 2999 ms after 2").isTrue();
        assertThat(first.onInbound(Op.UNSUBSCRIBE).refused()).as(limit + ": connection 1 2999 ms after 2").isTrue();
        clock.advanceMillis(1);
        assertThat(third.onInbound(Op.SUBSCRIBE).allowed()).as(limit + ": connection 3 after 3000 ms").isTrue();
    }

    @Test
    void shouldIgnoreAllTickCodesBeyondEachPlansLimitPerInterfaceAndConnection() {
        for (Map.Entry<String, Integer> tier : allTickPlans(5, 100, 200, 3000, 3000, 3000).entrySet()) {
            int max = tier.getValue();
            String limit = "AllTick " + tier.getKey() + ": " + max + " codes per interface per connection";
            LimitEngine engine = engine("alltick-codes-per-connection", "max: 200", "max: " + max);
            Principal token = Plans.principal("token-a", "alice", "10.0.0.1");
            ConnectionLimits conn = admitted(engine.admit(token, Plans.STOCK, "c1"), limit);
            ConnectionLimits second = admitted(engine.admit(token, Plans.STOCK, "c2"), limit);
            for (int i = 0; i < max; i++) {
                assertThat(conn.onSubscribe(code("trade", i)).allowed()).as("%s: trade code %d", limit, i + 1)
                    .isTrue();
                assertThat(conn.onSubscribe(code("depth", i)).allowed()).as("%s: depth code %d", limit, i + 1)
                    .isTrue();
            }

            Decision trade = conn.onSubscribe(code("trade", max));
            Decision depth = conn.onSubscribe(code("depth", max));

            for (Decision excess : List.of(trade, depth)) {
                assertThat(excess.refused()).as(limit + ": code " + (max + 1)).isTrue();
                assertThat(excess.limit().action().type()).as(limit + ": excess codes are ignored")
                    .isEqualTo(Action.Type.IGNORE_EXCESS);
                assertThat(excess.usage()).as(limit + ": usage").isEqualTo(max + 1);
                assertThat(excess.limitValue()).as(limit + ": value").isEqualTo(max);
            }
            assertThat(second.onSubscribe(code("trade", 0)).allowed()).as(limit + ": another connection").isTrue();
            conn.onUnsubscribe(code("trade", 0));
            assertThat(conn.onSubscribe(code("trade", max)).allowed()).as(limit + ": after a cancel").isTrue();
            assertThat(conn.onSubscribe(code("trade", max + 1)).refused()).as(limit + ": full again").isTrue();
        }
    }

    @Test
    void shouldKeepAllTickConnectionAliveOnTenSecondHeartbeatsAndCloseItAfterThirtySilentSeconds() {
        LimitEngine engine = engine("alltick-heartbeat");
        Principal token = Plans.principal("token-a", "alice", "10.0.0.1");
        ConnectionLimits beating = admitted(engine.admit(token, Plans.STOCK, "c1"), "heartbeating connection");
        ConnectionLimits silent = admitted(engine.admit(token, Plans.FOREX, "c2"), "silent connection");
        String limit = "AllTick heartbeat: every 10 s, closed after 30 s without one";

        clock.advanceMillis(10_000);
        beating.onInbound(Op.PING);
        silent.onInbound(Op.SUBSCRIBE);
        clock.advanceMillis(10_000);
        beating.onInbound(Op.PING);
        clock.advanceMillis(9_999);
        assertThat(silent.onTick().allowed()).as(limit + ": 29999 ms without a heartbeat").isTrue();
        clock.advanceMillis(1);
        Decision expired = silent.onTick();

        assertThat(expired.refused()).as(limit + ": 30000 ms without a heartbeat (a subscribe is not one)").isTrue();
        assertThat(expired.limit().action().type()).as(limit + ": action").isEqualTo(Action.Type.CLOSE);
        assertThat(expired.limit().action().closeCode()).as(limit + ": close code").isEqualTo(1000);
        assertThat(expired.limit().action().reason()).as(limit + ": reason").isEqualTo("heartbeat timeout");
        assertThat(expired.usage()).as(limit + ": silent ms").isEqualTo(30_000);
        for (int beat = 0; beat < 60; beat++) {
            clock.advanceMillis(10_000);
            beating.onInbound(Op.PING);
            assertThat(beating.onTick().allowed()).as(limit + ": heartbeat %d every 10 s", beat).isTrue();
        }
        clock.advanceMillis(29_999);
        assertThat(beating.onTick().allowed()).as(limit + ": 29999 ms after the last heartbeat").isTrue();
        clock.advanceMillis(1);
        assertThat(beating.onTick().refused()).as(limit + ": 30000 ms after the last heartbeat").isTrue();
    }

    // ---------------------------------------------------------------- hfun-feed

    @Test
    void shouldRejectHfunConnectionOverTheIdentityLimitWithHttp429ForAlphaHypeAndTelegram() {
        Map<String, Integer> identities = new LinkedHashMap<>();
        identities.put("AlphaHype", 10);
        identities.put("Telegram", 20);
        for (Map.Entry<String, Integer> kind : identities.entrySet()) {
            int max = kind.getValue();
            String limit = "hfun " + kind.getKey() + ": " + max + " connections per identity";
            LimitEngine engine = engine("hfun-connections-per-identity", "max: 10", "max: " + max);
            List<ConnectionLimits> open = new ArrayList<>();
            for (int i = 0; i < max; i++) {
                Principal fromSomeIp = Plans.principal("acct", "0xaaa", "10.1.0." + i);
                open.add(admitted(engine.admit(fromSomeIp, Plans.STOCK, "c" + i), limit + ", connection " + (i + 1)));
            }

            Admission excess = engine.admit(Plans.principal("acct", "0xaaa", "10.1.1.1"), Plans.STOCK, "over");

            Admission.Refused refused = refused(excess, limit + ", connection " + (max + 1));
            assertThat(refused.httpStatus()).as(limit + ": status (the page also says 403)").isEqualTo(429);
            assertThat(refused.body()).as(limit + ": body").isEqualTo(HFUN_BODY);
            assertThat(refused.decision().usage()).as(limit + ": usage").isEqualTo(max + 1);
            assertThat(refused.decision().limitValue()).as(limit + ": value").isEqualTo(max);
            admitted(engine.admit(Plans.principal("acct", "0xbbb", "10.1.0.0"), Plans.STOCK, "other"),
                limit + ": another identity");
            open.get(max - 1).release();
            admitted(engine.admit(Plans.principal("acct", "0xaaa", "10.1.1.1"), Plans.STOCK, "again"),
                limit + ": after one closed");
        }
    }

    @Test
    void shouldFailHfunHundredFirstSubscriptionAcrossConnectionsAndKeepTheExistingOnes() {
        LimitEngine engine = engine("hfun-subscriptions-per-identity");
        List<ConnectionLimits> conns = connections(engine, Plans.principal("acct", "0xaaa", "10.0.0.1"), 3);
        String limit = "hfun 100 subscriptions per identity";
        for (int i = 0; i < 100; i++) {
            assertThat(conns.get(i % 3).onSubscribe(trades(i)).allowed()).as("%s: subscription %d", limit, i + 1)
                .isTrue();
        }

        Decision hundredFirst = conns.get(1).onSubscribe(SubscriptionInfo.of("l2Book:ETH", "l2Book"));

        assertThat(hundredFirst.refused()).as(limit + ": subscription 101").isTrue();
        assertErrorFrame(hundredFirst, "", HFUN_ERROR, false, limit);
        assertThat(hundredFirst.usage()).as(limit + ": usage").isEqualTo(101);
        assertThat(hundredFirst.limitValue()).as(limit + ": value").isEqualTo(100);
        assertThat(conns.get(2).onSubscribe(SubscriptionInfo.of("bbo:ETH", "bbo")).refused())
            .as(limit + ": the existing 100 are all still held").isTrue();
        ConnectionLimits otherIdentity = admitted(engine.admit(Plans.principal("acct", "0xbbb", "10.0.0.1"),
            Plans.STOCK, "other"), "another identity");
        assertThat(otherIdentity.onSubscribe(trades(0)).allowed()).as(limit + ": another identity").isTrue();
        conns.get(0).onUnsubscribe(trades(0));
        assertThat(conns.get(1).onSubscribe(SubscriptionInfo.of("l2Book:ETH", "l2Book")).allowed())
            .as(limit + ": an unsubscribe frees one slot").isTrue();
        assertThat(conns.get(2).onSubscribe(SubscriptionInfo.of("bbo:ETH", "bbo")).refused())
            .as(limit + ": and only one").isTrue();
        conns.get(0).release();
        for (int i = 0; i < 33; i++) {
            assertThat(conns.get(2).onSubscribe(trades(1_000 + i)).allowed())
                .as("%s: slot %d of the 33 freed by closing a connection", limit, i + 1).isTrue();
        }
        assertThat(conns.get(2).onSubscribe(trades(2_000)).refused()).as(limit + ": full again").isTrue();
    }

    @Test
    void shouldCountHfunUserOnOrderUpdatesAndUserFillsOnceAndFreeItsSlotOnClose() {
        LimitEngine engine = engine("hfun-unique-users");
        List<ConnectionLimits> conns = connections(engine, Plans.principal("acct", "0xaaa", "10.0.0.1"), 2);
        ConnectionLimits one = conns.get(0);
        ConnectionLimits two = conns.get(1);
        String limit = "hfun 10 unique users per identity";
        for (int u = 0; u < 5; u++) {
            assertThat(one.onSubscribe(user("orderUpdates", u)).allowed()).as("%s: user %d", limit, u + 1).isTrue();
            assertThat(one.onSubscribe(user("userFills", u)).allowed()).as("%s: user %d on both channels", limit,
                u + 1).isTrue();
        }
        assertThat(two.onSubscribe(user("userFills", 0)).allowed()).as(limit + ": same user, other connection")
            .isTrue();
        for (int u = 5; u < 10; u++) {
            assertThat(two.onSubscribe(user("orderUpdates", u)).allowed()).as("%s: user %d", limit, u + 1).isTrue();
        }

        Decision eleventh = two.onSubscribe(user("userFills", 10));

        assertThat(eleventh.refused()).as(limit + ": user 11").isTrue();
        assertErrorFrame(eleventh, "", HFUN_ERROR, false, limit);
        assertThat(eleventh.usage()).as(limit + ": usage").isEqualTo(11);
        assertThat(eleventh.limitValue()).as(limit + ": value").isEqualTo(10);
        assertThat(two.onSubscribe(trades(1))).as(limit + ": not a user channel").isSameAs(Decision.ALLOWED);
        one.release();
        for (int u = 10; u < 14; u++) {
            assertThat(two.onSubscribe(user("orderUpdates", u)).allowed())
                .as("%s: user %d after a close freed users 2-5 (user 1 is still followed)", limit, u + 1).isTrue();
        }
        assertThat(two.onSubscribe(user("orderUpdates", 14)).refused()).as(limit + ": full again").isTrue();
    }

    @Test
    void shouldLimitHfunInboundMessagesToThousandPerMinuteWithBurstOfFiftyCountingPings() {
        LimitEngine engine = engine("hfun-inbound-messages");
        List<ConnectionLimits> conns = connections(engine, Plans.principal("acct", "0xaaa", "10.0.0.1"), 2);
        ConnectionLimits otherIdentity = admitted(engine.admit(Plans.principal("acct", "0xbbb", "10.0.0.1"),
            Plans.STOCK, "other"), "another identity");
        String limit = "hfun 1000 inbound messages per minute per identity, burst 50";
        for (int i = 0; i < 50; i++) {
            assertThat(conns.get(i % 2).onInbound(HFUN_OPS[i % 4]).allowed()).as("%s: message %d", limit, i + 1)
                .isTrue();
        }

        Decision fiftyFirst = conns.get(0).onInbound(Op.PING);

        assertThat(fiftyFirst.refused()).as(limit + ": message 51 at once (a ping)").isTrue();
        assertErrorFrame(fiftyFirst, "", HFUN_ERROR, false, limit);
        assertThat(fiftyFirst.retryAfterMs()).as(limit + ": one message every 60 ms").isEqualTo(60);
        assertThat(otherIdentity.onInbound(Op.PING).allowed()).as(limit + ": another identity").isTrue();
        clock.advanceMillis(59);
        assertThat(conns.get(1).onInbound(Op.POST).refused()).as(limit + ": after 59 ms").isTrue();
        clock.advanceMillis(1);
        assertThat(conns.get(1).onInbound(Op.POST).allowed()).as(limit + ": after 60 ms").isTrue();
        for (int i = 1; i < 1_000; i++) {
            clock.advanceMillis(60);
            assertThat(conns.get(i % 2).onInbound(HFUN_OPS[i % 4]).allowed())
                .as("%s: message %d of the minute's 1000, at %d ms", limit, i + 1, 60 + i * 60).isTrue();
        }
        assertThat(conns.get(0).onInbound(Op.PING).refused())
            .as(limit + ": at 60000 ms the minute has had 50 + 1000 messages").isTrue();
    }

    @Test
    void shouldRefuseHfunHundredFirstInFlightPostUntilOneCompletes() {
        LimitEngine engine = engine("hfun-inflight-posts");
        List<ConnectionLimits> conns = connections(engine, Plans.principal("acct", "0xaaa", "10.0.0.1"), 2);
        ConnectionLimits one = conns.get(0);
        ConnectionLimits two = conns.get(1);
        String limit = "hfun 100 in-flight posts per identity";
        for (int i = 0; i < 50; i++) {
            assertThat(one.onRequestStart("p" + i).allowed()).as("%s: post %d", limit, 2 * i + 1).isTrue();
            assertThat(two.onRequestStart("p" + i).allowed()).as("%s: post %d", limit, 2 * i + 2).isTrue();
        }

        Decision hundredFirst = one.onRequestStart("p50");

        assertThat(hundredFirst.refused()).as(limit + ": post 101").isTrue();
        assertErrorFrame(hundredFirst, "", HFUN_ERROR, false, limit);
        assertThat(hundredFirst.usage()).as(limit + ": usage").isEqualTo(101);
        assertThat(hundredFirst.limitValue()).as(limit + ": value").isEqualTo(100);
        two.onRequestEnd("p0");
        assertThat(one.onRequestStart("p50").allowed()).as(limit + ": after one response").isTrue();
        assertThat(one.onRequestStart("p51").refused()).as(limit + ": full again").isTrue();
        two.release();
        for (int i = 51; i < 100; i++) {
            assertThat(one.onRequestStart("p" + i).allowed()).as("%s: post freed by a close, %d", limit, i).isTrue();
        }
        assertThat(one.onRequestStart("p100").refused()).as(limit + ": full again after the close").isTrue();
    }

    @Test
    void shouldRefuseHfunThirtyFirstInfoRequestUntilTheFirstIsAMinuteOld() {
        LimitEngine engine = engine("hfun-http-info");
        Principal alice = Plans.principal("acct", "0xaaa", "10.0.0.1");
        String limit = "hfun HTTP /info 30 requests per minute, sliding";
        for (int i = 0; i < 30; i++) {
            assertThat(engine.http(alice, "/info").allowed()).as("%s: request %d at %d ms", limit, i + 1, i * 1_000)
                .isTrue();
            clock.advanceMillis(i < 29 ? 1_000 : 0);
        }

        Decision thirtyFirst = engine.http(alice, "/info");

        assertThat(thirtyFirst.refused()).as(limit + ": request 31 at 29000 ms").isTrue();
        assertThat(thirtyFirst.limit().action().type()).as(limit + ": action").isEqualTo(Action.Type.REJECT_HANDSHAKE);
        assertThat(thirtyFirst.limit().action().httpStatus()).as(limit + ": status").isEqualTo(429);
        assertThat(thirtyFirst.limit().action().body()).as(limit + ": body").isEqualTo(HFUN_BODY);
        assertThat(thirtyFirst.retryAfterMs()).as(limit + ": retry when the first is a minute old").isEqualTo(31_000);
        assertThat(engine.http(alice, "/exchange").allowed()).as(limit + ": other paths do not count").isTrue();
        assertThat(engine.http(Plans.principal("acct", "0xbbb", "10.0.0.1"), "/info").refused())
            .as(limit + ": per IP (HTTP's identity), whatever the principal's address").isTrue();
        assertThat(engine.http(Plans.principal("acct", "0xaaa", "10.0.0.2"), "/info").allowed())
            .as(limit + ": another IP").isTrue();
        clock.advanceMillis(30_999);
        assertThat(engine.http(alice, "/info").refused()).as(limit + ": at 59999 ms, 30 in the minute").isTrue();
        clock.advanceMillis(1);
        assertThat(engine.http(alice, "/info").allowed()).as(limit + ": at 60000 ms the first is out").isTrue();
        assertThat(engine.http(alice, "/info").refused()).as(limit + ": 30 again in the minute").isTrue();
        clock.advanceMillis(1_000);
        assertThat(engine.http(alice, "/info").allowed()).as(limit + ": at 61000 ms the second is out").isTrue();
    }

    @Test
    void shouldAnswerEveryHfunInBandLimitWithTheRateLimitExceededErrorAndKeepTheConnection() {
        LimitEngine engine = engine("hfun-rate-limit-error");
        List<ConnectionLimits> conns = connections(engine, Plans.principal("acct", "0xaaa", "10.0.0.1"), 2);
        ConnectionLimits one = conns.get(0);
        ConnectionLimits two = conns.get(1);
        Map<LimitKind, Decision> refusals = new LinkedHashMap<>();

        for (int i = 0; i < 50; i++) {
            assertThat(one.onInbound(HFUN_OPS[i % 4]).allowed()).as("message %d of the burst", i + 1).isTrue();
        }
        refusals.put(LimitKind.MESSAGE_RATE, one.onInbound(Op.PING));
        for (int u = 0; u < 10; u++) {
            assertThat(two.onSubscribe(user("orderUpdates", u)).allowed()).as("user %d", u + 1).isTrue();
        }
        refusals.put(LimitKind.UNIQUE_USERS, two.onSubscribe(user("orderUpdates", 10)));
        for (int i = 0; i < 90; i++) {
            assertThat(one.onSubscribe(trades(i)).allowed()).as("subscription %d", 11 + i).isTrue();
        }
        refusals.put(LimitKind.SUBSCRIPTIONS, two.onSubscribe(trades(100)));
        for (int i = 0; i < 100; i++) {
            assertThat(two.onRequestStart("p" + i).allowed()).as("post %d", i + 1).isTrue();
        }
        refusals.put(LimitKind.INFLIGHT, two.onRequestStart("p100"));

        assertThat(refusals).hasSize(4);
        refusals.forEach((kind, decision) -> {
            String limit = "hfun " + kind.configName() + " (" + decision.limitValue() + ")";
            assertThat(decision.refused()).as(limit + ": refused").isTrue();
            assertThat(decision.limit().kind()).as(limit + ": refused by").isEqualTo(kind);
            assertErrorFrame(decision, "", HFUN_ERROR, false, limit);
        });
    }

    // ---------------------------------------------------------------- sFOX

    @Test
    void shouldRejectSfoxEleventhConnectionFromOneIpAndBlockItsNewConnectionsForTwoMinutes() {
        LimitEngine engine = engine("sfox-connections-per-ip");
        String limit = "sFOX 10 active connections per IP";
        List<ConnectionLimits> open = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            open.add(admitted(engine.admit(Plans.principal("acct-" + i, "id-" + i, "10.0.0.1"), Plans.STOCK,
                "c" + i), limit + ", connection " + (i + 1)));
        }

        Admission eleventh = engine.admit(Plans.principal("acct-x", "id-x", "10.0.0.1"), Plans.STOCK, "c10");

        Admission.Refused refused = refused(eleventh, limit + ", connection 11");
        assertThat(refused.httpStatus()).as(limit + ": status").isEqualTo(429);
        assertThat(refused.body()).as(limit + ": body, with the block's time left")
            .isEqualTo(SFOX_BODY_BEFORE + "120000}}");
        assertThat(refused.decision().usage()).as(limit + ": usage").isEqualTo(11);
        assertThat(refused.decision().retryAfterMs()).as(limit + ": retry after the 2-minute block")
            .isEqualTo(120_000);
        admitted(engine.admit(Plans.principal("acct-y", "id-y", "10.0.0.2"), Plans.STOCK, "elsewhere"),
            limit + ": another IP");
        Decision blockedRequest = open.get(1).onInbound(Op.SUBSCRIBE);
        assertThat(blockedRequest.refused()).as(limit + ": a request on an open connection of the IP").isTrue();
        assertThat(blockedRequest.limit().action().closeCode())
            .as(limit + ": no in-band limit in this plan, so the blocked connection is closed with").isEqualTo(1008);
        open.get(0).release();
        clock.advanceMillis(119_999);
        Admission.Refused blocked = refused(engine.admit(Plans.principal("acct-x", "id-x", "10.0.0.1"),
            Plans.STOCK, "c11"), limit + ": a freed slot is still blocked at 119999 ms");
        assertThat(blocked.httpStatus()).as(limit + ": status while blocked").isEqualTo(429);
        assertThat(blocked.decision().retryAfterMs()).as(limit + ": retry after while blocked").isEqualTo(1);
        clock.advanceMillis(1);
        admitted(engine.admit(Plans.principal("acct-x", "id-x", "10.0.0.1"), Plans.STOCK, "c12"),
            limit + ": the block ends at 120000 ms");
    }

    @Test
    void shouldRefuseSfoxFortyFirstRequestPerMinuteAcrossThreeConnections() {
        LimitEngine engine = engine("sfox-requests-per-ip");
        String limit = "sFOX 40 requests per minute per IP";
        List<ConnectionLimits> conns = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            conns.add(admitted(engine.admit(Plans.principal("acct-" + i, "id-" + i, "10.0.0.1"), Plans.STOCK,
                "c" + i), limit + ", connection " + (i + 1)));
        }
        ConnectionLimits elsewhere = admitted(engine.admit(Plans.principal("acct-9", "id-9", "10.0.0.2"),
            Plans.STOCK, "d1"), "a connection from another IP");
        Op[] requests = {Op.SUBSCRIBE, Op.UNSUBSCRIBE, Op.LOGIN, Op.OTHER};
        for (int i = 0; i < 40; i++) {
            assertThat(conns.get(i % 3).onInbound(requests[i % 4]).allowed()).as("%s: request %d", limit, i + 1)
                .isTrue();
        }

        Decision fortyFirst = conns.get(1).onInbound(Op.SUBSCRIBE);

        assertThat(fortyFirst.refused()).as(limit + ": request 41").isTrue();
        assertErrorFrame(fortyFirst, "rate_limit", "Rate limit exceeded", false, limit);
        assertThat(fortyFirst.usage()).as(limit + ": usage").isEqualTo(41);
        assertThat(fortyFirst.limitValue()).as(limit + ": value").isEqualTo(40);
        assertThat(fortyFirst.retryAfterMs()).as(limit + ": retry after the 2-minute block").isEqualTo(120_000);
        assertThat(elsewhere.onInbound(Op.SUBSCRIBE).allowed()).as(limit + ": another IP").isTrue();
    }

    @Test
    void shouldBlockSfoxRequestsAndNewConnectionsForExactlyTwoMinutesAfterTheFortyFirstRequest() {
        LimitEngine engine = engine("sfox-two-minute-block");
        String limit = "sFOX 2-minute block after the 41st request per minute";
        ConnectionLimits first = admitted(engine.admit(Plans.principal("acct-1", "id-1", "10.0.0.1"), Plans.STOCK,
            "c1"), "connection 1");
        ConnectionLimits second = admitted(engine.admit(Plans.principal("acct-2", "id-2", "10.0.0.1"), Plans.STOCK,
            "c2"), "connection 2");
        ConnectionLimits elsewhere = admitted(engine.admit(Plans.principal("acct-9", "id-9", "10.0.0.2"),
            Plans.STOCK, "d1"), "a connection from another IP");
        for (int i = 0; i < 40; i++) {
            assertThat((i % 2 == 0 ? first : second).onInbound(Op.SUBSCRIBE).allowed())
                .as("%s: request %d", limit, i + 1).isTrue();
        }
        Decision fortyFirst = first.onInbound(Op.SUBSCRIBE);
        assertThat(fortyFirst.refused()).as(limit + ": request 41").isTrue();

        clock.advanceMillis(119_999);
        Decision blockedRequest = second.onInbound(Op.OTHER);
        Admission blockedConnection = engine.admit(Plans.principal("acct-3", "id-3", "10.0.0.1"), Plans.STOCK, "c3");

        assertThat(blockedRequest.refused()).as(limit + ": a request at 119999 ms").isTrue();
        assertErrorFrame(blockedRequest, "rate_limit", "Rate limit exceeded", false, limit + " (blocked request)");
        assertThat(blockedRequest.retryAfterMs()).as(limit + ": retry after").isEqualTo(1);
        Admission.Refused refused = refused(blockedConnection, limit + ": a new connection at 119999 ms");
        assertThat(refused.httpStatus()).as(limit + ": status of a blocked handshake").isEqualTo(429);
        assertThat(refused.body()).as(limit + ": body of a blocked handshake, with the block's time left")
            .isEqualTo(SFOX_BODY_BEFORE + "1}}");
        assertThat(elsewhere.onInbound(Op.SUBSCRIBE).allowed()).as(limit + ": another IP is not blocked").isTrue();
        clock.advanceMillis(1);
        assertThat(second.onInbound(Op.SUBSCRIBE).allowed()).as(limit + ": a request at 120000 ms").isTrue();
        admitted(engine.admit(Plans.principal("acct-3", "id-3", "10.0.0.1"), Plans.STOCK, "c4"),
            limit + ": a new connection at 120000 ms");
    }

    // ---------------------------------------------------------------- 0xArchive

    @Test
    void shouldRefuseEveryOxArchiveFreeTierWebSocketHandshake() {
        LimitEngine engine = engine("0xarchive-free-no-websocket");
        String limit = "0xArchive Free: no WebSocket access";
        for (int i = 0; i < 3; i++) {
            Admission.Refused refused = refused(engine.admit(Plans.principal("0xa_free", "free", "10.0.0." + i),
                Plans.STOCK, "c" + i), limit + ", attempt " + (i + 1));
            assertThat(refused.httpStatus()).as(limit + ": status").isEqualTo(403);
            assertThat(refused.body()).as(limit + ": body").contains("\"error_code\":\"forbidden\"");
            assertThat(refused.decision().limitValue()).as(limit + ": value").isZero();
            assertThat(refused.decision().usage()).as(limit + ": usage").isEqualTo(1);
        }
    }

    @Test
    void shouldFailOxArchiveSubscriptionBeyondEachTiersMaximum() {
        Map<String, Integer> tiers = new LinkedHashMap<>();
        tiers.put("Build", 25);
        tiers.put("Pro", 100);
        tiers.put("Enterprise", 200);
        for (Map.Entry<String, Integer> tier : tiers.entrySet()) {
            int max = tier.getValue();
            String limit = "0xArchive " + tier.getKey() + ": " + max + " subscriptions per API key";
            LimitEngine engine = engine("0xarchive-max-subscriptions", "max: 25", "max: " + max);
            List<ConnectionLimits> conns = connections(engine, Plans.principal("0xa_key", "key", "10.0.0.1"), 2);
            for (int i = 0; i < max; i++) {
                assertThat(conns.get(i % 2).onSubscribe(trades(i)).allowed()).as("%s: subscription %d", limit, i + 1)
                    .isTrue();
            }

            Decision excess = conns.get(1).onSubscribe(trades(max));

            assertThat(excess.refused()).as(limit + ": subscription " + (max + 1)).isTrue();
            assertErrorFrame(excess, "rate_limited", "Maximum subscriptions for your tier reached", false, limit);
            assertThat(excess.usage()).as(limit + ": usage").isEqualTo(max + 1);
            assertThat(excess.limitValue()).as(limit + ": value").isEqualTo(max);
            ConnectionLimits otherKey = admitted(engine.admit(Plans.principal("0xa_other", "other", "10.0.0.1"),
                Plans.STOCK, "other"), "another API key");
            assertThat(otherKey.onSubscribe(trades(0)).allowed()).as(limit + ": another API key").isTrue();
            conns.get(0).onUnsubscribe(trades(0));
            assertThat(conns.get(1).onSubscribe(trades(max)).allowed()).as(limit + ": after an unsubscribe").isTrue();
        }
    }

    @Test
    void shouldChargeOxArchiveOneCreditPerMessageAndStopAtTheQuota() {
        Map<String, Integer> tiers = new LinkedHashMap<>();
        tiers.put("Build", 80_000_000);
        tiers.put("Pro", 400_000_000);
        for (Map.Entry<String, Integer> tier : tiers.entrySet()) {
            int quota = tier.getValue();
            String limit = "0xArchive " + tier.getKey() + ": " + quota + " credits, 1 per message";
            LimitEngine engine = engine("0xarchive-credits", "max: 80000000", "max: " + quota);
            List<ConnectionLimits> conns = connections(engine, Plans.principal("0xa_key", "key", "10.0.0.1"), 2);
            ConnectionLimits one = conns.get(0);
            ConnectionLimits two = conns.get(1);

            assertThat(one.onOutbound(quota - 1_000).allowed()).as(limit + ": quota - 1000 messages").isTrue();
            assertThat(two.onOutbound(999).allowed()).as(limit + ": 999 more on another connection").isTrue();
            assertThat(one.onOutbound(1).allowed()).as(limit + ": the last credit of the quota").isTrue();
            Decision exhausted = two.onOutbound(1);

            assertThat(exhausted.refused()).as(limit + ": message quota + 1, before it is sent").isTrue();
            assertErrorFrame(exhausted, "insufficient_credits", "Monthly credit quota exhausted", true, limit);
            assertThat(exhausted.limit().action().closeCode()).as(limit + ": close code").isEqualTo(1008);
            assertThat(exhausted.usage()).as(limit + ": one credit per message").isEqualTo(quota + 1L);
            assertThat(exhausted.limitValue()).as(limit + ": value").isEqualTo(quota);
            ConnectionLimits otherKey = admitted(engine.admit(Plans.principal("0xa_other", "other", "10.0.0.1"),
                Plans.STOCK, "other"), "another API key");
            assertThat(otherKey.onOutbound(1_000).allowed()).as(limit + ": another API key").isTrue();
        }
    }

    @Test
    void shouldCloseOxArchiveConnectionIdleSixtySecondsWithSubscriptionsAndFiveMinutesWithout() {
        LimitEngine engine = engine("0xarchive-idle-timeout");
        List<ConnectionLimits> conns = connections(engine, Plans.principal("0xa_key", "key", "10.0.0.1"), 4);
        ConnectionLimits bare = conns.get(0);
        ConnectionLimits subscribed = subscribed(conns.get(1));
        ConnectionLimits pinger = subscribed(conns.get(2));
        ConnectionLimits emptied = subscribed(conns.get(3));
        emptied.onUnsubscribe(trades(0));
        String limit = "0xArchive idle timeout 60 s with subscriptions, 5 min without";

        clock.advanceMillis(30_000);
        pinger.onInbound(Op.PING);
        clock.advanceMillis(29_999);
        assertThat(subscribed.onTick().allowed()).as(limit + ": subscribed, idle 59999 ms").isTrue();
        clock.advanceMillis(1);
        Decision idle = subscribed.onTick();

        assertThat(idle.refused()).as(limit + ": subscribed, idle 60000 ms").isTrue();
        assertThat(idle.limit().action().type()).as(limit + ": action").isEqualTo(Action.Type.CLOSE);
        assertThat(idle.limit().action().closeCode()).as(limit + ": close code").isEqualTo(1000);
        assertThat(idle.limit().action().reason()).as(limit + ": reason").isEqualTo("idle timeout");
        assertThat(idle.usage()).as(limit + ": idle ms").isEqualTo(60_000);
        assertThat(pinger.onTick().allowed()).as(limit + ": pinged 30 s ago").isTrue();
        assertThat(emptied.onTick().allowed()).as(limit + ": unsubscribed from everything, idle 60 s").isTrue();
        assertThat(bare.onTick().allowed()).as(limit + ": never subscribed, idle 60 s").isTrue();
        for (int i = 0; i < 7; i++) {
            pinger.onInbound(Op.PING);
            clock.advanceMillis(30_000);
            assertThat(pinger.onTick().allowed()).as(limit + ": pinging every 30 s").isTrue();
        }
        clock.advanceMillis(29_999);
        assertThat(bare.onTick().allowed()).as(limit + ": no subscriptions, idle 299999 ms").isTrue();
        assertThat(emptied.onTick().allowed()).as(limit + ": emptied, idle 299999 ms").isTrue();
        clock.advanceMillis(1);
        Decision fiveMinutes = bare.onTick();
        assertThat(fiveMinutes.refused()).as(limit + ": no subscriptions, idle 300000 ms").isTrue();
        assertThat(fiveMinutes.usage()).as(limit + ": idle ms").isEqualTo(300_000);
        assertThat(emptied.onTick().refused()).as(limit + ": emptied, idle 300000 ms").isTrue();
    }

    @Test
    void shouldRefuseOxArchiveEleventhSubscribeOrUnsubscribeWithinOneSecond() {
        LimitEngine engine = engine("0xarchive-subscribe-rate");
        List<ConnectionLimits> conns = connections(engine, Plans.principal("0xa_key", "key", "10.0.0.1"), 2);
        ConnectionLimits conn = conns.get(0);
        String limit = "0xArchive 10 subscribe/unsubscribe ops per second per connection";
        for (int i = 0; i < 10; i++) {
            assertThat(conn.onInbound(i % 2 == 0 ? Op.SUBSCRIBE : Op.UNSUBSCRIBE).allowed())
                .as("%s: op %d", limit, i + 1).isTrue();
        }
        assertThat(conn.onInbound(Op.PING)).as(limit + ": a ping does not count").isSameAs(Decision.ALLOWED);

        Decision eleventh = conn.onInbound(Op.SUBSCRIBE);

        assertThat(eleventh.refused()).as(limit + ": op 11 within the second").isTrue();
        assertErrorFrame(eleventh, "rate_limited", "Subscription rate limit exceeded (10/second)", false, limit);
        assertThat(eleventh.usage()).as(limit + ": usage").isEqualTo(11);
        assertThat(eleventh.retryAfterMs()).as(limit + ": retry when the first is a second old").isEqualTo(1_000);
        assertThat(conns.get(1).onInbound(Op.SUBSCRIBE).allowed()).as(limit + ": another connection").isTrue();
        clock.advanceMillis(100);
        assertThat(conn.onInbound(Op.UNSUBSCRIBE).refused()).as(limit + ": after 100 ms (no refill)").isTrue();
        clock.advanceMillis(899);
        assertThat(conn.onInbound(Op.UNSUBSCRIBE).refused()).as(limit + ": after 999 ms").isTrue();
        clock.advanceMillis(1);
        for (int i = 0; i < 10; i++) {
            assertThat(conn.onInbound(Op.SUBSCRIBE).allowed()).as("%s: op %d at 1000 ms", limit, i + 1).isTrue();
        }
        assertThat(conn.onInbound(Op.SUBSCRIBE).refused()).as(limit + ": 11 ops in the second since 1000 ms")
            .isTrue();
    }

    @Test
    void shouldAllowOxArchiveOneReplayAtATimePerConnection() {
        LimitEngine engine = engine("0xarchive-one-replay-per-connection");
        List<ConnectionLimits> conns = connections(engine, Plans.principal("0xa_key", "key", "10.0.0.1"), 2);
        ConnectionLimits one = conns.get(0);
        String limit = "0xArchive 1 concurrent replay per connection";

        assertThat(one.onRequestStart("replay-1").allowed()).as(limit + ": first replay").isTrue();
        Decision second = one.onRequestStart("replay-2");

        assertThat(second.refused()).as(limit + ": second replay on the same connection").isTrue();
        assertErrorFrame(second, "rate_limited", "One replay per connection at a time", false, limit);
        assertThat(second.usage()).as(limit + ": usage").isEqualTo(2);
        assertThat(second.limitValue()).as(limit + ": value").isEqualTo(1);
        assertThat(conns.get(1).onRequestStart("replay-1").allowed()).as(limit + ": another connection").isTrue();
        one.onRequestEnd("replay-1");
        assertThat(one.onRequestStart("replay-2").allowed()).as(limit + ": after the first completed").isTrue();
    }

    // ---------------------------------------------------------------- OKX

    @Test
    void shouldRefuseOkxFourthNewConnectionWithinOneSecondFromOneIp() {
        LimitEngine engine = engine("okx-connect-rate");
        String limit = "OKX 3 new connections per second per IP";
        for (int i = 0; i < 3; i++) {
            admitted(engine.admit(Plans.principal("sub-" + i, "key-" + i, "10.0.0.1"), Plans.STOCK, "c" + i),
                limit + ", connection " + (i + 1));
        }

        Admission fourth = engine.admit(Plans.principal("sub-3", "key-3", "10.0.0.1"), Plans.STOCK, "c3");

        Admission.Refused refused = refused(fourth, limit + ", connection 4 within the second");
        assertThat(refused.httpStatus()).as(limit + ": status").isEqualTo(429);
        assertThat(refused.body()).as(limit + ": body")
            .isEqualTo("{\"msg\":\"Too Many Requests\",\"code\":\"50011\"}");
        assertThat(refused.decision().retryAfterMs()).as(limit + ": retry when the first is a second old")
            .isEqualTo(1_000);
        admitted(engine.admit(Plans.principal("sub-9", "key-9", "10.0.0.2"), Plans.STOCK, "d1"),
            limit + ": another IP");
        clock.advanceMillis(334);
        refused(engine.admit(Plans.principal("sub-3", "key-3", "10.0.0.1"), Plans.STOCK, "c4"),
            limit + ": after 334 ms (no refill)");
        clock.advanceMillis(665);
        refused(engine.admit(Plans.principal("sub-3", "key-3", "10.0.0.1"), Plans.STOCK, "c5"),
            limit + ": after 999 ms");
        clock.advanceMillis(1);
        for (int i = 0; i < 3; i++) {
            admitted(engine.admit(Plans.principal("sub-3", "key-3", "10.0.0.1"), Plans.STOCK, "c" + (6 + i)),
                limit + ": after 1000 ms, connection " + (i + 1) + " of the next 3");
        }
        refused(engine.admit(Plans.principal("sub-3", "key-3", "10.0.0.1"), Plans.STOCK, "c9"),
            limit + ": a fourth after 1000 ms");
    }

    @Test
    void shouldRefuseOkxFourHundredEightyFirstSubscribeUnsubscribeOrLoginPerHourOnOneConnection() {
        LimitEngine engine = engine("okx-ops-per-hour");
        List<ConnectionLimits> conns = connections(engine, Plans.principal("sub-1", "key-1", "10.0.0.1"), 2);
        ConnectionLimits conn = conns.get(0);
        String limit = "OKX 480 subscribe/unsubscribe/login per hour per connection";
        Op[] ops = {Op.SUBSCRIBE, Op.UNSUBSCRIBE, Op.LOGIN};
        for (int i = 0; i < 480; i++) {
            assertThat(conn.onInbound(ops[i % 3]).allowed()).as("%s: op %d", limit, i + 1).isTrue();
        }
        assertThat(conn.onInbound(Op.PING)).as(limit + ": ping does not count").isSameAs(Decision.ALLOWED);
        assertThat(conn.onInbound(Op.ORDER)).as(limit + ": order does not count").isSameAs(Decision.ALLOWED);

        Decision over = conn.onInbound(Op.LOGIN);

        assertThat(over.refused()).as(limit + ": op 481").isTrue();
        assertErrorFrame(over, "60014", "Requests too frequent", false, limit);
        assertThat(new OkxDialect(List.of()).limitError(over, null, connection("c0")))
            .as(limit + ": on the wire")
            .isEqualTo("{\"event\":\"error\",\"code\":\"60014\",\"msg\":\"Requests too frequent\",\"connId\":\"c0\"}");
        assertThat(over.usage()).as(limit + ": usage").isEqualTo(481);
        assertThat(over.retryAfterMs()).as(limit + ": retry when the first is an hour old").isEqualTo(3_600_000);
        assertThat(conns.get(1).onInbound(Op.SUBSCRIBE).allowed()).as(limit + ": another connection").isTrue();
        clock.advanceMillis(7_500);
        assertThat(conn.onInbound(Op.SUBSCRIBE).refused()).as(limit + ": after 7500 ms (no refill)").isTrue();
        clock.advanceMillis(3_600_000 - 7_500 - 1);
        assertThat(conn.onInbound(Op.SUBSCRIBE).refused()).as(limit + ": after 3599999 ms").isTrue();
        clock.advanceMillis(1);
        for (int i = 0; i < 480; i++) {
            assertThat(conn.onInbound(ops[i % 3]).allowed()).as("%s: op %d after an hour", limit, i + 1).isTrue();
        }
        assertThat(conn.onInbound(Op.SUBSCRIBE).refused()).as(limit + ": op 481 of the next hour").isTrue();
    }

    @Test
    void shouldCloseOkxConnectionWith4004AfterThirtySecondsWithoutSubscriptionOrData() {
        LimitEngine engine = engine("okx-idle-close");
        List<ConnectionLimits> conns = connections(engine, Plans.principal("sub-1", "key-1", "10.0.0.1"), 3);
        ConnectionLimits bare = conns.get(0);
        ConnectionLimits fed = subscribed(conns.get(1));
        ConnectionLimits pinging = conns.get(2);
        String limit = "OKX close 4004 after 30 s without subscription or data";

        clock.advanceMillis(10_000);
        fed.onOutbound(1);
        clock.advanceMillis(10_000);
        fed.onOutbound(1);
        pinging.onInbound(Op.PING);
        clock.advanceMillis(9_999);
        assertThat(bare.onTick().allowed()).as(limit + ": no subscription, 29999 ms").isTrue();
        clock.advanceMillis(1);
        Decision idle = bare.onTick();

        assertThat(idle.refused()).as(limit + ": no subscription, 30000 ms").isTrue();
        assertThat(idle.limit().action().type()).as(limit + ": action").isEqualTo(Action.Type.CLOSE);
        assertThat(idle.limit().action().closeCode()).as(limit + ": close code").isEqualTo(4004);
        assertThat(idle.limit().action().reason()).as(limit + ": reason").isEqualTo("No data received in 30s");
        for (int i = 1; i <= 18; i++) {
            clock.advanceMillis(10_000);
            fed.onOutbound(1);
            if (i % 2 == 1) {
                pinging.onInbound(Op.PING);
            }
            assertThat(fed.onTick().allowed()).as(limit + ": data pushed every 10 s").isTrue();
            assertThat(pinging.onTick().allowed()).as(limit + ": pinging every 20 s").isTrue();
        }
        clock.advanceMillis(29_999);
        assertThat(fed.onTick().allowed()).as(limit + ": 29999 ms after the last data").isTrue();
        clock.advanceMillis(1);
        assertThat(fed.onTick().refused()).as(limit + ": 30000 ms after the last data").isTrue();
    }

    @Test
    void shouldEndOkxThirtyFirstConnectionOnEachPrivateChannelOfOneSubAccount() {
        LimitEngine engine = engine("okx-channel-connections");
        List<ConnectionLimits> conns = connections(engine, Plans.principal("sub-1", "key-1", "10.0.0.1"), 31);
        for (String channel : OKX_PRIVATE_CHANNELS) {
            String limit = "OKX 30 connections per channel per sub-account, " + channel;
            for (int k = 0; k < 30; k++) {
                Decision joined = conns.get(k).onSubscribe(arg(channel, "ANY"));
                assertThat(joined.allowed()).as("%s: connection %d", limit, k + 1).isTrue();
                assertThat(joined.usage()).as("%s: count after connection %d", limit, k + 1).isEqualTo(k + 1);
            }

            Decision over = conns.get(30).onSubscribe(arg(channel, "ANY"));

            assertThat(over.refused()).as(limit + ": connection 31").isTrue();
            assertThat(over.limit().action().type()).as(limit + ": action").isEqualTo(Action.Type.NOTIFY);
            assertThat(over.usage()).as(limit + ": usage").isEqualTo(31);
            assertThat(over.limitValue()).as(limit + ": value").isEqualTo(30);
        }
        ConnectionLimits otherSub = admitted(engine.admit(Plans.principal("sub-2", "key-2", "10.0.0.1"),
            Plans.STOCK, "other"), "another sub-account");
        assertThat(otherSub.onSubscribe(arg("orders", "ANY")).usage()).as("another sub-account counts apart")
            .isEqualTo(1);
        assertThat(conns.get(30).onSubscribe(arg("tickers", "BTC-USDT"))).as("tickers is not a limited channel")
            .isSameAs(Decision.ALLOWED);
        conns.get(0).release();
        Decision after = conns.get(30).onSubscribe(arg("orders", "ANY"));
        assertThat(after.allowed()).as("connection 31 after connection 1 closed").isTrue();
        assertThat(after.usage()).as("count after connection 1 closed and 31 joined").isEqualTo(30);
    }

    @Test
    void shouldCountOkxArgsOfOneChannelOnOneConnectionOnceUntilTheLastIsUnsubscribed() {
        LimitEngine engine = engine("okx-args-count-once");
        List<ConnectionLimits> conns = connections(engine, Plans.principal("sub-1", "key-1", "10.0.0.1"), 31);
        String limit = "OKX orders connections per sub-account (30), several args on one connection";

        assertThat(conns.get(0).onSubscribe(arg("orders", "ANY")).usage()).as(limit + ": first arg").isEqualTo(1);
        assertThat(conns.get(0).onSubscribe(arg("orders", "SWAP"))).as(limit + ": second arg counts once")
            .isSameAs(Decision.ALLOWED);
        for (int k = 1; k < 30; k++) {
            assertThat(conns.get(k).onSubscribe(arg("orders", "ANY")).usage()).as("%s: connection %d", limit, k + 1)
                .isEqualTo(k + 1);
        }
        assertThat(conns.get(30).onSubscribe(arg("orders", "ANY")).refused()).as(limit + ": connection 31").isTrue();
        conns.get(0).onUnsubscribe(arg("orders", "ANY"));
        assertThat(conns.get(30).onSubscribe(arg("orders", "ANY")).refused())
            .as(limit + ": connection 1 still holds its slot through the SWAP arg").isTrue();
        conns.get(0).onUnsubscribe(arg("orders", "SWAP"));
        Decision after = conns.get(30).onSubscribe(arg("orders", "ANY"));
        assertThat(after.allowed()).as(limit + ": after connection 1 unsubscribed its last orders arg").isTrue();
        assertThat(after.usage()).as(limit + ": count").isEqualTo(30);
    }

    @Test
    void shouldCountOkxDifferentChannelsApart() {
        LimitEngine engine = engine("okx-channels-count-apart");
        List<ConnectionLimits> conns = connections(engine, Plans.principal("sub-1", "key-1", "10.0.0.1"), 31);
        String limit = "OKX 30 connections per channel per sub-account";
        assertThat(conns.get(0).onSubscribe(arg("orders", "ANY")).usage()).as(limit + ": orders").isEqualTo(1);
        assertThat(conns.get(0).onSubscribe(arg("account", "")).usage())
            .as(limit + ": account on the same connection counts in its own channel").isEqualTo(1);
        for (int k = 1; k < 30; k++) {
            assertThat(conns.get(k).onSubscribe(arg("orders", "ANY")).usage()).as("%s: orders %d", limit, k + 1)
                .isEqualTo(k + 1);
        }

        Decision ordersFull = conns.get(30).onSubscribe(arg("orders", "ANY"));
        Decision account = conns.get(30).onSubscribe(arg("account", ""));

        assertThat(ordersFull.refused()).as(limit + ": orders connection 31").isTrue();
        assertThat(account.allowed()).as(limit + ": a full orders channel does not stop account").isTrue();
        assertThat(account.usage()).as(limit + ": account count").isEqualTo(2);
        assertThat(conns.get(30).onSubscribe(arg("positions", "ANY")).usage()).as(limit + ": positions count")
            .isEqualTo(1);
    }

    @Test
    void shouldSendOkxChannelConnCountOnEveryNewChannelSubscription() {
        LimitEngine engine = engine("okx-channel-conn-count");
        List<ConnectionLimits> conns = connections(engine, Plans.principal("sub-1", "key-1", "10.0.0.1"), 6);
        OkxDialect okx = new OkxDialect(List.of());
        String limit = "OKX channel-conn-count";
        for (int k = 0; k < 5; k++) {
            SubscriptionInfo orders = arg("orders", "ANY");
            Decision joined = conns.get(k).onSubscribe(orders);
            assertThat(joined.outcome()).as("%s: connection %d", limit, k + 1).isEqualTo(Decision.Outcome.ALLOWED);
            assertThat(joined.limit().action().type()).as(limit + ": action").isEqualTo(Action.Type.NOTIFY);
            assertThat(okx.limitNotice(joined, orders, false, connection("c" + k))).as("%s: notice %d", limit, k + 1)
                .isEqualTo("{\"event\":\"channel-conn-count\",\"channel\":\"orders\",\"connCount\":\"" + (k + 1)
                    + "\",\"connId\":\"c" + k + "\"}");
        }
        assertThat(conns.get(0).onSubscribe(arg("account", "")).usage()).as(limit + ": a new channel on connection 1")
            .isEqualTo(1);
        assertThat(conns.get(0).onSubscribe(arg("orders", "SWAP"))).as(limit + ": not a new channel subscription")
            .isSameAs(Decision.ALLOWED);
        conns.get(4).release();
        assertThat(conns.get(5).onSubscribe(arg("orders", "ANY")).usage()).as(limit + ": after connection 5 closed")
            .isEqualTo(5);
    }

    @Test
    void shouldAcknowledgeThenEndOkxSubscriptionWithChannelConnCountErrorOnBreach() {
        LimitEngine engine = engine("okx-channel-conn-count-error");
        List<ConnectionLimits> conns = connections(engine, Plans.principal("sub-1", "key-1", "10.0.0.1"), 31);
        String limit = "OKX channel-conn-count-error at 30 orders connections";
        for (int k = 0; k < 30; k++) {
            assertThat(conns.get(k).onSubscribe(arg("orders", "ANY")).allowed()).as("%s: %d", limit, k + 1).isTrue();
        }
        SubscriptionInfo orders = arg("orders", "ANY");

        Decision over = conns.get(30).onSubscribe(orders);

        assertThat(over.refused()).as(limit + ": connection 31").isTrue();
        // Session answers NOTIFY refusals with the usual ack, then this notice (LimitsOverSocketTest, real socket).
        assertThat(over.limit().action().type()).as(limit + ": action").isEqualTo(Action.Type.NOTIFY);
        assertThat(new OkxDialect(List.of()).limitNotice(over, orders, true, connection("c30")))
            .as(limit + ": on the wire")
            .isEqualTo("{\"event\":\"channel-conn-count-error\",\"channel\":\"orders\",\"connCount\":\"30\","
                + "\"connId\":\"c30\"}");
        assertThat(conns.get(30).onSubscribe(orders).refused()).as(limit + ": the ended subscription held nothing")
            .isTrue();
        conns.get(7).release();
        assertThat(conns.get(30).onSubscribe(orders).usage()).as(limit + ": after connection 8 closed").isEqualTo(30);
    }

    @Test
    void shouldRefuseOkxBooksL2TbtBelowVip4With64003() {
        LimitEngine engine = engine("okx-books-l2-tbt-tier");
        ConnectionLimits conn = connections(engine, Plans.principal("sub-1", "key-1", "10.0.0.1"), 1).get(0);
        String limit = "OKX books-l2-tbt below VIP4";

        Decision refused = conn.onSubscribe(SubscriptionInfo.of("books-l2-tbt:BTC-USDT", "books-l2-tbt"));

        assertThat(refused.refused()).as(limit + ": first subscription").isTrue();
        assertErrorFrame(refused, "64003", "Your trading fee tier doesn't meet the requirement.", false, limit);
        assertThat(new OkxDialect(List.of()).limitError(refused, null, connection("c0"))).as(limit + ": on the wire")
            .isEqualTo("{\"event\":\"error\",\"code\":\"64003\",\"msg\":\"Your trading fee tier doesn't meet the "
                + "requirement.\",\"connId\":\"c0\"}");
        assertThat(conn.onSubscribe(SubscriptionInfo.of("books:BTC-USDT", "books")).allowed())
            .as(limit + ": other channels are not limited").isTrue();
    }

    @Test
    void shouldNotCountOkxOrderOperationsAgainstChannelOrRequestLimits() {
        LimitEngine engine = engine("okx-order-operations-not-impacted");
        List<ConnectionLimits> conns = connections(engine, Plans.principal("sub-1", "key-1", "10.0.0.1"), 31);
        ConnectionLimits last = conns.get(30);
        String limit = "OKX order operations vs 30 orders connections and 480 ops per hour";
        for (int k = 0; k < 30; k++) {
            assertThat(conns.get(k).onSubscribe(arg("orders", "ANY")).allowed()).as("%s: %d", limit, k + 1).isTrue();
        }
        assertThat(last.onSubscribe(arg("orders", "ANY")).refused()).as(limit + ": orders connection 31").isTrue();
        for (int i = 0; i < 480; i++) {
            assertThat(last.onInbound(i % 2 == 0 ? Op.SUBSCRIBE : Op.LOGIN).allowed()).as("%s: op %d", limit, i + 1)
                .isTrue();
        }
        assertThat(last.onInbound(Op.UNSUBSCRIBE).refused()).as(limit + ": op 481").isTrue();

        for (int i = 0; i < 1_000; i++) {
            assertThat(last.onInbound(Op.ORDER)).as("%s: order %d (place, amend, cancel)", limit, i + 1)
                .isSameAs(Decision.ALLOWED);
        }
    }

    // ---------------------------------------------------------------- the page and the tests in step

    @Test
    void shouldHaveOneYamlSectionAndAnExistingTestForEveryRowOfTheLimitsTable() throws NoSuchMethodException {
        List<LimitsDoc.Row> rows = DOC.rows();
        assertThat(rows).as("rows of the table in docs/limits.md").hasSizeGreaterThanOrEqualTo(31);
        Set<String> ids = new HashSet<>();
        Set<String> tests = new HashSet<>();
        for (LimitsDoc.Row row : rows) {
            String id = row.idText();
            assertThat(ids.add(id)).as("row id %s is unique", id).isTrue();
            assertThat(row.idAnchor()).as("row %s: the id links to its section", id).isEqualTo(id);
            assertThat(row.yamlAnchor()).as("row %s: the plan YAML links to its section", id).isEqualTo(id);
            assertThat(row.words()).as("row %s: the vendor's words are a quote", id).contains("\"");
            assertThat(DOC.sections().get(id)).as("row %s: section '### %s' with exactly one yaml block", id, id)
                .isNotNull().hasSize(1);
            assertThat(DOC.yaml(id)).as("row %s: the yaml block holds limit items", id).startsWith("- kind:");
            assertThat(row.test()).as("row %s: the test is Vendor...LimitsTest#method of this package", id)
                .matches("Vendor\\w*LimitsTest#\\w+");
            Class<?> testClass = testClass(row.test().substring(0, row.test().indexOf('#')));
            String method = row.test().substring(row.test().indexOf('#') + 1);
            assertThat(tests.add(method)).as("row %s: test %s proves one row only", id, method).isTrue();
            Method test = testClass.getDeclaredMethod(method);
            assertThat(test.isAnnotationPresent(Test.class)).as("row %s: %s is a @Test", id, method).isTrue();
        }
        assertThat(DOC.sections().keySet()).as("every yaml section has a row in the table").isEqualTo(ids);
    }

    // ---------------------------------------------------------------- helpers

    /** A test class of this package by its simple name (VendorLimitsTest, VendorReplayLimitsTest, ...). */
    private static Class<?> testClass(String simpleName) {
        try {
            return Class.forName(VendorLimitsTest.class.getPackageName() + "." + simpleName);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("docs/limits.md names a test class that does not exist: " + simpleName, e);
        }
    }

    /** The row's yaml block, exactly as docs/limits.md has it. */
    private LimitEngine engine(String id) {
        return Plans.engine(clock, indented(DOC.yaml(id)));
    }

    /** The row's yaml block with one tier's value: the line {@code line} (which must occur once) replaced. */
    private LimitEngine engine(String id, String line, String replacement) {
        String yaml = DOC.yaml(id);
        List<String> lines = new ArrayList<>(List.of(yaml.split("\n")));
        long matches = lines.stream().filter(l -> l.strip().equals(line)).count();
        assertThat(matches).as("section %s of docs/limits.md has the line '%s' once, to replace per tier", id, line)
            .isEqualTo(1);
        lines.replaceAll(l -> l.strip().equals(line) ? l.replace(line, replacement) : l);
        return Plans.engine(clock, indented(String.join("\n", lines) + "\n"));
    }

    /** Places the items under {@code plans[0].limits} (six spaces), as Plans.engine expects. */
    private static String indented(String yaml) {
        StringBuilder out = new StringBuilder();
        for (String line : yaml.split("\n")) {
            out.append(INDENT).append(line).append('\n');
        }
        return out.toString();
    }

    private static Map<String, Integer> allTickPlans(int free, int basic, int premium, int professional, int hk,
                                                     int cn) {
        Map<String, Integer> plans = new LinkedHashMap<>();
        plans.put("Free", free);
        plans.put("Basic", basic);
        plans.put("Premium", premium);
        plans.put("Professional", professional);
        plans.put("All HK Stocks", hk);
        plans.put("All CN Stocks", cn);
        return plans;
    }

    private static List<ConnectionLimits> connections(LimitEngine engine, Principal principal, int count) {
        List<ConnectionLimits> conns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            conns.add(admitted(engine.admit(principal, Plans.STOCK, "c" + i), "connection " + (i + 1)));
        }
        return conns;
    }

    private static ConnectionLimits subscribed(ConnectionLimits conn) {
        conn.onInbound(Op.SUBSCRIBE);
        assertThat(conn.onSubscribe(trades(0)).allowed()).as("subscription of " + conn.connId()).isTrue();
        return conn;
    }

    private static ConnectionLimits admitted(Admission admission, String what) {
        assertThat(admission).as(what + ": admitted").isInstanceOf(Admission.Admitted.class);
        return ((Admission.Admitted) admission).limits();
    }

    private static Admission.Refused refused(Admission admission, String what) {
        assertThat(admission).as(what + ": refused at the handshake").isInstanceOf(Admission.Refused.class);
        return (Admission.Refused) admission;
    }

    private static Admission.AcceptThenClose acceptedThenClosed(Admission admission, String what) {
        assertThat(admission).as(what + ": accepted, then closed").isInstanceOf(Admission.AcceptThenClose.class);
        return (Admission.AcceptThenClose) admission;
    }

    private static void assertErrorFrame(Decision decision, String code, String message, boolean closes,
                                         String limit) {
        Action action = decision.limit().action();
        assertThat(action.type()).as(limit + ": action").isEqualTo(Action.Type.ERROR_FRAME);
        assertThat(action.errorCode()).as(limit + ": error code").isEqualTo(code);
        assertThat(action.message()).as(limit + ": error text").isEqualTo(message);
        assertThat(action.closes()).as(limit + ": closes the connection").isEqualTo(closes);
    }

    private static SubscriptionInfo code(String iface, int i) {
        return new SubscriptionInfo(iface + ":" + i + ".HK", iface, iface, null);
    }

    private static SubscriptionInfo trades(int i) {
        return SubscriptionInfo.of("trades:COIN" + i, "trades");
    }

    private static SubscriptionInfo user(String channel, int u) {
        String address = String.format("0x%040x", u);
        return new SubscriptionInfo(channel + ":" + address, channel, channel, address);
    }

    private static SubscriptionInfo arg(String channel, String instType) {
        return new SubscriptionInfo(channel + ":" + instType, channel, channel, null);
    }

    private static Connection connection(String connId) {
        Endpoint endpoint = new Endpoint("/ws/v5/private", "default");
        return new Connection() {
            @Override
            public String connId() {
                return connId;
            }

            @Override
            public Endpoint endpoint() {
                return endpoint;
            }
        };
    }
}

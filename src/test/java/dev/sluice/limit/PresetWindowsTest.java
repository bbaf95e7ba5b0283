package dev.sluice.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.ConfigException;
import dev.sluice.config.Presets;
import dev.sluice.limit.memory.MemoryLimitState;
import dev.sluice.metric.Metrics;
import dev.sluice.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each preset's rate limits at the vendor's boundary, through the bundled preset's own plans on a manual clock
 * (issue 15): where the page states a count per period the window is sliding, so the count holds in every period,
 * however the requests are spread; and each refusal has a counterpart just inside the boundary that is allowed,
 * so that no test passes by refusing everything. hfun's burst stays a bucket, AllTick's spacing stays exact.
 */
class PresetWindowsTest {

    private static final long T0 = 1_700_000_000_000L;

    private final ManualClock clock = new ManualClock(T0);

    // ---------------------------------------------------------------- sFOX: 40 requests per 1 minute per IP

    @Test
    void shouldRefuse41stRequestWithinOneMinuteFromOneIp() throws ConfigException {
        List<ConnectionLimits> conns = sfoxFortyRequestsSpreadOverAMinute();
        at(59_000);

        Decision fortyFirst = conns.get(0).onInbound(Op.SUBSCRIBE);

        assertThat(fortyFirst.refused()).as("sFOX 40/min per IP: request 41 at 59 s, the first at 0 s").isTrue();
        assertThat(fortyFirst.limit().kind()).as("sFOX: refused by").isEqualTo(LimitKind.MESSAGE_RATE);
        assertThat(fortyFirst.usage()).as("sFOX: usage").isEqualTo(41);
        assertThat(fortyFirst.limitValue()).as("sFOX: value").isEqualTo(40);
    }

    @Test
    void shouldAllow41stRequestFromOneIpOnceTheFirstIsOneMinuteOld() throws ConfigException {
        List<ConnectionLimits> conns = sfoxFortyRequestsSpreadOverAMinute();
        at(60_000);

        Decision fortyFirst = conns.get(0).onInbound(Op.SUBSCRIBE);

        assertThat(fortyFirst.allowed()).as("sFOX 40/min per IP: request 41 at 60.0 s, the first at 0 s").isTrue();
    }

    /** 40 requests from one IP over two connections, one every 1.5 s from 0 to 58.5 s: all allowed. */
    private List<ConnectionLimits> sfoxFortyRequestsSpreadOverAMinute() throws ConfigException {
        LimitEngine engine = engine("sfox");
        List<ConnectionLimits> conns = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            conns.add(admitted(engine.admit(principal("sfox", "acct-" + i, "10.0.0.1", "sfox"), Plans.STOCK,
                "c" + i), "sFOX connection " + (i + 1)));
        }
        Op[] requests = {Op.SUBSCRIBE, Op.UNSUBSCRIBE, Op.LOGIN, Op.OTHER};
        for (int i = 0; i < 40; i++) {
            at(i * 1_500L);
            assertThat(conns.get(i % 2).onInbound(requests[i % 4]).allowed())
                .as("sFOX 40/min per IP: request %d at %d ms", i + 1, i * 1_500).isTrue();
        }
        return conns;
    }

    // ---------------------------------------------------------------- OKX: 3 new connections a second per IP

    @Test
    void shouldRefuseFourthConnectionFromOneIpWithinOneSecondSpread250MsApart() throws ConfigException {
        LimitEngine engine = okxThreeConnections250MsApart();
        at(750);

        Admission fourth = engine.admit(principal("okx", "key-3", "10.0.0.1", "vip0"), Plans.STOCK, "c3");

        assertThat(fourth).as("OKX 3 connections/s per IP: the 4th at 750 ms").isInstanceOf(Admission.Refused.class);
        Admission.Refused refused = (Admission.Refused) fourth;
        assertThat(refused.decision().limit().kind()).as("OKX: refused by").isEqualTo(LimitKind.CONNECT_RATE);
        assertThat(refused.httpStatus()).as("OKX: status").isEqualTo(429);
    }

    @Test
    void shouldAdmitFourthConnectionFromOneIpOnceTheFirstIsOneSecondOld() throws ConfigException {
        LimitEngine engine = okxThreeConnections250MsApart();
        at(1_000);

        Admission fourth = engine.admit(principal("okx", "key-3", "10.0.0.1", "vip0"), Plans.STOCK, "c3");

        admitted(fourth, "OKX 3 connections/s per IP: the 4th at 1000 ms, the first at 0 ms");
    }

    private LimitEngine okxThreeConnections250MsApart() throws ConfigException {
        LimitEngine engine = engine("okx");
        for (int i = 0; i < 3; i++) {
            at(i * 250L);
            admitted(engine.admit(principal("okx", "key-" + i, "10.0.0.1", "vip0"), Plans.STOCK, "c" + i),
                "OKX connection " + (i + 1) + " at " + i * 250 + " ms");
        }
        return engine;
    }

    // ---------------------------------------------------------------- OKX: 480 operations per connection per hour

    @Test
    void shouldRefuse481stOperationOnOneConnectionWithinOneHour() throws ConfigException {
        ConnectionLimits conn = okxFourHundredEightyOperationsSpreadOverAnHour();
        at(3_599_999);

        Decision over = conn.onInbound(Op.SUBSCRIBE);

        assertThat(over.refused()).as("OKX 480/h per connection: op 481 at 3599999 ms, the first at 0 ms").isTrue();
        assertThat(over.limit().action().errorCode()).as("OKX: error code").isEqualTo("60014");
    }

    @Test
    void shouldAllow481stOperationOnOneConnectionOnceTheFirstIsOneHourOld() throws ConfigException {
        ConnectionLimits conn = okxFourHundredEightyOperationsSpreadOverAnHour();
        at(3_600_000);

        assertThat(conn.onInbound(Op.SUBSCRIBE).allowed()).as("OKX 480/h per connection: op 481 at 3600000 ms")
            .isTrue();
    }

    /** 480 subscribe, unsubscribe and login operations on one connection, one every 7.5 s: all allowed. */
    private ConnectionLimits okxFourHundredEightyOperationsSpreadOverAnHour() throws ConfigException {
        ConnectionLimits conn = admitted(engine("okx").admit(principal("okx", "key-1", "10.0.0.1", "vip0"),
            Plans.STOCK, "c1"), "OKX connection");
        Op[] ops = {Op.SUBSCRIBE, Op.UNSUBSCRIBE, Op.LOGIN};
        for (int i = 0; i < 480; i++) {
            at(i * 7_500L);
            assertThat(conn.onInbound(ops[i % 3]).allowed()).as("OKX 480/h: op %d at %d ms", i + 1, i * 7_500)
                .isTrue();
        }
        return conn;
    }

    // ---------------------------------------------------------------- 0xArchive: 10 subscribe ops a second

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"build", "pro", "enterprise"})
    void shouldRefuseSubscribe500MsAfterTenSubscribes(String tier) throws ConfigException {
        ConnectionLimits conn = oxArchiveTenSubscribes(tier);
        at(500);

        Decision eleventh = conn.onInbound(Op.SUBSCRIBE);

        assertThat(eleventh.refused()).as("0xArchive %s 10/s: subscribe 11 at +500 ms", tier).isTrue();
        assertThat(eleventh.limit().action().errorCode()).as("0xArchive: error code").isEqualTo("rate_limited");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"build", "pro", "enterprise"})
    void shouldAllowSubscribe1001MsAfterTheFirstOfTenSubscribes(String tier) throws ConfigException {
        ConnectionLimits conn = oxArchiveTenSubscribes(tier);
        at(1_001);

        assertThat(conn.onInbound(Op.SUBSCRIBE).allowed()).as("0xArchive %s 10/s: subscribe 11 at +1001 ms", tier)
            .isTrue();
    }

    private ConnectionLimits oxArchiveTenSubscribes(String tier) throws ConfigException {
        ConnectionLimits conn = admitted(engine("oxarchive").admit(principal("oxarchive", "0xa_key", "10.0.0.1",
            tier), Plans.STOCK, "c1"), "0xArchive " + tier + " connection");
        for (int i = 0; i < 10; i++) {
            assertThat(conn.onInbound(Op.SUBSCRIBE).allowed()).as("0xArchive %s: subscribe %d at 0 ms", tier, i + 1)
                .isTrue();
        }
        return conn;
    }

    // ---------------------------------------------------------------- hfun: /info 30 a minute; messages a bucket

    @Test
    void shouldRefuse31stInfoRequestWithinOneMinuteFromOneIp() throws ConfigException {
        LimitEngine engine = hfunThirtyInfoRequestsSpreadOverAMinute();
        at(59_000);

        Decision thirtyFirst = engine.http(principal("hfun", "0xaaa", "10.0.0.1", "hfun-seat"), "/info");

        assertThat(thirtyFirst.refused()).as("hfun /info 30/min: request 31 at 59 s, the first at 0 s").isTrue();
        assertThat(thirtyFirst.limit().kind()).as("hfun /info: refused by").isEqualTo(LimitKind.HTTP_RATE);
    }

    @Test
    void shouldAllow31stInfoRequestFromOneIpOnceTheFirstIsOneMinuteOld() throws ConfigException {
        LimitEngine engine = hfunThirtyInfoRequestsSpreadOverAMinute();
        at(60_000);

        assertThat(engine.http(principal("hfun", "0xaaa", "10.0.0.1", "hfun-seat"), "/info").allowed())
            .as("hfun /info 30/min: request 31 at 60.0 s").isTrue();
    }

    /** 30 POST /info from one IP, one every 2 s from 0 to 58 s: all allowed. */
    private LimitEngine hfunThirtyInfoRequestsSpreadOverAMinute() throws ConfigException {
        LimitEngine engine = engine("hfun");
        for (int i = 0; i < 30; i++) {
            at(i * 2_000L);
            assertThat(engine.http(principal("hfun", "0xaaa", "10.0.0.1", "hfun-seat"), "/info").allowed())
                .as("hfun /info: request %d at %d ms", i + 1, i * 2_000).isTrue();
        }
        return engine;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hfun-seat", "hfun-telegram"})
    void shouldKeepHfunMessagesABucketOfFiftyRefilledOneEvery60Ms(String plan) throws ConfigException {
        ConnectionLimits conn = admitted(engine("hfun").admit(principal("hfun", "0xaaa", "10.0.0.1", plan),
            Plans.STOCK, "c1"), "hfun connection");
        for (int i = 0; i < 50; i++) {
            assertThat(conn.onInbound(Op.PING).allowed()).as("hfun %s: message %d of the burst", plan, i + 1)
                .isTrue();
        }

        assertThat(conn.onInbound(Op.PING).refused()).as("hfun %s: message 51 at once", plan).isTrue();
        at(59);
        assertThat(conn.onInbound(Op.PING).refused()).as("hfun %s: at 59 ms", plan).isTrue();
        at(60);
        assertThat(conn.onInbound(Op.PING).allowed()).as("hfun %s: refilled one at 60 ms", plan).isTrue();
    }

    // ---------------------------------------------------------------- Hyperliquid: 2000 messages a minute per IP

    @Test
    void shouldRefuse2001stMessageFromOneIpWithinOneMinute() throws ConfigException {
        List<ConnectionLimits> conns = hyperliquidTwoThousandMessagesAtOnce();
        at(59_999);

        Decision over = conns.get(1).onInbound(Op.SUBSCRIBE);

        assertThat(over.refused()).as("Hyperliquid 2000/min per IP: message 2001 at 59999 ms, 2000 at 0 ms").isTrue();
        assertThat(over.limit().kind()).as("Hyperliquid: refused by").isEqualTo(LimitKind.MESSAGE_RATE);
    }

    @Test
    void shouldAllow2001stMessageFromOneIpOnceTheFirstIsOneMinuteOld() throws ConfigException {
        List<ConnectionLimits> conns = hyperliquidTwoThousandMessagesAtOnce();
        at(60_000);

        assertThat(conns.get(1).onInbound(Op.SUBSCRIBE).allowed()).as("Hyperliquid 2000/min: message 2001 at 60 s")
            .isTrue();
    }

    /** 2000 messages at once from one IP over two connections: all allowed (a count per minute, no burst cap). */
    private List<ConnectionLimits> hyperliquidTwoThousandMessagesAtOnce() throws ConfigException {
        LimitEngine engine = engine("hyperliquid");
        List<ConnectionLimits> conns = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            conns.add(admitted(engine.admit(Principal.anonymous("hyperliquid", "10.0.0.1", "hyperliquid-ip"),
                Plans.STOCK, "c" + i), "Hyperliquid connection " + (i + 1)));
        }
        Op[] ops = {Op.PING, Op.SUBSCRIBE, Op.POST, Op.UNSUBSCRIBE};
        for (int i = 0; i < 2_000; i++) {
            assertThat(conns.get(i % 2).onInbound(ops[i % 4]).allowed())
                .as("Hyperliquid 2000/min per IP: message %d at 0 ms", i + 1).isTrue();
        }
        return conns;
    }

    // ---------------------------------------------------------------- AllTick: spacing, exact already

    @Test
    void shouldRefuseAllTickRequestWithinOneSecondOfTheLastAllowedAndAllowItAtOneSecond() throws ConfigException {
        ConnectionLimits conn = admitted(engine("alltick").admit(principal("alltick", "alltick-demo-free",
            "10.0.0.1", "alltick-free"), Plans.STOCK, "c1"), "AllTick connection");
        assertThat(conn.onInbound(Op.SUBSCRIBE).allowed()).as("AllTick: request at 0 ms").isTrue();

        at(999);
        Decision early = conn.onInbound(Op.SUBSCRIBE);
        at(1_000);
        Decision onTime = conn.onInbound(Op.UNSUBSCRIBE);

        assertThat(early.refused()).as("AllTick 1 s between requests: at 999 ms").isTrue();
        assertThat(early.limit().action().errorCode()).as("AllTick: error code").isEqualTo("605");
        assertThat(onTime.allowed()).as("AllTick: at 1000 ms (the refused request at 999 ms did not count)")
            .isTrue();
    }

    // ---------------------------------------------------------------- helpers

    private LimitEngine engine(String preset) throws ConfigException {
        return new LimitEngine(preset, Presets.load(preset).plans(), new MemoryLimitState(), clock, Metrics.NOOP,
            false);
    }

    /** The clock at {@code millis} after the start of the test. */
    private void at(long millis) {
        clock.advanceMillis(T0 + millis - clock.epochMillis());
    }

    private static Principal principal(String service, String account, String ip, String plan) {
        return new Principal(service, account, account, account, ip, plan);
    }

    private static ConnectionLimits admitted(Admission admission, String what) {
        assertThat(admission).as(what + ": admitted").isInstanceOf(Admission.Admitted.class);
        return ((Admission.Admitted) admission).limits();
    }
}

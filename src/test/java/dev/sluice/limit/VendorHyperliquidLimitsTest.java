package dev.sluice.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.time.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code hyperliquid-*} rows of docs/limits.md (Hyperliquid's official per-IP limits from vendors.md), run on the
 * engine from the rows' YAML exactly as written; and the bundled {@code hyperliquid} and {@code hfun} presets kept
 * in step with the rows whose YAML they are made of.
 */
class VendorHyperliquidLimitsTest {

    private static final LimitsDoc DOC = LimitsDoc.read(Path.of("docs/limits.md"));
    private static final String INDENT = "      ";

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    @Test
    void shouldRejectHyperliquidHundredFirstConnectionFromOneIp() {
        LimitEngine engine = engine("hyperliquid-connections-per-ip");
        List<ConnectionLimits> open = connections(engine, "10.0.0.1", 100);

        Admission excess = engine.admit(Plans.principal(null, null, "10.0.0.1"), Plans.STOCK, "over");

        assertThat(excess).as("Hyperliquid connection 101 of 100 per IP").isInstanceOf(Admission.Refused.class);
        assertThat(((Admission.Refused) excess).httpStatus()).isEqualTo(429);
        assertThat(engine.admit(Plans.principal(null, null, "10.0.0.2"), Plans.STOCK, "other"))
            .as("another IP").isInstanceOf(Admission.Admitted.class);
        open.get(0).release();
        assertThat(engine.admit(Plans.principal(null, null, "10.0.0.1"), Plans.STOCK, "again"))
            .as("a closed connection frees its slot").isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void shouldFailHyperliquidThousandFirstSubscriptionOfOneIpAcrossConnections() {
        LimitEngine engine = engine("hyperliquid-subscriptions-per-ip");
        List<ConnectionLimits> conns = connections(engine, "10.0.0.1", 2);
        for (int i = 0; i < 1000; i++) {
            assertThat(conns.get(i % 2).onSubscribe(SubscriptionInfo.of("s" + i, "trades")).refused())
                .as("subscription %d of 1000", i + 1).isFalse();
        }

        Decision over = conns.get(0).onSubscribe(SubscriptionInfo.of("s1000", "trades"));

        assertThat(over.refused()).as("subscription 1001 of 1000").isTrue();
        assertThat(over.limit().action().message()).isEqualTo("Cannot subscribe to more than 1000 total subscriptions");
        conns.get(1).onUnsubscribe(SubscriptionInfo.of("s1", "trades"));
        assertThat(conns.get(0).onSubscribe(SubscriptionInfo.of("s1000", "trades")).refused()).isFalse();
    }

    @Test
    void shouldCountHyperliquidUserOnceAcrossUserChannelsAndRefuseTheEleventh() {
        LimitEngine engine = engine("hyperliquid-unique-users-per-ip");
        List<ConnectionLimits> conns = connections(engine, "10.0.0.1", 2);
        for (int i = 0; i < 10; i++) {
            String user = "0xu" + i;
            assertThat(conns.get(0).onSubscribe(new SubscriptionInfo("o" + i, "orderUpdates", "orderUpdates", user))
                .refused()).as("user %d of 10", i + 1).isFalse();
            assertThat(conns.get(1).onSubscribe(new SubscriptionInfo("e" + i, "userEvents", "userEvents", user))
                .refused()).as("user %d again on userEvents", i + 1).isFalse();
        }

        Decision over = conns.get(1).onSubscribe(new SubscriptionInfo("f", "userFills", "userFills", "0xu10"));

        assertThat(over.refused()).as("user 11 of 10").isTrue();
        assertThat(over.limit().action().message()).isEqualTo("Cannot track more than 10 total users");
        assertThat(conns.get(0).onSubscribe(SubscriptionInfo.of("trades", "trades")).refused())
            .as("market data is not a user channel").isFalse();
    }

    @Test
    void shouldRefuseHyperliquidTwoThousandFirstMessageOfOneIpWithinOneMinute() {
        LimitEngine engine = engine("hyperliquid-messages-per-ip");
        List<ConnectionLimits> conns = connections(engine, "10.0.0.1", 2);
        ConnectionLimits elsewhere = connections(engine, "10.0.0.2", 1).get(0);
        Op[] ops = {Op.PING, Op.SUBSCRIBE, Op.POST, Op.UNSUBSCRIBE};
        // 2000 messages from one IP over two connections: 100 at once, then one every 29 ms up to 55 100 ms.
        for (int i = 0; i < 2_000; i++) {
            clock.advanceMillis(i < 100 ? 0 : 29);
            assertThat(conns.get(i % 2).onInbound(ops[i % 4]).refused()).as("message %d of 2000 in the minute", i + 1)
                .isFalse();
        }

        Decision over = conns.get(0).onInbound(Op.PING);

        assertThat(over.refused()).as("message 2001 within the minute").isTrue();
        assertThat(over.limit().action().message()).isEqualTo("rate limit exceeded");
        assertThat(elsewhere.onInbound(Op.PING).refused()).as("another IP").isFalse();
        clock.advanceMillis(60_000 - 55_100 - 1);
        assertThat(conns.get(1).onInbound(Op.PING).refused()).as("at 59 999 ms, 2000 in the minute").isTrue();
        clock.advanceMillis(1);
        for (int i = 0; i < 100; i++) {
            assertThat(conns.get(i % 2).onInbound(Op.PING).refused()).as("at 60 000 ms: the first 100 are out, %d",
                i + 1).isFalse();
        }
        assertThat(conns.get(1).onInbound(Op.PING).refused()).as("at 60 000 ms: a 101st").isTrue();
    }

    @Test
    void shouldRefuseHyperliquidHundredFirstInFlightPostOfOneIpUntilOneIsAnswered() {
        LimitEngine engine = engine("hyperliquid-inflight-posts-per-ip");
        List<ConnectionLimits> conns = connections(engine, "10.0.0.1", 2);
        for (int i = 0; i < 100; i++) {
            assertThat(conns.get(i % 2).onRequestStart("p" + i).refused()).as("post %d of 100", i + 1).isFalse();
        }

        Decision over = conns.get(0).onRequestStart("p100");

        assertThat(over.refused()).as("post 101 of 100 in flight").isTrue();
        assertThat(over.limit().action().message()).isEqualTo("too many pending post requests");
        conns.get(1).onRequestEnd("p1");
        assertThat(conns.get(0).onRequestStart("p100").refused()).as("an answered post frees its slot").isFalse();
    }

    @Test
    void shouldCloseHyperliquidConnectionSentNothingForSixtySeconds() {
        LimitEngine engine = engine("hyperliquid-idle-close");
        ConnectionLimits quiet = connections(engine, "10.0.0.1", 1).get(0);
        ConnectionLimits fed = connections(engine, "10.0.0.2", 1).get(0);
        clock.advanceMillis(30_000);
        fed.onOutbound(1);
        clock.advanceMillis(29_999);
        assertThat(quiet.onTick().refused()).as("59 999 ms without a message").isFalse();
        clock.advanceMillis(1);

        Decision closed = quiet.onTick();

        assertThat(closed.refused()).as("60 s without a message").isTrue();
        assertThat(closed.limit().action().closeCode()).isEqualTo(1000);
        assertThat(fed.onTick().refused()).as("a message sent 30 s ago").isFalse();
    }

    @Test
    void shouldBuildTheBundledPresetsFromTheRowsOfTheirVendors() throws IOException {
        String hyperliquid = preset("hyperliquid");
        for (String id : List.of("hyperliquid-connections-per-ip", "hyperliquid-subscriptions-per-ip",
            "hyperliquid-unique-users-per-ip", "hyperliquid-messages-per-ip", "hyperliquid-inflight-posts-per-ip",
            "hyperliquid-idle-close")) {
            assertThat(hyperliquid).as("presets/hyperliquid.yaml holds row %s", id).contains(indented(DOC.yaml(id)));
        }
        String hfun = preset("hfun");
        for (String id : List.of("hfun-connections-per-identity", "hfun-subscriptions-per-identity",
            "hfun-unique-users", "hfun-inbound-messages", "hfun-inflight-posts", "hfun-http-info",
            "hyperliquid-idle-close")) {
            assertThat(hfun).as("presets/hfun.yaml holds row %s", id).contains(indented(DOC.yaml(id)));
        }
        assertThat(hfun).as("the Telegram plan: 20 connections")
            .contains(indented(DOC.yaml("hfun-connections-per-identity")).replace("max: 10", "max: 20"));
    }

    private LimitEngine engine(String id) {
        return Plans.engine(clock, indented(DOC.yaml(id)));
    }

    private static List<ConnectionLimits> connections(LimitEngine engine, String ip, int count) {
        List<ConnectionLimits> open = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Admission admission = engine.admit(Plans.principal(null, null, ip), Plans.STOCK, ip + "/c" + i);
            assertThat(admission).as("connection %d of %s", i + 1, ip).isInstanceOf(Admission.Admitted.class);
            open.add(((Admission.Admitted) admission).limits());
        }
        return open;
    }

    private static String preset(String name) throws IOException {
        try (InputStream in = VendorHyperliquidLimitsTest.class.getResourceAsStream("/presets/" + name + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String indented(String yaml) {
        StringBuilder out = new StringBuilder();
        for (String line : yaml.split("\n")) {
            out.append(INDENT).append(line).append('\n');
        }
        return out.toString();
    }
}

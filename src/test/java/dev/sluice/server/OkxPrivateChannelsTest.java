package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The private channels of a logged-in demo account over real sockets, fed by its simulated orders (one every 5 s,
 * partly filled 2 s later) and balances, on the manual clock.
 */
@Timeout(20)
class OkxPrivateChannelsTest {

    @Test
    void shouldPushTheAccountsOrdersInOkxShapeAfterAckAndChannelConnCount() throws Exception {
        try (GatewayFixture fixture = OkxClient.preset();
             OkxClient client = OkxClient.loggedIn(fixture, OkxClient.DEMO)) {
            client.send("{\"id\":\"7\",\"op\":\"subscribe\",\"args\":[{\"channel\":\"orders\",\"instType\":\"ANY\"}]}");
            JsonNode ack = client.next();
            JsonNode count = client.next();
            fixture.advanceFeed(5_000);
            JsonNode placed = client.next();
            fixture.advanceFeed(2_000);
            JsonNode partly = client.next();

            assertThat(ack.toString()).matches("\\{\"id\":\"7\",\"event\":\"subscribe\",\"arg\":\\{\"channel\":"
                + "\"orders\",\"instType\":\"ANY\"},\"connId\":\"\\w{8}\"}");
            assertThat(count.toString()).matches("\\{\"event\":\"channel-conn-count\",\"channel\":\"orders\","
                + "\"connCount\":\"1\",\"connId\":\"\\w{8}\"}");
            assertThat(placed.path("arg").toString()).isEqualTo(
                "{\"channel\":\"orders\",\"instType\":\"ANY\",\"uid\":\"demo\"}");
            JsonNode order = placed.path("data").get(0);
            assertThat(order.path("instId").asText()).isEqualTo("BTC-USDT");
            assertThat(order.path("instType").asText()).isEqualTo("SPOT");
            assertThat(order.path("state").asText()).isEqualTo("live");
            assertThat(order.path("ordType").asText()).isEqualTo("limit");
            assertThat(order.path("accFillSz").asText()).isEqualTo("0");
            assertThat(order.path("cTime").asText()).isEqualTo(Long.toString(GatewayFixture.START_EPOCH_MS + 5_000));
            JsonNode fill = partly.path("data").get(0);
            assertThat(fill.path("ordId").asText()).isEqualTo(order.path("ordId").asText());
            assertThat(fill.path("state").asText()).isEqualTo("partially_filled");
            assertThat(fill.path("fillSz").asText()).isEqualTo(fill.path("accFillSz").asText());
            assertThat(fill.path("fillPx").asText()).isEqualTo(order.path("px").asText());
            assertThat(fill.path("tradeId").asText()).isNotEmpty();
            assertThat(fill.path("fee").asText()).startsWith("-").isEqualTo(fill.path("fillFee").asText());
            assertThat(fill.path("feeCcy").asText()).isEqualTo("USDT");
        }
    }

    @Test
    void shouldGiveEachOrderAnOrdIdNoOtherAccountReceivesWhileConnectionsOfOneAccountAgree() throws Exception {
        try (GatewayFixture fixture = OkxClient.preset();
             OkxClient demo = OkxClient.loggedIn(fixture, OkxClient.DEMO);
             OkxClient demoAgain = OkxClient.loggedIn(fixture, OkxClient.DEMO);
             OkxClient demo2 = OkxClient.loggedIn(fixture, OkxClient.DEMO2)) {
            for (OkxClient client : List.of(demo, demoAgain, demo2)) {
                client.subscribe("{\"channel\":\"orders\",\"instType\":\"ANY\"}");
                client.next();
                client.next();
            }
            // Each account places an order every 5 s: three each.
            fixture.advanceFeed(15_000);

            List<String> demoIds = placedOrdIds(demo.drain(fixture));
            List<String> demoAgainIds = placedOrdIds(demoAgain.drain(fixture));
            List<String> demo2Ids = placedOrdIds(demo2.drain(fixture));

            assertThat(demoIds).as("demo's orders").hasSize(3).doesNotHaveDuplicates();
            assertThat(demo2Ids).as("demo2's orders").hasSize(3).doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(demoIds);
            assertThat(demoAgainIds).as("demo's orders on its second connection").isEqualTo(demoIds);
        }
    }

    private static List<String> placedOrdIds(List<JsonNode> pushes) {
        return pushes.stream().map(push -> push.path("data").get(0))
            .filter(order -> "live".equals(order.path("state").asText()))
            .map(order -> order.path("ordId").asText()).toList();
    }

    @Test
    void shouldFilterOrdersByInstTypeAndInstId() throws Exception {
        try (GatewayFixture fixture = OkxClient.preset();
             OkxClient client = OkxClient.loggedIn(fixture, OkxClient.DEMO)) {
            client.subscribe("{\"channel\":\"orders\",\"instType\":\"SWAP\"},"
                + "{\"channel\":\"orders\",\"instType\":\"SPOT\",\"instId\":\"ETH-USDT\"}");
            assertThat(client.next().path("arg").path("instType").asText()).isEqualTo("SWAP");
            assertThat(client.next().path("event").asText()).isEqualTo("channel-conn-count");
            assertThat(client.next().path("arg").path("instId").asText()).as("second ack, no second count")
                .isEqualTo("ETH-USDT");
            // Orders go round the instruments: BTC-USDT, ETH-USDT, SOL-USDT, BTC-USDT-SWAP, one every 5 s; the
            // second is partly filled 2 s later and (as every third order id) cancelled 2 s after that.
            fixture.advanceFeed(20_000);

            List<String> seen = client.drain(fixture).stream().map(push -> push.path("arg").path("instType").asText()
                + " " + push.path("data").get(0).path("instId").asText() + " "
                + push.path("data").get(0).path("state").asText()).toList();

            assertThat(seen).containsExactly("SPOT ETH-USDT live", "SPOT ETH-USDT partially_filled",
                "SPOT ETH-USDT canceled", "SWAP BTC-USDT-SWAP live");
        }
    }

    @Test
    void shouldSnapshotAccountBalancesAndPushThemOnEveryChange() throws Exception {
        try (GatewayFixture fixture = OkxClient.preset();
             OkxClient client = OkxClient.loggedIn(fixture, OkxClient.DEMO)) {
            client.subscribe("{\"channel\":\"account\"}");
            client.next();
            client.next();
            JsonNode snapshot = client.next();
            fixture.advanceFeed(5_000);
            JsonNode update = client.next();

            assertThat(snapshot.path("arg").toString()).isEqualTo("{\"channel\":\"account\",\"uid\":\"demo\"}");
            assertThat(snapshot.path("eventType").asText()).isEqualTo("snapshot");
            JsonNode usdt = detail(snapshot, "USDT");
            assertThat(usdt.path("eq").asText()).isEqualTo("100000");
            assertThat(usdt.path("availBal").asText()).isEqualTo("100000");
            assertThat(usdt.path("frozenBal").asText()).isEqualTo("0");
            assertThat(detail(snapshot, "BTC").path("eq").asText()).isEqualTo("10");
            assertThat(update.path("eventType").asText()).isEqualTo("event_update");
            JsonNode held = detail(update, "USDT");
            assertThat(held.path("eq").asText()).as("a buy order placed: nothing spent yet").isEqualTo("100000");
            assertThat(new java.math.BigDecimal(held.path("frozenBal").asText())).as("frozen by the order")
                .isPositive();
        }
    }

    @Test
    void shouldSendEmptyPositionsBalanceAndPositionCashAndGreeksForASpotAccount() throws Exception {
        try (GatewayFixture fixture = OkxClient.preset();
             OkxClient client = OkxClient.loggedIn(fixture, OkxClient.DEMO)) {
            client.subscribe("{\"channel\":\"positions\",\"instType\":\"ANY\"},{\"channel\":\"balance_and_position\"},"
                + "{\"channel\":\"liquidation-warning\",\"instType\":\"ANY\"},{\"channel\":\"account-greeks\"}");
            List<JsonNode> acks = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                acks.add(client.next());
            }
            List<JsonNode> first = client.drain(fixture);
            fixture.advanceFeed(5_000);
            List<JsonNode> placed = client.drain(fixture);
            fixture.advanceFeed(2_000);
            List<JsonNode> filled = client.drain(fixture);

            assertThat(acks).filteredOn(m -> "channel-conn-count".equals(m.path("event").asText())).hasSize(4);
            JsonNode positions = push(first, "positions");
            assertThat(positions.path("data").isArray() && positions.path("data").isEmpty()).isTrue();
            JsonNode balances = push(first, "balance_and_position").path("data").get(0);
            assertThat(balances.path("eventType").asText()).isEqualTo("snapshot");
            assertThat(balances.path("balData").findValuesAsText("ccy")).containsExactly("USDT", "BTC", "ETH", "SOL");
            assertThat(balances.path("posData").isEmpty()).isTrue();
            JsonNode greeks = push(first, "account-greeks").path("data");
            assertThat(greeks.findValuesAsText("ccy")).contains("BTC", "USDT");
            assertThat(first).noneMatch(m -> "liquidation-warning".equals(m.path("arg").path("channel").asText()));
            assertThat(placed).as("an order placed moves no cash").noneMatch(
                m -> "balance_and_position".equals(m.path("arg").path("channel").asText()));
            JsonNode cash = push(filled, "balance_and_position").path("data").get(0);
            assertThat(cash.path("eventType").asText()).isEqualTo("filled");
            assertThat(cash.path("balData").findValuesAsText("ccy")).containsExactlyInAnyOrder("BTC", "USDT");
        }
    }

    @Test
    void shouldRefuseBooksL2TbtBeforeLoginWith60011AndBelowVip4With64003() throws Exception {
        try (GatewayFixture fixture = OkxClient.preset();
             OkxClient anonymous = OkxClient.connect(fixture, OkxClient.PUBLIC);
             OkxClient vip0 = OkxClient.connect(fixture, OkxClient.PUBLIC);
             OkxClient vip4 = OkxClient.connect(fixture, OkxClient.PUBLIC)) {
            String l2 = "{\"channel\":\"books-l2-tbt\",\"instId\":\"BTC-USDT\"}";
            anonymous.subscribe(l2);
            vip0.login(OkxClient.DEMO, OkxClient.nowSeconds(fixture));
            vip0.next();
            vip0.subscribe(l2);
            vip4.login(OkxClient.VIP4, OkxClient.nowSeconds(fixture));
            vip4.next();
            vip4.subscribe(l2);

            assertThat(anonymous.next().path("code").asText()).isEqualTo("60011");
            JsonNode refused = vip0.next();
            assertThat(refused.path("code").asText()).isEqualTo("64003");
            assertThat(refused.path("msg").asText()).isEqualTo("Your trading fee tier doesn't meet the requirement.");
            assertThat(vip4.next().path("event").asText()).isEqualTo("subscribe");
            JsonNode book = vip4.next();
            assertThat(book.path("arg").path("channel").asText()).isEqualTo("books-l2-tbt");
            assertThat(book.path("action").asText()).isEqualTo("snapshot");
        }
    }

    private static JsonNode detail(JsonNode account, String ccy) {
        for (JsonNode detail : account.path("data").get(0).path("details")) {
            if (ccy.equals(detail.path("ccy").asText())) {
                return detail;
            }
        }
        throw new AssertionError("no " + ccy + " in " + account);
    }

    private static JsonNode push(List<JsonNode> messages, String channel) {
        return messages.stream().filter(m -> m.has("data") && channel.equals(m.path("arg").path("channel").asText()))
            .findFirst().orElseThrow(() -> new AssertionError("no " + channel + " push in " + messages));
    }
}

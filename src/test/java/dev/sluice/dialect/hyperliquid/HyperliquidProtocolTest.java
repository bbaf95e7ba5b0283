package dev.sluice.dialect.hyperliquid;

import static dev.sluice.dialect.hyperliquid.HlPreset.next;
import static dev.sluice.dialect.hyperliquid.HlPreset.subscribe;
import static dev.sluice.dialect.hyperliquid.HlPreset.unsubscribe;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import dev.sluice.dialect.sfox.SfoxClient;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The Hyperliquid protocol of the {@code hyperliquid} preset over real sockets, on the manual clock. */
class HyperliquidProtocolTest {

    private static final String TRADES = "{\"type\":\"trades\",\"coin\":\"BTC\"}";
    private static final String BOOK = "{\"type\":\"l2Book\",\"coin\":\"ETH\"}";
    private static final String BOOK_NORMALISED =
        "{\"type\":\"l2Book\",\"coin\":\"ETH\",\"nSigFigs\":null,\"mantissa\":null,\"fast\":false}";

    @Test
    void shouldAnswerPingWithPong() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HYPERLIQUID);
             SfoxClient client = HlPreset.connect(fixture)) {
            client.send("{\"method\":\"ping\"}");
            assertThat(client.next()).isEqualTo("{\"channel\":\"pong\"}");
        }
    }

    @Test
    void shouldAckWithTheNormalisedSubscriptionAndSendFullBookSnapshots() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HYPERLIQUID);
             SfoxClient client = HlPreset.connect(fixture)) {
            client.send(subscribe(BOOK));
            assertThat(client.next()).isEqualTo("{\"channel\":\"subscriptionResponse\",\"data\":{\"method\":"
                + "\"subscribe\",\"subscription\":" + BOOK_NORMALISED + "}}");
            JsonNode book = next(client, "l2Book").get("data");
            assertThat(book.get("coin").asText()).isEqualTo("ETH");
            JsonNode bids = book.at("/levels/0");
            JsonNode asks = book.at("/levels/1");
            assertThat(bids).hasSize(20);
            assertThat(asks).hasSize(20);
            assertThat(px(bids.get(0))).isGreaterThan(px(bids.get(1)));
            assertThat(px(asks.get(0))).isLessThan(px(asks.get(1))).isGreaterThan(px(bids.get(0)));
            assertThat(bids.get(0).get("sz").isTextual()).isTrue();
            assertThat(bids.get(0).get("n").asInt()).isPositive();
            fixture.advanceFeed(1_000);
            JsonNode later = next(client, "l2Book").get("data");
            assertThat(later.get("time").asLong()).isGreaterThan(book.get("time").asLong());
            assertThat(later.at("/levels/0")).hasSize(20);
        }
    }

    @Test
    void shouldAggregateTheBookToTwoSignificantFigures() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HYPERLIQUID);
             SfoxClient client = HlPreset.connect(fixture)) {
            client.send(subscribe("{\"type\":\"l2Book\",\"coin\":\"BTC\",\"nSigFigs\":2}"));
            assertThat(next(client, "subscriptionResponse").at("/data/subscription/nSigFigs").asInt()).isEqualTo(2);
            JsonNode book = next(client, "l2Book").get("data");
            for (JsonNode level : book.at("/levels/0")) {
                // BTC at about 65000 with 2 significant figures: buckets of 1000.
                assertThat(px(level).remainder(BigDecimal.valueOf(1000))).isZero();
            }
            assertThat(book.at("/levels/0/0/n").asInt()).isGreaterThan(1);
        }
    }

    @Test
    void shouldStreamTradesBboMidsCandlesAndAssetContexts() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HYPERLIQUID);
             SfoxClient client = HlPreset.connect(fixture)) {
            client.send(subscribe(TRADES));
            client.send(subscribe("{\"type\":\"bbo\",\"coin\":\"BTC\"}"));
            client.send(subscribe("{\"type\":\"allMids\"}"));
            client.send(subscribe("{\"type\":\"candle\",\"coin\":\"SOL\",\"interval\":\"1m\"}"));
            client.send(subscribe("{\"type\":\"activeAssetCtx\",\"coin\":\"BTC\"}"));
            fixture.advanceFeed(3_000);
            JsonNode trade = next(client, "trades").at("/data/0");
            assertThat(trade.get("coin").asText()).isEqualTo("BTC");
            assertThat(trade.get("side").asText()).isIn("A", "B");
            assertThat(trade.get("px").isTextual()).isTrue();
            assertThat(trade.get("tid").asLong()).isPositive();
            assertThat(trade.get("users")).hasSize(2);
            assertThat(trade.get("hash").asText()).startsWith("0x").hasSize(66);
            JsonNode bbo = next(client, "bbo").get("data");
            assertThat(px(bbo.at("/bbo/0"))).isLessThan(px(bbo.at("/bbo/1")));
            JsonNode mids = next(client, "allMids").at("/data/mids");
            assertThat(mids.fieldNames()).toIterable().containsExactly("BTC", "ETH", "SOL");
            JsonNode candle = next(client, "candle").get("data");
            assertThat(candle.get("s").asText()).isEqualTo("SOL");
            assertThat(candle.get("i").asText()).isEqualTo("1m");
            assertThat(candle.get("T").asLong() - candle.get("t").asLong()).isEqualTo(59_999);
            JsonNode ctx = next(client, "activeAssetCtx").get("data");
            assertThat(ctx.get("coin").asText()).isEqualTo("BTC");
            assertThat(ctx.at("/ctx/markPx").isTextual()).isTrue();
            assertThat(ctx.at("/ctx/impactPxs")).hasSize(2);
        }
    }

    @Test
    void shouldAnswerTheOfficialErrorStrings() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HYPERLIQUID);
             SfoxClient client = HlPreset.connect(fixture)) {
            client.send(subscribe(TRADES));
            next(client, "subscriptionResponse");
            client.send(subscribe(TRADES));
            assertThat(next(client, "error").get("data").asText()).isEqualTo("Already subscribed: " + TRADES);
            client.send(subscribe("{\"type\":\"trades\",\"coin\":\"DOGE\"}"));
            assertThat(next(client, "error").get("data").asText())
                .isEqualTo("Invalid subscription {\"type\":\"trades\",\"coin\":\"DOGE\"}");
            client.send(subscribe("{\"type\":\"candle\",\"coin\":\"BTC\",\"interval\":\"7m\"}"));
            assertThat(next(client, "error").get("data").asText()).startsWith("Invalid subscription ");
            client.send("{\"method\":\"subscribe\"");
            assertThat(next(client, "error").get("data").asText())
                .isEqualTo("Error parsing JSON into valid websocket request: {\"method\":\"subscribe\"");
            client.send("{\"method\":\"fly\"}");
            assertThat(next(client, "error").get("data").asText()).startsWith("Error parsing JSON");
            client.send(unsubscribe(TRADES));
            JsonNode ack = next(client, "subscriptionResponse");
            assertThat(ack.at("/data/method").asText()).isEqualTo("unsubscribe");
            client.send(unsubscribe(TRADES));
            assertThat(next(client, "error").get("data").asText()).isEqualTo("Already unsubscribed: " + TRADES);
            client.send("{\"method\":\"ping\"}");
            assertThat(next(client, "pong")).isNotNull();
        }
    }

    @Test
    void shouldStreamASimulatedTradersOrdersAndFillsOnTheUserChannels() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HYPERLIQUID);
             SfoxClient client = HlPreset.connect(fixture)) {
            String user = "\"user\":\"" + HlPreset.SEAT_ADDRESS.toUpperCase().replace("0X", "0x") + "\"";
            client.send(subscribe("{\"type\":\"orderUpdates\"," + user + "}"));
            assertThat(next(client, "subscriptionResponse").at("/data/subscription/user").asText())
                .isEqualTo(HlPreset.SEAT_ADDRESS);
            client.send(subscribe("{\"type\":\"userFills\"," + user + "}"));
            JsonNode snapshot = next(client, "userFills").get("data");
            assertThat(snapshot.get("isSnapshot").asBoolean()).isTrue();
            assertThat(snapshot.get("user").asText()).isEqualTo(HlPreset.SEAT_ADDRESS);
            client.send(subscribe("{\"type\":\"userEvents\"," + user + "}"));
            next(client, "subscriptionResponse");
            fixture.advanceFeed(5_000);
            JsonNode placed = next(client, "orderUpdates").at("/data/0");
            assertThat(placed.get("status").asText()).isEqualTo("open");
            assertThat(placed.at("/order/oid").asLong()).isPositive();
            assertThat(placed.at("/order/sz").asText()).isEqualTo(placed.at("/order/origSz").asText());
            fixture.advanceFeed(2_000);
            JsonNode fills = next(client, "userFills").get("data");
            assertThat(fills.has("isSnapshot")).isFalse();
            JsonNode fill = fills.at("/fills/0");
            assertThat(fill.get("oid").asLong()).isEqualTo(placed.at("/order/oid").asLong());
            assertThat(fill.get("feeToken").asText()).isEqualTo("USDC");
            assertThat(next(client, "user").at("/data/fills/0/tid").asLong()).isEqualTo(fill.get("tid").asLong());
        }
    }

    @Test
    void shouldSendOnlyTheEmptySnapshotForAnAddressWithoutAccount() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HYPERLIQUID);
             SfoxClient client = HlPreset.connect(fixture)) {
            String stranger = "0x" + "ab".repeat(20);
            client.send(subscribe("{\"type\":\"userFills\",\"user\":\"" + stranger + "\"}"));
            JsonNode snapshot = next(client, "userFills").get("data");
            assertThat(snapshot.get("isSnapshot").asBoolean()).isTrue();
            assertThat(snapshot.get("fills")).isEmpty();
        }
    }

    @Test
    void shouldCloseAConnectionItHasSentNothingForSixtySecondsAndKeepAPingingOneOpen() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HYPERLIQUID);
             SfoxClient silent = HlPreset.connect(fixture);
             SfoxClient pinging = HlPreset.connect(fixture)) {
            fixture.advanceClock(30_000);
            pinging.send("{\"method\":\"ping\"}");
            assertThat(pinging.next()).isEqualTo(HlPreset.PONG);
            fixture.advanceClock(29_999);
            fixture.gateway().tickSessions();
            fixture.advanceClock(1);
            fixture.gateway().tickSessions();
            assertThat(silent.next()).as("nothing sent for 60 s: closed").isNull();
            assertThat(silent.closeCode()).isEqualTo(1000);
            pinging.send("{\"method\":\"ping\"}");
            assertThat(pinging.next()).as("its pong 30 s ago kept it open").isEqualTo(HlPreset.PONG);
        }
    }

    private static BigDecimal px(JsonNode level) {
        return new BigDecimal(level.get("px").asText());
    }
}

package dev.sluice.dialect.sfox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The private feeds of the authenticated account ({@code private.user.open-orders}, {@code private.user.balances})
 * from the simulated account of the demo key, and the per-plan {@code feedsRequireAuth} switch.
 */
class SfoxPrivateFeedsTest {

    private static final String BOTH = "{\"type\":\"subscribe\",\"feeds\":[\"private.user.open-orders\","
        + "\"private.user.balances\"]}";

    @Test
    void shouldSendTheAccountsBalancesAtOnceAndItsOrderChangesAsTheyHappen() {
        try (GatewayFixture fixture = SfoxPreset.start();
             SfoxClient client = SfoxPreset.authenticated(fixture)) {
            client.send(BOTH);
            JsonNode ack = client.nextReply();
            assertThat(ack.get("type").asText()).isEqualTo("success");
            assertThat(ack.at("/payload/feeds").toString())
                .isEqualTo("[\"private.user.open-orders\",\"private.user.balances\"]");
            JsonNode snapshot = client.nextJson();
            assertThat(snapshot.get("recipient").asText()).isEqualTo("private.user.balances");
            JsonNode usd = currency(snapshot, "usd");
            assertThat(usd.get("balance").asText()).isEqualTo("100000");
            assertThat(usd.get("held").asText()).isEqualTo("0");

            // One order's life on the simulated schedule: placed at 5 s, half filled at 7 s, filled at 9 s.
            fixture.advanceFeed(9_500);
            List<JsonNode> orders = new ArrayList<>();
            JsonNode lastBalances = null;
            for (int i = 0; i < 6; i++) {
                JsonNode message = client.nextJson();
                if (message.get("recipient").asText().equals("private.user.open-orders")) {
                    orders.add(message.get("payload"));
                } else {
                    lastBalances = message;
                }
            }
            assertThat(orders).extracting(o -> o.get("status").asText())
                .containsExactly("Started", "Started", "Filled");
            JsonNode placed = orders.get(0);
            assertThat(placed.get("action").asText()).isEqualTo("Buy");
            assertThat(placed.get("pair").asText()).isEqualTo("btcusd");
            assertThat(placed.get("type").asText()).isEqualTo("Limit");
            assertThat(placed.get("filled").asText()).isEqualTo("0");
            assertThat(orders).extracting(o -> o.get("id").asLong()).containsOnly(placed.get("id").asLong());
            BigDecimal quantity = new BigDecimal(placed.get("quantity").asText());
            assertThat(new BigDecimal(orders.get(1).get("filled").asText())).isPositive().isLessThan(quantity);
            assertThat(new BigDecimal(orders.get(2).get("filled").asText())).isEqualByComparingTo(quantity);
            assertThat(new BigDecimal(orders.get(2).get("fees").asText())).isPositive();

            // Bought BTC: more BTC, less USD, nothing held once the order is done.
            assertThat(new BigDecimal(currency(lastBalances, "btc").get("balance").asText()))
                .isEqualByComparingTo(BigDecimal.TEN.add(quantity));
            assertThat(new BigDecimal(currency(lastBalances, "usd").get("balance").asText()))
                .isLessThan(new BigDecimal("100000"));
            assertThat(currency(lastBalances, "usd").get("held").asText()).isEqualTo("0");
        }
    }

    @Test
    void shouldHoldTheOrdersFundsWhileItRests() {
        try (GatewayFixture fixture = SfoxPreset.start();
             SfoxClient client = SfoxPreset.authenticated(fixture)) {
            client.send("{\"type\":\"subscribe\",\"feeds\":[\"private.user.balances\"]}");
            client.nextReply();
            client.nextJson();
            fixture.advanceFeed(5_000);
            JsonNode usd = currency(client.nextJson(), "usd");
            BigDecimal held = new BigDecimal(usd.get("held").asText());
            assertThat(held).isPositive();
            assertThat(new BigDecimal(usd.get("available").asText()).add(held))
                .isEqualByComparingTo(new BigDecimal(usd.get("balance").asText()));
        }
    }

    @Test
    void shouldRefusePrivateFeedsWithoutAuthenticationEvenWhenThePlanOpensMarketData() {
        try (GatewayFixture fixture = SfoxPreset.start(openPreset());
             SfoxClient client = SfoxPreset.connect(fixture, "127.0.0.1")) {
            client.send("{\"type\":\"subscribe\",\"feeds\":[\"ticker.sfox.btcusd\",\"private.user.balances\"]}");
            JsonNode refused = client.nextReply();
            assertThat(refused.get("type").asText()).isEqualTo("error");
            assertThat(refused.at("/payload/error").asText())
                .isEqualTo("authentication required: private.user.balances");
            JsonNode ack = client.nextReply();
            assertThat(ack.get("type").asText()).isEqualTo("success");
            assertThat(ack.at("/payload/feeds").toString()).isEqualTo("[\"ticker.sfox.btcusd\"]");
            assertThat(client.nextJson().get("recipient").asText()).isEqualTo("ticker.sfox.btcusd");
        }
    }

    @Test
    void shouldKeepEachAccountsOrdersToItself() {
        String twoKeys = openPreset() + """
              - service: sfox
                token: second-key
                id: second
                plan: sfox
            """;
        try (GatewayFixture fixture = SfoxPreset.start(twoKeys);
             SfoxClient demo = SfoxPreset.authenticated(fixture);
             SfoxClient second = SfoxPreset.connect(fixture, "127.0.0.1")) {
            second.send("{\"type\":\"authenticate\",\"apiKey\":\"second-key\"}");
            assertThat(second.nextReply().get("type").asText()).isEqualTo("success");
            demo.send("{\"type\":\"subscribe\",\"feeds\":[\"private.user.open-orders\"]}");
            demo.nextReply();
            second.send("{\"type\":\"subscribe\",\"feeds\":[\"private.user.open-orders\"]}");
            second.nextReply();
            fixture.advanceFeed(5_000);
            JsonNode mine = demo.nextJson().get("payload");
            JsonNode theirs = second.nextJson().get("payload");
            // Same schedule, separate accounts: each sees one order of its own, priced from its own draw.
            assertThat(mine.get("status").asText()).isEqualTo("Started");
            assertThat(theirs.get("status").asText()).isEqualTo("Started");
            assertThat(mine.toString()).isNotEqualTo(theirs.toString());
        }
    }

    private static JsonNode currency(JsonNode message, String currency) {
        for (JsonNode balance : message.get("payload")) {
            if (balance.get("currency").asText().equals(currency)) {
                return balance;
            }
        }
        throw new AssertionError("no " + currency + " in " + message);
    }

    /** The bundled preset on a free port with the legacy behaviour: market data open to anyone. */
    private static String openPreset() {
        try (InputStream in = SfoxPrivateFeedsTest.class.getResourceAsStream("/presets/sfox.yaml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return yaml.replace("feedsRequireAuth: true", "feedsRequireAuth: false").replace("port: 8002", "port: 0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

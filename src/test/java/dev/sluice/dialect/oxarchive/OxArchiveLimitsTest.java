package dev.sluice.dialect.oxarchive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 0xArchive tiers' live limits over real sockets on the manual clock. */
class OxArchiveLimitsTest {

    /** Every live (channel, symbol) pair the preset serves: 31 distinct subscriptions per connection. */
    private static final List<String[]> PAIRS = pairs();

    @Test
    void shouldRefuseTheEleventhSubscribeOperationWithinOneSecond() {
        try (GatewayFixture fixture = OxPreset.start(); OxClient client = OxPreset.connect(fixture, OxPreset.PRO)) {
            for (int i = 0; i < 10; i++) {
                String[] pair = PAIRS.get(i);
                client.send(i % 2 == 0 ? OxPreset.subscribe(pair[0], pair[1]) : OxPreset.unsubscribe(pair[0],
                    pair[1]));
                assertThat(client.nextReply().get("type").asText()).as("operation %d", i + 1).endsWith("subscribed");
            }
            client.send(OxPreset.subscribe("trades", "BTC"));
            JsonNode refused = client.nextReply();
            assertThat(refused.get("error_code").asText()).isEqualTo("rate_limited");
            assertThat(refused.get("message").asText()).contains("10/second");
            client.send("{\"op\":\"ping\"}");
            assertThat(client.nextReply().get("type").asText()).as("pings do not count").isEqualTo("pong");
            fixture.advanceClock(999);
            client.send(OxPreset.subscribe("trades", "BTC"));
            assertThat(client.nextReply().get("type").asText()).as("999 ms later: 10 in the second")
                .isEqualTo("error");
            fixture.advanceClock(1);
            client.send(OxPreset.subscribe("trades", "BTC"));
            assertThat(client.nextReply().get("type").asText()).as("1000 ms later: the first 10 are out")
                .isEqualTo("subscribed");
        }
    }

    @Test
    void shouldCapBuildAtTwentyFiveSubscriptionsPerKey() {
        assertSubscriptionCap(OxPreset.BUILD, 25);
    }

    @Test
    void shouldCapProAtOneHundredSubscriptionsAcrossItsConnections() {
        assertSubscriptionCap(OxPreset.PRO, 100);
    }

    @Test
    void shouldCapEnterpriseAtTwoHundredSubscriptionsAcrossItsConnections() {
        assertSubscriptionCap(OxPreset.ENTERPRISE, 200);
    }

    @Test
    void shouldCloseAfterSixtySecondsIdleWithSubscriptionsAndFiveMinutesWithout() {
        try (GatewayFixture fixture = OxPreset.start();
             OxClient subscribed = OxPreset.connect(fixture, OxPreset.BUILD);
             OxClient bare = OxPreset.connect(fixture, OxPreset.BUILD)) {
            subscribed.send(OxPreset.subscribe("funding", "BTC"));
            subscribed.nextReply();
            fixture.advanceClock(59_999);
            fixture.gateway().tickSessions();
            subscribed.send("{\"op\":\"ping\"}");
            assertThat(subscribed.nextReply().get("type").asText()).as("open at 59.999 s").isEqualTo("pong");
            fixture.advanceClock(60_000);
            fixture.gateway().tickSessions();
            assertThat(subscribed.awaitClose()).isTrue();
            assertThat(subscribed.closeCode).isEqualTo(1000);
            assertThat(subscribed.closeReason).isEqualTo("idle timeout");
            fixture.advanceClock(300_000 - 119_999 - 1);
            fixture.gateway().tickSessions();
            bare.send("{\"op\":\"ping\"}");
            assertThat(bare.nextReply().get("type").asText()).as("no subscriptions: open before 5 minutes")
                .isEqualTo("pong");
            fixture.advanceClock(300_000);
            fixture.gateway().tickSessions();
            assertThat(bare.awaitClose()).isTrue();
            assertThat(bare.closeCode).isEqualTo(1000);
        }
    }

    @Test
    void shouldSendInsufficientCreditsAndCloseWhenTheMonthlyQuotaIsSpent() {
        String yaml = OxPreset.yaml().replace("max: 80000000", "max: 20");
        try (GatewayFixture fixture = OxPreset.start(yaml); OxClient client = OxPreset.connect(fixture,
            OxPreset.BUILD)) {
            client.send(OxPreset.subscribe("trades", "BTC"));
            client.nextReply();
            int data = 0;
            fixture.advanceFeed(30_000);
            fixture.gateway().tickSessions();
            JsonNode message = client.next(m -> true);
            while (message != null && "data".equals(message.path("type").asText())) {
                data++;
                message = client.next(m -> true);
            }
            assertThat(data).as("BTC trades received in 30 s at 8/s, quota 20 credits").isEqualTo(20);
            assertThat(message).isNotNull();
            assertThat(message.get("error_code").asText()).isEqualTo("insufficient_credits");
            assertThat(client.awaitClose()).isTrue();
            assertThat(client.closeCode).isEqualTo(1008);
            try (OxClient again = OxPreset.connect(fixture, OxPreset.BUILD)) {
                again.send(OxPreset.subscribe("trades", "ETH"));
                again.nextReply();
                fixture.advanceFeed(5_000);
                fixture.gateway().tickSessions();
                assertThat(again.nextOfType("error").get("error_code").asText())
                    .as("the quota is the key's, not the connection's").isEqualTo("insufficient_credits");
            }
        }
    }

    /** Fills the tier's cap over as many connections as needed (10 operations a second each), then one more. */
    private static void assertSubscriptionCap(String key, int cap) {
        try (GatewayFixture fixture = OxPreset.start()) {
            List<OxClient> clients = new ArrayList<>();
            int taken = 0;
            OxClient client = null;
            for (int i = 0; taken < cap; i++) {
                if (i % PAIRS.size() == 0) {
                    client = OxPreset.connect(fixture, key);
                    clients.add(client);
                }
                if (i % 10 == 0) {
                    fixture.advanceClock(1_000);
                }
                String[] pair = PAIRS.get(i % PAIRS.size());
                client.send(OxPreset.subscribe(pair[0], pair[1]));
                assertThat(client.nextReply().get("type").asText()).as("subscription %d of %d", taken + 1, cap)
                    .isEqualTo("subscribed");
                taken++;
            }
            fixture.advanceClock(1_000);
            OxClient last = clients.get(clients.size() - 1);
            String[] pair = PAIRS.get(PAIRS.size() - 1);
            last.send(OxPreset.subscribe(pair[0], pair[1]));
            JsonNode refused = last.nextReply();
            assertThat(refused.get("error_code").asText()).as("subscription %d", cap + 1).isEqualTo("rate_limited");
            assertThat(refused.get("message").asText()).isEqualTo("Maximum subscriptions for your tier reached");
            clients.forEach(OxClient::close);
        }
    }

    private static List<String[]> pairs() {
        List<String[]> pairs = new ArrayList<>();
        for (String symbol : List.of("BTC", "ETH", "SOL")) {
            for (String channel : List.of("orderbook", "trades", "funding", "open_interest", "ticker")) {
                pairs.add(new String[] {channel, symbol});
            }
        }
        for (String symbol : List.of("km:US500", "xyz:XYZ100")) {
            for (String channel : List.of("hip3_orderbook", "hip3_trades", "hip3_funding", "hip3_open_interest")) {
                pairs.add(new String[] {channel, symbol});
            }
        }
        for (String symbol : List.of("BTC", "ETH")) {
            for (String channel : List.of("lighter_orderbook", "lighter_trades", "lighter_funding",
                "lighter_open_interest")) {
                pairs.add(new String[] {channel, symbol});
            }
        }
        return pairs;
    }
}

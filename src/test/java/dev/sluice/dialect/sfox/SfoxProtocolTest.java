package dev.sluice.dialect.sfox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SfoxProtocolTest {

    @Test
    void shouldAuthenticateWithTheDemoKeyAndRefuseAnUnknownOne() {
        try (GatewayFixture fixture = SfoxPreset.start();
             SfoxClient client = SfoxPreset.connect(fixture, "127.0.0.1")) {
            client.send("{\"type\":\"authenticate\",\"apiKey\":\"nope\"}");
            JsonNode error = client.nextReply();
            assertThat(error.get("type").asText()).isEqualTo("error");
            assertThat(error.at("/payload/action").asText()).isEqualTo("authenticate");
            client.send(SfoxPreset.AUTH);
            JsonNode success = client.nextReply();
            assertThat(success.get("type").asText()).isEqualTo("success");
            assertThat(success.at("/payload/action").asText()).isEqualTo("authenticate");
            assertThat(success.get("action").asText()).isEqualTo("authenticate");
            assertThat(success.get("sequence").asLong()).isGreaterThan(error.get("sequence").asLong());
            assertThat(success.get("timestamp").asText()).hasSize(19);
        }
    }

    @Test
    void shouldRefuseFeedsBeforeAuthentication() {
        try (GatewayFixture fixture = SfoxPreset.start();
             SfoxClient client = SfoxPreset.connect(fixture, "127.0.0.1")) {
            client.send("{\"type\":\"subscribe\",\"feeds\":[\"ticker.sfox.btcusd\"]}");
            JsonNode error = client.nextReply();
            assertThat(error.get("type").asText()).isEqualTo("error");
            assertThat(error.at("/payload/error").asText()).isEqualTo("authentication required");
        }
    }

    @Test
    void shouldSubscribeToManyFeedsInOneRequestAndAckWithTheFullList() {
        try (GatewayFixture fixture = SfoxPreset.start();
             SfoxClient client = SfoxPreset.authenticated(fixture)) {
            client.send("{\"type\":\"subscribe\",\"feeds\":[\"orderbook.net.btcusd\",\"trades.sfox.btcusd\"]}");
            JsonNode ack = client.nextReply();
            assertThat(ack.get("type").asText()).isEqualTo("success");
            assertThat(ack.at("/payload/action").asText()).isEqualTo("subscribe");
            assertThat(feeds(ack)).containsExactly("orderbook.net.btcusd", "trades.sfox.btcusd");
            client.send("{\"type\":\"subscribe\",\"feeds\":[\"ticker.sfox.ethbtc\"]}");
            assertThat(feeds(client.nextReply())).containsExactly("orderbook.net.btcusd", "trades.sfox.btcusd",
                "ticker.sfox.ethbtc");
            client.send("{\"type\":\"unsubscribe\",\"feeds\":[\"trades.sfox.btcusd\"]}");
            JsonNode unsubscribed = client.nextReply();
            assertThat(unsubscribed.at("/payload/action").asText()).isEqualTo("unsubscribe");
            assertThat(feeds(unsubscribed)).containsExactly("orderbook.net.btcusd", "ticker.sfox.ethbtc");
        }
    }

    @Test
    void shouldSendFullOrderBookSnapshotsWithVenueLevelsAndIncreasingSequence() {
        try (GatewayFixture fixture = SfoxPreset.start();
             SfoxClient client = SfoxPreset.authenticated(fixture)) {
            client.send("{\"type\":\"subscribe\",\"feeds\":[\"orderbook.sfox.btcusd\",\"trades.sfox.btcusd\"]}");
            long last = client.nextReply().get("sequence").asLong();
            fixture.advanceFeed(2_000);
            Set<String> recipients = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                JsonNode message = client.nextJson();
                assertThat(message).isNotNull();
                assertThat(message.get("sequence").asLong()).isEqualTo(last + 1);
                last = message.get("sequence").asLong();
                assertThat(message.get("timestamp").asText()).hasSize(19);
                String recipient = message.get("recipient").asText();
                recipients.add(recipient);
                if (recipient.startsWith("orderbook")) {
                    JsonNode bid = message.at("/payload/bids/0");
                    assertThat(bid.size()).isEqualTo(3);
                    assertThat(bid.get(2).asText()).isEqualTo("sfox");
                    assertThat(message.at("/payload/pair").asText()).isEqualTo("btcusd");
                } else {
                    assertThat(message.at("/payload/exchange").asText()).isEqualTo("sfox");
                }
            }
            assertThat(recipients).contains("orderbook.sfox.btcusd", "trades.sfox.btcusd");
        }
    }

    @Test
    void shouldGiveTwoConnectionsTheirOwnSequenceForTheSameSharedFrames() {
        try (GatewayFixture fixture = SfoxPreset.start();
             SfoxClient first = SfoxPreset.authenticated(fixture);
             SfoxClient second = SfoxPreset.authenticated(fixture)) {
            // The first connection uses up more sequence numbers before subscribing.
            first.send("{\"type\":\"unsubscribe\",\"feeds\":[]}");
            first.nextReply();
            first.send("{\"type\":\"subscribe\",\"feeds\":[\"trades.sfox.ethusd\"]}");
            long firstSeq = first.nextReply().get("sequence").asLong();
            second.send("{\"type\":\"subscribe\",\"feeds\":[\"trades.sfox.ethusd\"]}");
            long secondSeq = second.nextReply().get("sequence").asLong();
            assertThat(firstSeq).isEqualTo(secondSeq + 1);
            fixture.advanceFeed(3_000);
            List<String> a = new ArrayList<>();
            List<String> b = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                JsonNode x = first.nextJson();
                JsonNode y = second.nextJson();
                assertThat(x.get("sequence").asLong()).isEqualTo(firstSeq + 1 + i);
                assertThat(y.get("sequence").asLong()).isEqualTo(secondSeq + 1 + i);
                ((com.fasterxml.jackson.databind.node.ObjectNode) x).remove("sequence");
                ((com.fasterxml.jackson.databind.node.ObjectNode) y).remove("sequence");
                a.add(x.toString());
                b.add(y.toString());
            }
            assertThat(a).isEqualTo(b);
        }
    }

    private static List<String> feeds(JsonNode ack) {
        List<String> feeds = new ArrayList<>();
        ack.at("/payload/feeds").forEach(feed -> feeds.add(feed.asText()));
        return feeds;
    }
}

package dev.sluice.dialect.oxarchive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import org.junit.jupiter.api.Test;

/** The 0xArchive wire protocol over real sockets: acks, live data shapes, pong, server pings, error codes. */
class OxArchiveProtocolTest {

    @Test
    void shouldAcknowledgeSubscribeAndStreamHyperliquidBookInRawL2Shape() {
        try (GatewayFixture fixture = OxPreset.start(); OxClient client = OxPreset.connect(fixture, OxPreset.BUILD)) {
            client.send(OxPreset.subscribe("orderbook", "BTC"));
            JsonNode ack = client.nextReply();
            assertThat(ack.toString()).isEqualTo(
                "{\"type\":\"subscribed\",\"channel\":\"orderbook\",\"coin\":\"BTC\",\"symbol\":\"BTC\"}");
            JsonNode book = client.nextOfType("data");
            assertThat(book.get("channel").asText()).isEqualTo("orderbook");
            assertThat(book.get("symbol").asText()).isEqualTo("BTC");
            assertThat(book.at("/data/coin").asText()).isEqualTo("BTC");
            JsonNode bids = book.at("/data/levels/0");
            JsonNode asks = book.at("/data/levels/1");
            assertThat(bids.size()).isEqualTo(OxBook.LEVELS);
            assertThat(asks.size()).isEqualTo(OxBook.LEVELS);
            assertThat(bids.get(0).get("px").asDouble()).isLessThan(asks.get(0).get("px").asDouble());
            assertThat(bids.get(0).get("px").asDouble()).isGreaterThan(bids.get(1).get("px").asDouble());
            assertThat(bids.get(0).get("n").asInt()).isPositive();
            assertThat(book.at("/data/time").asLong()).isEqualTo(GatewayFixture.START_EPOCH_MS);
        }
    }

    @Test
    void shouldStreamTradesFundingOpenInterestAndTickerAcrossVenues() {
        try (GatewayFixture fixture = OxPreset.start(); OxClient client = OxPreset.connect(fixture, OxPreset.BUILD)) {
            client.send(OxPreset.subscribe("trades", "ETH"));
            client.send(OxPreset.subscribe("lighter_trades", "btc"));
            client.send(OxPreset.subscribe("hip3_funding", "km:US500"));
            client.send(OxPreset.subscribe("open_interest", "BTC"));
            client.send(OxPreset.subscribe("ticker", "SOL"));
            assertThat(client.nextReply().get("channel").asText()).isEqualTo("trades");
            JsonNode lighter = client.nextReply();
            assertThat(lighter.get("symbol").asText()).as("Lighter symbols match case-insensitively").isEqualTo("BTC");
            assertThat(client.nextReply().get("channel").asText()).isEqualTo("hip3_funding");
            assertThat(client.nextReply().get("channel").asText()).isEqualTo("open_interest");
            assertThat(client.nextReply().get("channel").asText()).isEqualTo("ticker");
            fixture.advanceFeed(5_000);
            java.util.Map<String, JsonNode> first = new java.util.HashMap<>();
            while (first.size() < 5) {
                JsonNode data = client.nextOfType("data");
                assertThat(data).as("data of every channel within 5 s; got %s", first.keySet()).isNotNull();
                first.putIfAbsent(data.get("channel").asText(), data);
            }
            JsonNode trade = first.get("trades");
            assertThat(trade.at("/data/0/coin").asText()).isEqualTo("ETH");
            assertThat(trade.at("/data/0/side").asText()).isIn("A", "B");
            assertThat(trade.at("/data/0/hash").asText()).startsWith("0x").hasSize(66);
            JsonNode funding = first.get("hip3_funding");
            assertThat(funding.at("/data/coin").asText()).isEqualTo("km:US500");
            assertThat(Math.abs(funding.at("/data/ctx/funding").asDouble())).isLessThanOrEqualTo(0.0004);
            JsonNode context = first.get("open_interest");
            assertThat(first.get("lighter_trades").at("/data/0/coin").asText()).isEqualTo("BTC");
            assertThat(first.get("ticker").at("/data/ctx/markPx").asDouble()).isPositive();
            assertThat(context.at("/data/ctx/openInterest").asDouble()).isPositive();
            assertThat(context.at("/data/ctx/impactPxs").size()).isEqualTo(2);
        }
    }

    @Test
    void shouldAnswerPingWithPongAndUnsubscribeWithUnsubscribed() {
        try (GatewayFixture fixture = OxPreset.start(); OxClient client = OxPreset.connect(fixture, OxPreset.BUILD)) {
            client.send("{\"op\":\"ping\"}");
            assertThat(client.nextReply().toString()).isEqualTo("{\"type\":\"pong\"}");
            client.send(OxPreset.subscribe("trades", "BTC"));
            client.nextReply();
            client.send(OxPreset.unsubscribe("trades", "BTC"));
            assertThat(client.nextReply().toString()).isEqualTo(
                "{\"type\":\"unsubscribed\",\"channel\":\"trades\",\"coin\":\"BTC\",\"symbol\":\"BTC\"}");
            fixture.advanceFeed(5_000);
            client.send("{\"op\":\"ping\"}");
            assertThat(client.next(m -> true).toString()).as("no trades after unsubscribe")
                .isEqualTo("{\"type\":\"pong\"}");
        }
    }

    @Test
    void shouldSendServerPingFramesEveryThirtySecondsOnTheClock() {
        try (GatewayFixture fixture = OxPreset.start(); OxClient client = OxPreset.connect(fixture, OxPreset.BUILD)) {
            fixture.advanceClock(29_999);
            fixture.gateway().tickSessions();
            client.send("{\"op\":\"ping\"}");
            client.nextReply();
            assertThat(client.pings).isZero();
            fixture.advanceClock(1);
            fixture.gateway().tickSessions();
            client.send("{\"op\":\"ping\"}");
            client.nextReply();
            assertThat(client.pings).isEqualTo(1);
            fixture.advanceClock(30_000);
            fixture.gateway().tickSessions();
            client.send("{\"op\":\"ping\"}");
            client.nextReply();
            assertThat(client.pings).isEqualTo(2);
        }
    }

    @Test
    void shouldAnswerBadRequestsWithZeroXArchiveErrorCodesAndKeepTheConnection() {
        try (GatewayFixture fixture = OxPreset.start(); OxClient client = OxPreset.connect(fixture, OxPreset.BUILD)) {
            assertError(client, "not json", "invalid_parameter");
            assertError(client, "{\"channel\":\"trades\"}", "invalid_parameter");
            assertError(client, "{\"op\":\"subscribe\",\"channel\":\"trades\"}", "invalid_parameter");
            assertError(client, OxPreset.subscribe("nonsense", "BTC"), "invalid_parameter");
            assertError(client, OxPreset.subscribe("trades", "DOGE"), "invalid_symbol");
            assertError(client, OxPreset.subscribe("candles", "BTC"), "unsupported_for_venue");
            assertError(client, "{\"op\":\"replay\",\"channel\":\"ticker\",\"symbol\":\"BTC\",\"start\":1,"
                + "\"end\":2}", "unsupported_for_venue");
            assertError(client, "{\"op\":\"replay\",\"channel\":\"trades\",\"symbol\":\"BTC\",\"start\":5,"
                + "\"end\":2}", "invalid_time_range");
            assertError(client, "{\"op\":\"replay.pause\"}", "not_found");
            assertError(client, "{\"op\":\"stream\"}", "invalid_parameter");
            client.send("{\"op\":\"ping\"}");
            assertThat(client.nextReply().get("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void shouldRefuseHandshakesWithoutAValidKeyAndFreeTierKeys() {
        try (GatewayFixture fixture = OxPreset.start();
             OxClient missing = OxClient.connect(fixture.port(OxPreset.SERVICE), "/ws");
             OxClient unknown = OxPreset.connect(fixture, "0xa_wrong");
             OxClient free = OxPreset.connect(fixture, OxPreset.FREE)) {
            assertThat(missing.status).isEqualTo(401);
            assertThat(missing.response).contains("\"error_code\":\"unauthorized\"");
            assertThat(unknown.status).isEqualTo(401);
            assertThat(unknown.response).contains("Invalid API key").doesNotContain("0xa_wrong");
            assertThat(free.status).isEqualTo(403);
            assertThat(free.response).contains("\"error_code\":\"forbidden\"");
        }
    }

    private static void assertError(OxClient client, String request, String code) {
        client.send(request);
        JsonNode error = client.nextReply();
        assertThat(error.get("type").asText()).as(request).isEqualTo("error");
        assertThat(error.get("error_code").asText()).as(request).isEqualTo(code);
        assertThat(error.get("message").asText()).as(request).isNotEmpty();
    }
}

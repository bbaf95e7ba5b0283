package dev.sluice.dialect.hyperliquid;

import static dev.sluice.dialect.hyperliquid.HlPreset.next;
import static dev.sluice.dialect.hyperliquid.HlPreset.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import dev.sluice.dialect.sfox.SfoxClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Info requests as WebSocket posts and on HTTP {@code POST /info}, answered after the backend's latency. */
class HyperliquidInfoTest {

    private static final long LATENCY_MS = 20;
    private static final String HL = HlPreset.HYPERLIQUID;

    @Test
    void shouldAnswerAPostOnlyOnceTheBackendsLatencyHasPassedOnTheClock() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HYPERLIQUID);
             SfoxClient client = HlPreset.connect(fixture)) {
            client.send(post(7, "{\"type\":\"allMids\"}"));
            client.send("{\"method\":\"ping\"}");
            // The post is still in flight when the ping is answered: the clock has not moved.
            assertThat(client.next()).isEqualTo("{\"channel\":\"pong\"}");
            fixture.advanceClock(LATENCY_MS);
            JsonNode answer = next(client, "post").get("data");
            assertThat(answer.get("id").asLong()).isEqualTo(7);
            assertThat(answer.at("/response/type").asText()).isEqualTo("info");
            assertThat(answer.at("/response/payload/type").asText()).isEqualTo("allMids");
            assertThat(answer.at("/response/payload/data").fieldNames()).toIterable()
                .containsExactly("BTC", "ETH", "SOL");
        }
    }

    @Test
    void shouldAnswerBookMetaAndAssetContextsAsPosts() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HYPERLIQUID);
             SfoxClient client = HlPreset.connect(fixture)) {
            client.send(post(1, "{\"type\":\"l2Book\",\"coin\":\"ETH\",\"nSigFigs\":5,\"mantissa\":null}"));
            client.send(post(2, "{\"type\":\"meta\"}"));
            client.send(post(3, "{\"type\":\"metaAndAssetCtxs\"}"));
            client.send(post(4, "{\"type\":\"userRateLimit\",\"user\":\"0x0\"}"));
            client.send("{\"method\":\"ping\"}");
            next(client, "pong");
            fixture.advanceClock(LATENCY_MS);
            JsonNode book = next(client, "post").at("/data/response/payload");
            assertThat(book.get("type").asText()).isEqualTo("l2Book");
            assertThat(book.at("/data/coin").asText()).isEqualTo("ETH");
            assertThat(book.at("/data/levels/0")).hasSize(20);
            JsonNode meta = next(client, "post").at("/data/response/payload/data/universe");
            assertThat(meta).hasSize(3);
            assertThat(meta.get(0).get("name").asText()).isEqualTo("BTC");
            assertThat(meta.get(0).get("szDecimals").asInt()).isEqualTo(5);
            JsonNode both = next(client, "post").at("/data/response/payload/data");
            assertThat(both.at("/0/universe")).hasSize(3);
            assertThat(both.get(1)).hasSize(3);
            assertThat(both.at("/1/0/markPx").isTextual()).isTrue();
            JsonNode error = next(client, "post").get("data");
            assertThat(error.get("id").asLong()).isEqualTo(4);
            assertThat(error.at("/response/type").asText()).isEqualTo("error");
            assertThat(error.at("/response/payload").asText()).isEqualTo(InfoBackend.UNPARSEABLE);
        }
    }

    @Test
    void shouldRejectAMalformedPostWithTheParsingErrorAndNoId() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HYPERLIQUID);
             SfoxClient client = HlPreset.connect(fixture)) {
            client.send("{\"method\":\"post\",\"request\":{\"type\":\"info\"}}");
            JsonNode error = next(client, "error");
            assertThat(error.get("data").asText()).startsWith("Error parsing JSON into valid websocket request: ");
        }
    }

    @Test
    void shouldAnswerTheSameInfoRequestsOnHttpPostInfo() throws Exception {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HYPERLIQUID)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            CompletableFuture<HttpResponse<String>> mids = postInfo(http, fixture, HL, "{\"type\":\"allMids\"}");
            CompletableFuture<HttpResponse<String>> both = postInfo(http, fixture, HL,
                "{\"type\":\"metaAndAssetCtxs\"}");
            CompletableFuture<HttpResponse<String>> bad = postInfo(http, fixture, HL, "{\"type\":\"nope\"}");
            CompletableFuture<HttpResponse<String>> dexes = postInfo(http, fixture, HL, "{\"type\":\"perpDexs\"}");
            answerAll(fixture, mids, both, bad, dexes);
            assertThat(mids.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(json(mids).fieldNames()).toIterable().containsExactly("BTC", "ETH", "SOL");
            assertThat(json(both).get(0).get("universe")).hasSize(3);
            assertThat(bad.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(422);
            assertThat(bad.get().body()).isEqualTo(InfoBackend.UNPARSEABLE);
            assertThat(dexes.get(5, TimeUnit.SECONDS).body()).isEqualTo("[null]");
        }
    }

    @Test
    void shouldLimitHfunInfoToThirtyRequestsAMinutePerIp() throws Exception {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HFUN, java.util.Map.of("infoLatencyMs: 20",
            "infoLatencyMs: 0"))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (int i = 0; i < 30; i++) {
                assertThat(meta(http, fixture).statusCode()).as("request %d of 30 a minute", i + 1).isEqualTo(200);
            }
            HttpResponse<String> refused = meta(http, fixture);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body())
                .isEqualTo("{\"channel\":\"error\",\"data\":{\"error\":\"rate limit exceeded\"}}");
            fixture.advanceClock(2_000);
            assertThat(meta(http, fixture).statusCode()).as("2 s later: nothing refilled").isEqualTo(429);
            fixture.advanceClock(60_000 - 2_000 - 1);
            assertThat(meta(http, fixture).statusCode()).as("59.999 s later: 30 in the minute").isEqualTo(429);
            fixture.advanceClock(1);
            assertThat(meta(http, fixture).statusCode()).as("a minute later: the first 30 are out").isEqualTo(200);
        }
    }

    private static HttpResponse<String> meta(HttpClient http, GatewayFixture fixture) throws Exception {
        return postInfo(http, fixture, HlPreset.HFUN, "{\"type\":\"meta\"}").get(5, TimeUnit.SECONDS);
    }

    /**
     * Moves the clock on by the latency until every request is answered: the HTTP client may still be sending
     * some when the clock first moves, and a request is due only a latency after it arrived.
     */
    private static void answerAll(GatewayFixture fixture, CompletableFuture<?>... requests) throws Exception {
        CompletableFuture<Void> all = CompletableFuture.allOf(requests);
        for (int i = 0; i < 50 && !all.isDone(); i++) {
            fixture.advanceClock(LATENCY_MS);
            try {
                all.get(100, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // not yet: move the clock again
            }
        }
    }

    private static CompletableFuture<HttpResponse<String>> postInfo(HttpClient http, GatewayFixture fixture,
                                                                    String service, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.port(service)
                + "/info"))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(CompletableFuture<HttpResponse<String>> response) throws Exception {
        return SfoxClient.json(response.get(5, TimeUnit.SECONDS).body());
    }
}

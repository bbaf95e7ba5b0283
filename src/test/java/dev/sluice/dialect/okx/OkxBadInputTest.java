package dev.sluice.dialect.okx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.GatewayFixture;
import dev.sluice.TextCollector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What an OKX client gets for bad input over a real WebSocket: an OKX error event with the right code, never a
 * dropped connection, and acks whose fields come in OKX's order.
 */
@Timeout(10)
class OkxBadInputTest {

    private static final String CONFIG = """
        server:
          ioThreads: 2
        feed:
          instruments:
        %s
        services:
          - name: okx
            dialect: okx
            port: 0
        """.formatted(GatewayFixture.OKX_BTC_USDT);

    private static final long REPLY_TIMEOUT_MS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static GatewayFixture gateway;
    private WebSocket socket;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @BeforeAll
    static void startGateway() {
        gateway = GatewayFixture.start(CONFIG);
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @AfterEach
    void disconnect() {
        if (socket != null) {
            socket.abort();
        }
    }

    @Test
    void shouldAnswerMalformedJsonWith60012AndStayOpen() throws Exception {
        givenConnected(OkxDialect.PUBLIC.path());
        String malformed = "{\"op\":\"subscribe\",\"args\":[";

        String reply = request(malformed);

        assertThat(reply).isEqualTo("{\"event\":\"error\",\"code\":\"60012\","
            + "\"msg\":\"Invalid request: {\\\"op\\\":\\\"subscribe\\\",\\\"args\\\":[\","
            + "\"connId\":\"" + connId(reply) + "\"}");
        assertStillOpen();
    }

    @Test
    void shouldAnswerUnknownOpWith60019() throws Exception {
        givenConnected(OkxDialect.PUBLIC.path());

        JsonNode reply = requestJson("{\"op\":\"teleport\",\"args\":[{\"channel\":\"tickers\"}]}");

        assertError(reply, "60019");
        assertStillOpen();
    }

    @Test
    void shouldAnswerUnknownChannelWith60018() throws Exception {
        givenConnected(OkxDialect.PUBLIC.path());

        JsonNode reply = requestJson(subscribeRequest("gossip", "BTC-USDT"));

        assertError(reply, "60018");
        assertThat(reply.get("msg").asText()).contains("gossip");
        assertStillOpen();
    }

    @Test
    void shouldAnswerUnknownInstIdWith60018() throws Exception {
        givenConnected(OkxDialect.PUBLIC.path());

        JsonNode reply = requestJson(subscribeRequest("tickers", "DOGE-USDT"));

        assertError(reply, "60018");
        assertThat(reply.get("msg").asText()).contains("DOGE-USDT");
        assertStillOpen();
    }

    @Test
    void shouldAnswerCandlesOnPublicEndpointWith64001() throws Exception {
        givenConnected(OkxDialect.PUBLIC.path());

        JsonNode reply = requestJson(subscribeRequest("candle1m", "BTC-USDT"));

        assertError(reply, "64001");
        assertStillOpen();
    }

    @Test
    void shouldAnswerBooksOnBusinessEndpointWith64002() throws Exception {
        givenConnected(OkxDialect.BUSINESS.path());

        JsonNode reply = requestJson(subscribeRequest("books", "BTC-USDT"));

        assertError(reply, "64002");
        assertStillOpen();
    }

    @Test
    void shouldAnswerJsonNestedBeyondLimitWith60012() throws Exception {
        givenConnected(OkxDialect.PUBLIC.path());
        int depth = 100;
        String nested = "{\"op\":".repeat(depth) + "\"subscribe\"" + "}".repeat(depth);

        JsonNode reply = requestJson(nested);

        assertError(reply, "60012");
        assertThat(reply.get("msg").asText()).isEqualTo("Invalid request: " + nested);
        assertStillOpen();
    }

    @Test
    void shouldAckSubscribeEchoingIdAndArgInOkxFieldOrder() throws Exception {
        givenConnected(OkxDialect.PUBLIC.path());

        String reply = request("{\"id\":\"abc\",\"op\":\"subscribe\",\"args\":[{\"channel\":\"tickers\","
            + "\"instId\":\"BTC-USDT\"}]}");

        assertThat(reply).isEqualTo("{\"id\":\"abc\",\"event\":\"subscribe\","
            + "\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"},\"connId\":\"" + connId(reply) + "\"}");
    }

    private static String subscribeRequest(String channel, String instId) {
        return "{\"op\":\"subscribe\",\"args\":[{\"channel\":\"" + channel + "\",\"instId\":\"" + instId + "\"}]}";
    }

    private void givenConnected(String path) throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + gateway.port("okx") + path);
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(uri, new TextCollector(received))
            .get(REPLY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    private String request(String text) throws Exception {
        socket.sendText(text, true).get(REPLY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        String reply = received.poll(REPLY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        assertThat(reply).as("reply to %s within %d ms", text, REPLY_TIMEOUT_MS).isNotNull();
        return reply;
    }

    private JsonNode requestJson(String text) throws Exception {
        return JSON.readTree(request(text));
    }

    private void assertStillOpen() throws Exception {
        assertThat(request("ping")).as("answer to ping after the error").isEqualTo("pong");
        assertThat(socket.isInputClosed()).isFalse();
    }

    private static void assertError(JsonNode reply, String code) {
        assertThat(reply.get("event").asText()).as("event of %s", reply).isEqualTo("error");
        assertThat(reply.get("code").asText()).as("code of %s", reply).isEqualTo(code);
        assertThat(reply.get("connId").asText()).matches("[0-9a-f]{8}");
    }

    /** The connection id of a reply: eight lowercase hex digits. */
    private static String connId(String reply) throws Exception {
        String connId = JSON.readTree(reply).get("connId").asText();
        assertThat(connId).as("connId of %s", reply).matches("[0-9a-f]{8}");
        return connId;
    }
}

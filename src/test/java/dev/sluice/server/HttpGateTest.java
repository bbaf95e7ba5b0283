package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.GatewayFixture;
import dev.sluice.limit.Admission;
import dev.sluice.limit.Admitter;
import dev.sluice.metric.Metrics;
import dev.sluice.metric.MicrometerMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP side of a service port over real sockets: health, metrics, REST, 404, 426 and handshake admission. */
@Timeout(10)
class HttpGateTest {

    private static final String CONFIG = """
        server:
          ioThreads: 2
        feed:
          instruments:
        %s
        services:
          - name: echo
            dialect: echo
            port: 0
          - name: okx
            dialect: okx
            port: 0
        """.formatted(GatewayFixture.OKX_BTC_USDT);

    private GatewayFixture gateway;

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void shouldReportHealthUp() throws IOException {
        givenGateway(Metrics.NOOP, Admitter.ADMIT_ALL);

        RawWebSocket.HttpReply reply = RawWebSocket.get(port("echo"), "/health");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        assertThat(reply.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void shouldExposeOpenConnectionsInPrometheusText() throws IOException {
        givenGateway(new MicrometerMetrics(), Admitter.ADMIT_ALL);

        try (RawWebSocket ws = RawWebSocket.connect(port("echo"), "/")) {
            // The answer to a ping is written after the upgrade task (which counts the connection) has finished.
            ws.send(true, RawWebSocket.NO_RSV, RawWebSocket.PING, new byte[0], true);
            assertThat(ws.readFrame().opcode()).isEqualTo(RawWebSocket.PONG);

            RawWebSocket.HttpReply reply = RawWebSocket.get(port("echo"), "/metrics");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("Content-Type")).startsWith("text/plain");
            assertThat(reply.body()).as("Prometheus text").contains("# TYPE sluice_connections gauge")
                .containsPattern("(?m)^sluice_connections\\{plan=\"unlimited\",service=\"echo\"} 1(\\.0)?$")
                .doesNotContainPattern("(?m)^sluice_connections\\{plan=\"unlimited\",service=\"okx\"} [1-9]");
        }
    }

    @Test
    void shouldAnswer404ForUnknownPath() throws IOException {
        givenGateway(Metrics.NOOP, Admitter.ADMIT_ALL);

        RawWebSocket.HttpReply reply = RawWebSocket.get(port("okx"), "/no/such/path");

        assertThat(reply.status()).isEqualTo(404);
    }

    @Test
    void shouldAnswer426ForWebSocketPathWithoutUpgrade() throws IOException {
        givenGateway(Metrics.NOOP, Admitter.ADMIT_ALL);

        RawWebSocket.HttpReply reply = RawWebSocket.get(port("okx"), "/ws/v5/public");

        assertThat(reply.status()).isEqualTo(426);
        assertThat(reply.header("Upgrade")).isNull();
    }

    @Test
    void shouldNotAcceptPermessageDeflateOfferedByClient() throws IOException {
        givenGateway(Metrics.NOOP, Admitter.ADMIT_ALL);

        try (RawWebSocket ws = RawWebSocket.connect(port("echo"), "/",
            "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits")) {

            assertThat(ws.handshakeResponse()).as("101 response to a permessage-deflate offer")
                .doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
            ws.sendText("plain");
            RawWebSocket.Frame echo = ws.readFrame();
            assertThat(echo.rsv()).as("RSV bits of the server's frame").isZero();
            assertThat(echo.text()).isEqualTo("plain");
        }
    }

    @Test
    void shouldListConfiguredOkxSpotInstrument() throws IOException {
        givenGateway(Metrics.NOOP, Admitter.ADMIT_ALL);

        RawWebSocket.HttpReply reply = RawWebSocket.get(port("okx"), "/api/v5/public/instruments?instType=SPOT");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        assertThat(reply.body()).startsWith("{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"instType\":\"SPOT\"")
            .contains("\"instId\":\"BTC-USDT\"", "\"tickSz\":\"0.1\"");
    }

    @Test
    void shouldRefuseUpgradeWithAdmittersStatusAndBody() throws IOException {
        String body = "{\"error\":\"too many\"}";
        givenGateway(Metrics.NOOP, (principal, endpoint, connId) -> new Admission.Refused(null, 429, body));
        String key = Base64.getEncoder().encodeToString("refused-handshake".getBytes(StandardCharsets.US_ASCII));

        RawWebSocket.HttpReply reply = RawWebSocket.http(port("okx"),
            RawWebSocket.upgradeRequest(port("okx"), "/ws/v5/public", key));

        assertThat(reply.status()).as("status of a refused upgrade").isEqualTo(429);
        assertThat(reply.body()).isEqualTo(body);
        assertThat(reply.header("Sec-WebSocket-Accept")).isNull();
        assertThat(reply.header("Upgrade")).isNull();
    }

    private void givenGateway(Metrics metrics, Admitter admitter) {
        gateway = GatewayFixture.start(CONFIG, metrics, admitter);
    }

    private int port(String service) {
        return gateway.port(service);
    }
}

package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A limit's refusal is sent with a {@code Content-Type} that matches its body, whatever the plan configured: JSON
 * as {@code application/json}, other text as {@code text/plain}, no body with no type. Real sockets on loopback.
 */
@Timeout(20)
class RefusalContentTypeTest {

    private static final String OKX = "/ws/v5/public";
    private static final String INSTRUMENTS = "/api/v5/public/instruments?instType=SPOT";

    @Test
    void shouldSendAPlainTextHandshakeRefusalAsTextPlain() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(oneConnection("body: Too Many Requests"));
             RawWebSocket first = RawWebSocket.connect(fixture.port("okx"), OKX)) {
            RawWebSocket.HttpReply refused = secondHandshake(fixture);

            assertThat(first.handshakeResponse()).startsWith("HTTP/1.1 101");
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.body()).isEqualTo("Too Many Requests");
            assertThat(refused.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        }
    }

    @Test
    void shouldSendAJsonHandshakeRefusalWithItsPlaceholderFilledAsApplicationJson() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(oneConnection(
                "body: '{\"error\":\"too many\",\"retryAfterMs\":{retryAfterMs}}'"));
             RawWebSocket first = RawWebSocket.connect(fixture.port("okx"), OKX)) {
            RawWebSocket.HttpReply refused = secondHandshake(fixture);

            assertThat(first.handshakeResponse()).startsWith("HTTP/1.1 101");
            assertThat(refused.status()).isEqualTo(429);
            assertThat(new ObjectMapper().readTree(refused.body()).path("error").asText()).isEqualTo("too many");
            assertThat(refused.header("Content-Type")).isEqualTo("application/json");
        }
    }

    @Test
    void shouldSendAHandshakeRefusalOfAPlanWithoutBodyEmptyAndWithoutContentType() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(oneConnection("status: 429"));
             RawWebSocket first = RawWebSocket.connect(fixture.port("okx"), OKX)) {
            RawWebSocket.HttpReply refused = secondHandshake(fixture);

            assertThat(first.handshakeResponse()).startsWith("HTTP/1.1 101");
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.body()).isEmpty();
            assertThat(refused.header("Content-Length")).isEqualTo("0");
            assertThat(refused.header("Content-Type")).as("no content, no type").isNull();
        }
    }

    @Test
    void shouldSendAPlainTextHttpRateRefusalAsTextPlainAndOneWithoutBodyWithoutContentType() throws Exception {
        String oneRequestAMinute = """
                  - kind: http-rate
                    scope: ip
                    permits: 1
                    periodMs: 60000
            """;
        try (GatewayFixture plain = GatewayFixture.start(config(oneRequestAMinute + "        body: slow down\n"));
             GatewayFixture unset = GatewayFixture.start(config(oneRequestAMinute))) {
            RawWebSocket.get(plain.port("okx"), INSTRUMENTS);
            RawWebSocket.get(unset.port("okx"), INSTRUMENTS);
            RawWebSocket.HttpReply plainRefusal = RawWebSocket.get(plain.port("okx"), INSTRUMENTS);
            RawWebSocket.HttpReply defaultRefusal = RawWebSocket.get(unset.port("okx"), INSTRUMENTS);

            assertThat(plainRefusal.status()).isEqualTo(429);
            assertThat(plainRefusal.body()).isEqualTo("slow down");
            assertThat(plainRefusal.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(defaultRefusal.status()).isEqualTo(429);
            assertThat(defaultRefusal.body()).isEmpty();
            assertThat(defaultRefusal.header("Content-Type")).as("no content, no type").isNull();
        }
    }

    private static RawWebSocket.HttpReply secondHandshake(GatewayFixture fixture) throws Exception {
        int port = fixture.port("okx");
        return RawWebSocket.http(port, RawWebSocket.upgradeRequest(port, OKX, "dGhlIHNhbXBsZSBub25jZQ=="));
    }

    /** A user-written plan: one connection per IP, refused at the handshake with the given action keys. */
    private static String oneConnection(String actionKey) {
        return config("""
                  - kind: connections
                    scope: ip
                    max: 1
                    action: reject-handshake
            """ + "        " + actionKey + "\n");
    }

    private static String config(String limits) {
        return "plans:\n  - name: test\n    limits:\n" + limits
            + "feed:\n  instruments:\n" + GatewayFixture.OKX_BTC_USDT
            + "services:\n  - name: okx\n    dialect: okx\n    port: 0\n    plan: test\n";
    }
}

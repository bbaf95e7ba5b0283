package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.GatewayFixture;
import dev.sluice.WsClient;
import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code server.allowedOrigins}: a browser page of another site cannot open a connection (cross-site WebSocket
 * hijacking); listed origins and clients without an {@code Origin} header (libraries, servers) can.
 */
@Timeout(10)
class OriginCheckTest {

    private static final String CONFIG = """
        server:
          allowedOrigins: [https://app.example.com, http://localhost:3000]
        feed:
          instruments:
        %s
        services:
          - name: okx
            dialect: okx
            port: 0
        """.formatted(GatewayFixture.OKX_BTC_USDT);

    @Test
    void shouldRefuseAnUnlistedOriginAndAdmitListedOnesAndClientsWithoutOne() {
        try (GatewayFixture gateway = GatewayFixture.start(CONFIG)) {
            int port = gateway.port("okx");
            try (WsClient evil = WsClient.connect(port, "/ws/v5/public", "127.0.0.1", "Origin: https://evil.example");
                 WsClient app = WsClient.connect(port, "/ws/v5/public", "127.0.0.1",
                     "Origin: HTTPS://APP.EXAMPLE.COM");
                 WsClient local = WsClient.connect(port, "/ws/v5/public", "127.0.0.1", "Origin: http://localhost:3000");
                 WsClient library = WsClient.connect(port, "/ws/v5/public", "127.0.0.1")) {
                assertThat(evil.status()).isEqualTo(403);
                assertThat(evil.response()).endsWith("origin not allowed");
                assertThat(app.status()).as("a listed origin, whatever its case").isEqualTo(101);
                assertThat(local.status()).isEqualTo(101);
                assertThat(library.status()).as("no Origin header: not a browser").isEqualTo(101);
            }
        }
    }

    @Test
    void shouldRefuseASecondOriginHeaderEvenAfterAListedOne() {
        try (GatewayFixture gateway = GatewayFixture.start(CONFIG);
             WsClient twice = WsClient.connect(gateway.port("okx"), "/ws/v5/public", "127.0.0.1",
                 "Origin: https://app.example.com", "Origin: https://evil.example");
             WsClient sameTwice = WsClient.connect(gateway.port("okx"), "/ws/v5/public", "127.0.0.1",
                 "Origin: https://app.example.com", "Origin: https://app.example.com")) {
            assertThat(twice.status()).as("Origin: <listed> then Origin: <unlisted>").isEqualTo(403);
            assertThat(sameTwice.status()).as("a browser sends one Origin, never two").isEqualTo(403);
        }
    }

    @Test
    void shouldCheckSecWebSocketOriginLikeOrigin() {
        try (GatewayFixture gateway = GatewayFixture.start(CONFIG);
             WsClient evil = WsClient.connect(gateway.port("okx"), "/ws/v5/public", "127.0.0.1",
                 "Sec-WebSocket-Origin: https://evil.example");
             WsClient evilBesideListed = WsClient.connect(gateway.port("okx"), "/ws/v5/public", "127.0.0.1",
                 "Origin: https://app.example.com", "Sec-WebSocket-Origin: https://evil.example");
             WsClient listed = WsClient.connect(gateway.port("okx"), "/ws/v5/public", "127.0.0.1",
                 "Sec-WebSocket-Origin: https://app.example.com")) {
            assertThat(evil.status()).isEqualTo(403);
            assertThat(evilBesideListed.status()).isEqualTo(403);
            assertThat(listed.status()).isEqualTo(101);
        }
    }

    @Test
    void shouldAllowEveryOriginWhenNoneIsListed() {
        try (GatewayFixture gateway = GatewayFixture.start(CONFIG.replace(
            "  allowedOrigins: [https://app.example.com, http://localhost:3000]\n", "  ioThreads: 1\n"));
             WsClient any = WsClient.connect(gateway.port("okx"), "/ws/v5/public", "127.0.0.1",
                 "Origin: https://anyone.example")) {
            assertThat(any.status()).isEqualTo(101);
        }
    }

    @Test
    void shouldRefuseAnOriginWithAPath() {
        String yaml = "server:\n  allowedOrigins: [https://app.example.com/]\nservices:\n  - name: s\n"
            + "    dialect: echo\n    port: 0\n";
        assertThatThrownBy(() -> ConfigLoader.parse("test", yaml)).isInstanceOf(ConfigException.class)
            .hasMessageContaining("server.allowedOrigins").hasMessageContaining("is not an origin");
    }
}

package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.GatewayFixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The limit actions as a client sees them, through the real pipeline, on the manual clock. */
@Timeout(20)
class LimitsOverSocketTest {

    private static final String OKX = "/ws/v5/public";

    @Test
    void shouldRejectTheHandshakeOverTheConnectionCapWithStatusBodyAndRetryAfter() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(config("""
                  - kind: connections
                    scope: ip
                    max: 1
                    status: 429
                    body: '{"error":"too many connections"}'
                  - kind: connect-rate
                    scope: ip
                    permits: 100
                    periodMs: 1000
            """));
             RawWebSocket first = RawWebSocket.connect(fixture.port("okx"), OKX)) {
            RawWebSocket.HttpReply second = RawWebSocket.http(fixture.port("okx"),
                RawWebSocket.upgradeRequest(fixture.port("okx"), OKX, "dGhlIHNhbXBsZSBub25jZQ=="));

            assertThat(second.status()).isEqualTo(429);
            assertThat(second.body()).isEqualTo("{\"error\":\"too many connections\"}");
            assertThat(first.handshakeResponse()).startsWith("HTTP/1.1 101");
        }
    }

    @Test
    void shouldUpgradeThenCloseAnExcessConnectionWhenThePlanSaysSo() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(config("""
                  - kind: connections
                    scope: ip
                    max: 1
                    action: accept-then-close
                    closeCode: 4001
                    closeReason: connection limit
            """));
             RawWebSocket first = RawWebSocket.connect(fixture.port("okx"), OKX);
             RawWebSocket excess = RawWebSocket.connect(fixture.port("okx"), OKX)) {
            List<RawWebSocket.Frame> frames = excess.readUntilEof();

            assertThat(first.handshakeResponse()).startsWith("HTTP/1.1 101");
            assertThat(excess.handshakeResponse()).as("the excess connection is upgraded first").startsWith(
                "HTTP/1.1 101");
            assertThat(frames).hasSize(1);
            assertThat(closeCode(frames.get(0))).isEqualTo(4001);
        }
    }

    @Test
    void shouldAnswerTheMessageOverTheRateWithTheVendorErrorAndStayOpen() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(config("""
                  - kind: message-rate
                    scope: connection
                    permits: 2
                    periodMs: 1000
                    errorCode: "60014"
                    errorMessage: Requests too frequent
            """));
             RawWebSocket client = RawWebSocket.connect(fixture.port("okx"), OKX)) {
            client.sendText("ping");
            client.sendText("ping");
            client.sendText("ping");

            assertThat(text(client.readFrame())).isEqualTo("pong");
            assertThat(text(client.readFrame())).isEqualTo("pong");
            assertThat(text(client.readFrame())).matches(
                "\\{\"event\":\"error\",\"code\":\"60014\",\"msg\":\"Requests too frequent\",\"connId\":\"\\w{8}\"}");
            fixture.advanceFeed(1_000);
            client.sendText("ping");
            assertThat(text(client.readFrame())).as("a ping a second after the first two").isEqualTo("pong");
        }
    }

    @Test
    void shouldNotifyChannelConnectionCountsAndEndTheSubscriptionOverTheLimit() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(config("""
                  - kind: channel-connections
                    scope: ip
                    channels: tickers
                    max: 1
                    action: notify
            """));
             RawWebSocket one = RawWebSocket.connect(fixture.port("okx"), OKX);
             RawWebSocket two = RawWebSocket.connect(fixture.port("okx"), OKX)) {
            String subscribe = "{\"op\":\"subscribe\",\"args\":[{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"}]}";
            one.sendText(subscribe);
            assertThat(text(one.readFrame())).contains("\"event\":\"subscribe\"");
            assertThat(text(one.readFrame())).startsWith(
                "{\"event\":\"channel-conn-count\",\"channel\":\"tickers\",\"connCount\":\"1\",\"connId\":");

            two.sendText(subscribe);
            assertThat(text(two.readFrame())).contains("\"event\":\"subscribe\"");
            assertThat(text(two.readFrame())).startsWith(
                "{\"event\":\"channel-conn-count-error\",\"channel\":\"tickers\",\"connCount\":\"1\",\"connId\":");
        }
    }

    @Test
    void shouldCloseAConnectionThatSendsNoHeartbeatForThirtySeconds() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(config("""
                  - kind: heartbeat
                    periodMs: 30000
                    ops: ping
                    closeCode: 4004
                    closeReason: No data received in 30s
            """));
             RawWebSocket client = RawWebSocket.connect(fixture.port("okx"), OKX)) {
            client.sendText("ping");
            assertThat(text(client.readFrame())).isEqualTo("pong");
            fixture.advanceFeed(29_999);
            fixture.gateway().tickSessions();
            client.sendText("ping");
            assertThat(text(client.readFrame())).as("still open at 29.999 s").isEqualTo("pong");

            fixture.advanceFeed(30_000);
            fixture.gateway().tickSessions();
            List<RawWebSocket.Frame> frames = client.readUntilEof();

            assertThat(closeCode(frames.get(frames.size() - 1))).isEqualTo(4004);
        }
    }

    private static String config(String limits) {
        return "plans:\n  - name: test\n    limits:\n" + limits
            + "feed:\n  instruments:\n" + GatewayFixture.OKX_BTC_USDT
            + "services:\n  - name: okx\n    dialect: okx\n    port: 0\n    plan: test\n";
    }

    private static String text(RawWebSocket.Frame frame) {
        assertThat(frame.opcode()).as("text frame").isEqualTo(0x1);
        return new String(frame.payload(), StandardCharsets.UTF_8);
    }

    private static int closeCode(RawWebSocket.Frame frame) {
        assertThat(frame.opcode()).as("close frame").isEqualTo(0x8);
        return (frame.payload()[0] & 0xFF) << 8 | frame.payload()[1] & 0xFF;
    }
}

package dev.sluice.dialect.sfox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import dev.sluice.config.ServerConfig;
import dev.sluice.config.SluiceConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sFOX preset's per-IP limits over real sockets, on the manual clock. */
class SfoxLimitsTest {

    private static final String REQUEST = "{\"type\":\"unsubscribe\",\"feeds\":[]}";

    @Test
    void shouldRefuseTheEleventhConnectionFromOneIpWith429AndTheRemainingBlock() {
        try (GatewayFixture fixture = SfoxPreset.start()) {
            List<SfoxClient> open = connect(fixture, "127.0.0.1", 10);
            try (SfoxClient eleventh = SfoxPreset.connect(fixture, "127.0.0.1")) {
                assertThat(eleventh.status()).isEqualTo(429);
                assertThat(eleventh.response()).contains("retry-after: 120")
                    .endsWith("{\"type\":\"error\",\"payload\":{\"error\":\"Rate limit exceeded\","
                        + "\"retryAfterMs\":120000}}");
            }
            // The block holds even after a slot is freed.
            open.remove(0).close();
            fixture.advanceClock(1_000);
            try (SfoxClient again = SfoxPreset.connect(fixture, "127.0.0.1")) {
                assertThat(again.status()).isEqualTo(429);
                assertThat(again.response()).contains("retry-after: 119").contains("\"retryAfterMs\":119000}");
            }
            open.forEach(SfoxClient::close);
        }
    }

    @Test
    void shouldRefuseTheFortyFirstRequestInAMinuteAcrossThreeConnections() {
        try (GatewayFixture fixture = SfoxPreset.start()) {
            List<SfoxClient> clients = connect(fixture, "127.0.0.1", 3);
            for (int i = 0; i < 40; i++) {
                SfoxClient client = clients.get(i % 3);
                client.send(REQUEST);
                assertThat(client.nextReply().get("type").asText()).as("request %d", i + 1).isEqualTo("success");
            }
            clients.get(1).send(REQUEST);
            JsonNode error = clients.get(1).nextReply();
            assertThat(error.get("type").asText()).isEqualTo("error");
            assertThat(error.at("/payload/code").asText()).isEqualTo("rate_limit");
            assertThat(error.at("/payload/error").asText()).isEqualTo("Rate limit exceeded");
            assertThat(error.at("/payload/retryAfterMs").asLong()).isEqualTo(120_000);
            clients.forEach(SfoxClient::close);
        }
    }

    @Test
    void shouldBlockRequestsAndNewConnectionsForExactlyTwoMinutesAfterTheFortyFirstRequest() {
        try (GatewayFixture fixture = SfoxPreset.start()) {
            List<SfoxClient> clients = connect(fixture, "127.0.0.1", 3);
            for (int i = 0; i < 40; i++) {
                clients.get(i % 3).send(REQUEST);
                clients.get(i % 3).nextReply();
            }
            clients.get(2).send(REQUEST);
            assertThat(clients.get(2).nextReply().get("type").asText()).isEqualTo("error");
            fixture.advanceClock(119_999);
            clients.get(0).send(REQUEST);
            JsonNode blocked = clients.get(0).nextReply();
            assertThat(blocked.get("type").asText()).isEqualTo("error");
            assertThat(blocked.at("/payload/retryAfterMs").asLong()).isEqualTo(1);
            try (SfoxClient refused = SfoxPreset.connect(fixture, "127.0.0.1")) {
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.response()).contains("retry-after: 1").contains("\"retryAfterMs\":1}");
            }
            // Another IP is not blocked.
            try (SfoxClient other = SfoxPreset.connect(fixture, "127.0.0.2")) {
                assertThat(other.upgraded()).isTrue();
            }
            fixture.advanceClock(1);
            clients.get(0).send(REQUEST);
            assertThat(clients.get(0).nextReply().get("type").asText()).isEqualTo("success");
            try (SfoxClient admitted = SfoxPreset.connect(fixture, "127.0.0.1")) {
                assertThat(admitted.upgraded()).isTrue();
            }
            clients.forEach(SfoxClient::close);
        }
    }

    @Test
    void shouldIgnoreSpoofedForwardedForFromAnUntrustedPeer() {
        try (GatewayFixture fixture = SfoxPreset.start()) {
            List<SfoxClient> open = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                SfoxClient client = SfoxPreset.connect(fixture, "127.0.0.1", "X-Forwarded-For: 10.0.0." + i);
                assertThat(client.upgraded()).isTrue();
                open.add(client);
            }
            try (SfoxClient spoofed = SfoxPreset.connect(fixture, "127.0.0.1", "X-Forwarded-For: 10.0.0.99")) {
                assertThat(spoofed.status()).isEqualTo(429);
            }
            open.forEach(SfoxClient::close);
        }
    }

    @Test
    void shouldCountForwardedClientsApartBehindATrustedProxy() {
        SluiceConfig preset = SfoxPreset.preset();
        ServerConfig s = preset.server();
        ServerConfig trusting = new ServerConfig(s.host(), s.maxFramePayloadBytes(), s.maxMessageBytes(),
            s.maxBacklogBytes(), s.ioThreads(), s.httpIdleTimeoutMs(), List.of("127.0.0.1"));
        SluiceConfig config = new SluiceConfig(preset.description(), trusting, preset.feed(), preset.services(),
            preset.plans(), preset.shadowLimits(), preset.accounts());
        try (GatewayFixture fixture = SfoxPreset.start(config)) {
            List<SfoxClient> open = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                open.add(SfoxPreset.connect(fixture, "127.0.0.1", "X-Forwarded-For: 203.0.113.7"));
            }
            try (SfoxClient eleventh = SfoxPreset.connect(fixture, "127.0.0.1", "X-Forwarded-For: 203.0.113.7");
                 SfoxClient other = SfoxPreset.connect(fixture, "127.0.0.1", "X-Forwarded-For: 203.0.113.8")) {
                assertThat(eleventh.status()).isEqualTo(429);
                assertThat(other.upgraded()).isTrue();
            }
            open.forEach(SfoxClient::close);
        }
    }

    @Test
    void shouldCountTwoLoopbackAddressesApart() {
        try (GatewayFixture fixture = SfoxPreset.start()) {
            List<SfoxClient> first = connect(fixture, "127.0.0.1", 10);
            List<SfoxClient> second = connect(fixture, "127.0.0.2", 10);
            try (SfoxClient eleventh = SfoxPreset.connect(fixture, "127.0.0.2")) {
                assertThat(eleventh.status()).isEqualTo(429);
            }
            first.forEach(SfoxClient::close);
            second.forEach(SfoxClient::close);
        }
    }

    @Test
    void shouldCloseAConnectionThatNeverSubscribesAfterTheGracePeriod() {
        try (GatewayFixture fixture = SfoxPreset.start();
             SfoxClient idle = SfoxPreset.connect(fixture, "127.0.0.1");
             SfoxClient subscribed = SfoxPreset.authenticated(fixture)) {
            subscribed.send("{\"type\":\"subscribe\",\"feeds\":[\"ticker.sfox.btcusd\"]}");
            assertThat(subscribed.nextReply().get("type").asText()).isEqualTo("success");
            fixture.advanceClock(59_999);
            fixture.gateway().tickSessions();
            fixture.advanceClock(1);
            fixture.gateway().tickSessions();
            assertThat(idle.next()).isNull();
            assertThat(idle.closeCode()).isEqualTo(1000);
            subscribed.send(REQUEST);
            assertThat(subscribed.nextReply()).isNotNull();
        }
    }

    private static List<SfoxClient> connect(GatewayFixture fixture, String ip, int count) {
        List<SfoxClient> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SfoxClient client = SfoxPreset.connect(fixture, ip);
            assertThat(client.upgraded()).as("connection %d from %s", i + 1, ip).isTrue();
            clients.add(client);
        }
        return clients;
    }
}

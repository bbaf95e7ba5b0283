package dev.sluice.dialect.sfox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.GatewayFixture;
import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.ServerConfig;
import dev.sluice.config.SluiceConfig;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PROXY protocol in front of sFOX's per-IP limits: a trusted proxy's header names the client that is counted;
 * nobody else may send one.
 */
class SfoxProxyProtocolTest {

    @Test
    void shouldCountTheClientsNamedInTrustedProxyHeadersApart() {
        try (GatewayFixture fixture = SfoxPreset.start(behindProxy("127.0.0.1"))) {
            int port = fixture.port(SfoxPreset.SERVICE);
            List<SfoxClient> open = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                open.add(SfoxClient.connect(port, "127.0.0.1", v1("203.0.113.7")));
                assertThat(open.get(i).upgraded()).as("connection %d", i + 1).isTrue();
            }
            try (SfoxClient eleventh = SfoxClient.connect(port, "127.0.0.1", v1("203.0.113.7"));
                 SfoxClient otherClient = SfoxClient.connect(port, "127.0.0.1", v2("203.0.113.8"));
                 SfoxClient proxyItself = SfoxClient.connect(port, "127.0.0.1")) {
                assertThat(eleventh.status()).isEqualTo(429);
                assertThat(otherClient.upgraded()).as("another client through the same proxy (v2 header)").isTrue();
                assertThat(proxyItself.upgraded()).as("no header: the proxy's own address").isTrue();
            }
            open.forEach(SfoxClient::close);
        }
    }

    @Test
    void shouldCloseAConnectionWhoseHeaderComesFromAnUntrustedPeer() {
        try (GatewayFixture fixture = SfoxPreset.start(behindProxy("127.0.0.1"))) {
            int port = fixture.port(SfoxPreset.SERVICE);
            assertThatThrownBy(() -> SfoxClient.connect(port, "127.0.0.2", v1("203.0.113.7")))
                .as("a client naming its own address").isInstanceOf(UncheckedIOException.class);
            try (SfoxClient direct = SfoxClient.connect(port, "127.0.0.2")) {
                assertThat(direct.upgraded()).as("the same peer without a header").isTrue();
            }
        }
    }

    @Test
    void shouldRefuseTheProxyProtocolWithoutTrustedProxies() {
        String yaml = "server:\n  proxyProtocol: true\nservices:\n  - name: s\n    dialect: sfox\n    port: 0\n";
        assertThatThrownBy(() -> ConfigLoader.parse("test", yaml)).isInstanceOf(ConfigException.class)
            .hasMessageContaining("server.proxyProtocol").hasMessageContaining("needs trustedProxies");
    }

    private static SluiceConfig behindProxy(String proxy) {
        SluiceConfig preset = SfoxPreset.preset();
        ServerConfig s = preset.server();
        ServerConfig server = new ServerConfig(s.host(), s.maxFramePayloadBytes(), s.maxMessageBytes(),
            s.maxBacklogBytes(), s.ioThreads(), s.httpIdleTimeoutMs(), List.of(proxy), true);
        return new SluiceConfig(preset.description(), server, preset.feed(), preset.services(), preset.plans(),
            preset.shadowLimits(), preset.accounts());
    }

    /** A PROXY protocol v1 (text) header. */
    private static byte[] v1(String client) {
        return ("PROXY TCP4 " + client + " 127.0.0.1 40000 8002\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A PROXY protocol v2 (binary) header, PROXY command, TCP over IPv4. */
    private static byte[] v2(String client) {
        ByteBuffer header = ByteBuffer.allocate(16 + 12);
        header.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        header.put((byte) 0x21).put((byte) 0x11).putShort((short) 12);
        for (String part : client.split("\\.")) {
            header.put((byte) Integer.parseInt(part));
        }
        header.put(new byte[] {127, 0, 0, 1}).putShort((short) 40000).putShort((short) 8002);
        return header.array();
    }
}

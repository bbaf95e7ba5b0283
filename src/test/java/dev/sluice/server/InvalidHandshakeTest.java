package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.GatewayFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An upgrade request that cannot be an RFC 6455 handshake is answered at once and its connection closed: each
 * answer (and the end of the stream) must arrive within {@link #ANSWER_TIMEOUT_MS}, far below the 10 s after which
 * an idle HTTP connection would get 408 (and this gateway's manual clock never gets there at all).
 */
@Timeout(20)
class InvalidHandshakeTest {

    /** Far below the 10 s HTTP idle timeout: an answer that is not sent at once fails the read. */
    private static final int ANSWER_TIMEOUT_MS = 3_000;
    private static final String PATH = "/ws/v5/public";
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private GatewayFixture gateway;
    private int port;

    @BeforeEach
    void start() {
        gateway = GatewayFixture.start("""
            feed:
              instruments:
            %s
            services:
              - name: okx
                dialect: okx
                port: 0
            """.formatted(GatewayFixture.OKX_BTC_USDT));
        port = gateway.port("okx");
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void shouldAnswer400AtOnceWhenTheKeyIsMissing() throws IOException {
        String reply = send(request("GET", "Sec-WebSocket-Version: 13"));

        assertThat(reply).startsWith("HTTP/1.1 400 ");
        assertThat(reply).contains("Sec-WebSocket-Key");
    }

    @Test
    void shouldAnswer400AtOnceWhenTheKeyIsSentTwice() throws IOException {
        String reply = send(request("GET", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: " + KEY,
            "Sec-WebSocket-Key: " + KEY));

        assertThat(reply).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void shouldAnswer426WithVersion13AtOnceWhenTheVersionIsMissing() throws IOException {
        String reply = send(request("GET", "Sec-WebSocket-Key: " + KEY));

        assertThat(reply).startsWith("HTTP/1.1 426 ");
        assertThat(header(reply, "Sec-WebSocket-Version")).isEqualTo("13");
    }

    @Test
    void shouldAnswer426WithVersion13ToTheHybiDraftVersion8() throws IOException {
        String reply = send(request("GET", "Sec-WebSocket-Version: 8", "Sec-WebSocket-Key: " + KEY));

        assertThat(reply).as("version 8 (hybi draft) is not accepted").startsWith("HTTP/1.1 426 ");
        assertThat(header(reply, "Sec-WebSocket-Version")).isEqualTo("13");
    }

    @Test
    void shouldAnswer405AllowingGetAtOnceToAPostWithUpgradeHeaders() throws IOException {
        String reply = send(request("POST", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: " + KEY,
            "Content-Length: 0"));

        assertThat(reply).startsWith("HTTP/1.1 405 ");
        assertThat(header(reply, "Allow")).isEqualTo("GET");
    }

    @Test
    void shouldAnswer400AtOnceWithoutConnectionUpgrade() throws IOException {
        String reply = send(request("GET", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: " + KEY)
            .replace("Connection: Upgrade\r\n", "Connection: keep-alive\r\n"));

        assertThat(reply).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void shouldStillUpgradeAValidHandshake() throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(port, PATH)) {
            assertThat(ws.handshakeResponse()).startsWith("HTTP/1.1 101 ");
        }
    }

    private String request(String method, String... headers) {
        StringBuilder request = new StringBuilder(method + " " + PATH + " HTTP/1.1\r\n")
            .append("Host: 127.0.0.1:").append(port).append("\r\n")
            .append("Upgrade: websocket\r\n")
            .append("Connection: Upgrade\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    /** Sends {@code request} and reads until the server closes the connection, which it must do at once. */
    private String send(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(ANSWER_TIMEOUT_MS);
            socket.connect(new InetSocketAddress(RawWebSocket.HOST, port), ANSWER_TIMEOUT_MS);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String header(String reply, String name) {
        return reply.lines().filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
            .map(line -> line.substring(name.length() + 1).trim()).findFirst().orElse(null);
    }
}

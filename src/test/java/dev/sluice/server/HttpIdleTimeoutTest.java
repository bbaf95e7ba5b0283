package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.GatewayFixture;
import dev.sluice.metric.MicrometerMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection that has not upgraded is closed with 408 once it has gone {@code server.httpIdleTimeoutMs}
 * without a complete request (a slow or silent client cannot hold it open); upgraded connections are not
 * affected. On the manual clock.
 */
@Timeout(20)
class HttpIdleTimeoutTest {

    private static final String CONFIG = """
        server:
          httpIdleTimeoutMs: 10000
        services:
          - name: echo
            dialect: echo
            port: 0
        """;

    private final MicrometerMetrics metrics = new MicrometerMetrics();
    private GatewayFixture fixture;

    @BeforeEach
    void start() {
        fixture = GatewayFixture.start(CONFIG, metrics, null);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void shouldCloseASilentConnectionWith408AfterTheIdleTimeout() throws IOException {
        try (Socket socket = open()) {
            idle(9_999);
            idle(1);

            assertThat(readAll(socket)).startsWith("HTTP/1.1 408 Request Timeout");
        }
    }

    @Test
    void shouldKeepAPartialRequestOpenUntilTheTimeoutAndTimeItFromTheLastCompleteRequest() throws IOException {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            idle(9_999);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readResponseHead(socket)).as("still open at 9.999 s").startsWith("HTTP/1.1 200 OK");

            idle(9_999);
            out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readResponseHead(socket)).as("keep-alive timed from the last request").startsWith(
                "HTTP/1.1 200 OK");
            idle(10_000);
            assertThat(readAll(socket)).contains("HTTP/1.1 408 Request Timeout");
        }
    }

    @Test
    void shouldNotTimeOutAnUpgradedConnection() throws IOException {
        try (RawWebSocket client = RawWebSocket.connect(fixture.port("echo"), "/")) {
            idle(60_000);

            client.sendText("still here");
            assertThat(new String(client.readFrame().payload(), StandardCharsets.UTF_8)).isEqualTo("still here");
        }
    }

    /** Connects, and waits (bounded) until the server has the connection, so its idle time starts now. */
    private Socket open() throws IOException {
        Socket socket = new Socket();
        socket.setSoTimeout(5_000);
        socket.connect(new InetSocketAddress("127.0.0.1", fixture.port("echo")), 5_000);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!metrics.scrape().contains("sluice_http_connections{service=\"echo\"} 1.0")) {
            assertThat(System.nanoTime()).as("the server registers the connection").isLessThan(deadline);
            Thread.onSpinWait();
        }
        return socket;
    }

    private void idle(long millis) {
        fixture.advanceFeed(millis);
        fixture.gateway().tickSessions();
    }

    /** Reads one response's head and its body (by Content-Length). */
    private static String readResponseHead(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("response byte").isNotNegative();
            head.append((char) b);
        }
        String length = head.toString().replaceAll("(?is).*content-length: *(\\d+).*", "$1");
        in.readNBytes(Integer.parseInt(length.trim()));
        return head.toString();
    }

    /** Everything until the server closes the connection (a read timeout fails the test). */
    private static String readAll(Socket socket) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        socket.getInputStream().transferTo(all);
        return all.toString(StandardCharsets.US_ASCII);
    }
}

package dev.sluice.server;

import static dev.sluice.server.RawWebSocket.CONTINUATION;
import static dev.sluice.server.RawWebSocket.NO_RSV;
import static dev.sluice.server.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.GatewayFixture;
import dev.sluice.limit.Admitter;
import dev.sluice.metric.MicrometerMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection that breaks the protocol counts as one violation, and a client that merely goes away does not count
 * at all, even when it leaves a fragmented message unfinished.
 *
 * <p>One I/O thread: the server's handling of a closed connection is queued on that thread before the next
 * {@code /metrics} request can be read there, so a scrape taken once the connection gauge is back to zero sees
 * everything the close did.
 */
@Timeout(10)
class ProtocolViolationMetricsTest {

    private static final String CONFIG = """
        server:
          maxFramePayloadBytes: 1024
          maxMessageBytes: 2048
          ioThreads: 1
        services:
          - name: echo
            dialect: echo
            port: 0
        """;
    private static final int MAX_SCRAPES = 200;
    private static final Pattern CONNECTIONS = Pattern.compile(
        "(?m)^sluice_connections\\{plan=\"unlimited\",service=\"echo\"} (\\S+)$");
    private static final Pattern VIOLATIONS =
        Pattern.compile("(?m)^sluice_protocol_violations_total\\{service=\"echo\"} (\\S+)$");

    private GatewayFixture gateway;

    @BeforeEach
    void startGateway() {
        gateway = GatewayFixture.start(CONFIG, new MicrometerMetrics(), Admitter.ADMIT_ALL);
    }

    @AfterEach
    void stopGateway() {
        gateway.close();
    }

    @Test
    void shouldCountOneViolationWhenFragmentedMessageGrowsTooBig() throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(port(), "/")) {
            byte[] fragment = new byte[1000];
            ws.write(ws.frame(false, NO_RSV, TEXT, fragment, true),
                ws.frame(false, NO_RSV, CONTINUATION, fragment, true),
                ws.frame(false, NO_RSV, CONTINUATION, fragment, true));
            assertThat(ws.readUntilEof()).extracting(RawWebSocket.Frame::closeCode).containsExactly(1009);
        }

        assertThat(violationsOnceClosed()).as("violations counted for one connection closed with 1009").isEqualTo(1);
    }

    @Test
    void shouldCountOneViolationWhenFragmentedTextIsInvalidUtf8() throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(port(), "/")) {
            ws.write(ws.frame(false, NO_RSV, TEXT, new byte[] {'a', (byte) 0xC3}, true),
                ws.frame(false, NO_RSV, CONTINUATION, new byte[] {0x28}, true));
            assertThat(ws.readUntilEof()).extracting(RawWebSocket.Frame::closeCode).containsExactly(1007);
        }

        assertThat(violationsOnceClosed()).as("violations counted for one connection closed with 1007").isEqualTo(1);
    }

    @Test
    void shouldNotCountClientLeavingInsideFragmentedMessageAsViolation() throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(port(), "/")) {
            ws.send(false, NO_RSV, TEXT, "first half".getBytes(StandardCharsets.UTF_8), true);
        }

        assertThat(violationsOnceClosed()).as("violations counted for a client that left mid-message").isZero();
    }

    @Test
    void shouldNotCountClientResettingConnectionAsViolation() throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(port(), "/")) {
            ws.sendText("hello");
            assertThat(ws.readFrame().text()).isEqualTo("hello");
            ws.abort();
        }

        assertThat(violationsOnceClosed()).as("violations counted for a client that reset the connection").isZero();
    }

    private int port() {
        return gateway.port("echo");
    }

    /** Scrapes until no connection is open any more, then once more, and returns the violation counter. */
    private double violationsOnceClosed() throws IOException {
        for (int scrape = 0; scrape < MAX_SCRAPES; scrape++) {
            if (metric(CONNECTIONS, scrapeMetrics()) == 0) {
                return metric(VIOLATIONS, scrapeMetrics());
            }
        }
        throw new AssertionError("the connection was still counted as open after " + MAX_SCRAPES + " scrapes");
    }

    private String scrapeMetrics() throws IOException {
        RawWebSocket.HttpReply reply = RawWebSocket.get(port(), "/metrics");
        assertThat(reply.status()).isEqualTo(200);
        return reply.body();
    }

    private static double metric(Pattern line, String scrape) {
        Matcher matcher = line.matcher(scrape);
        if (!matcher.find()) {
            throw new AssertionError("no line matching " + line + " in:\n" + scrape);
        }
        return Double.parseDouble(matcher.group(1));
    }
}

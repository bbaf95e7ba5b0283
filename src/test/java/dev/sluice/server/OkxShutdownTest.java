package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.GatewayFixture;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Graceful shutdown of the okx preset over a real socket: notice 64008 to every connection, data still served during
 * the drain period, then close 1001 after complete frames; the drain ends early once every connection has gone.
 */
@Timeout(30)
class OkxShutdownTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldNoticeEveryConnectionThenKeepServingForTheDrainThenCloseAfterWholeFrames() throws Exception {
        GatewayFixture fixture = OkxClient.preset(3_000);
        CompletableFuture<Void> closed = null;
        try (OkxClient books = OkxClient.connect(fixture, OkxClient.PUBLIC);
             OkxClient orders = OkxClient.loggedIn(fixture, OkxClient.DEMO)) {
            books.subscribe("{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}");
            assertThat(books.next().path("event").asText()).isEqualTo("subscribe");
            assertThat(books.next().path("action").asText()).isEqualTo("snapshot");

            closed = CompletableFuture.runAsync(fixture::close);
            JsonNode notice = books.next();
            JsonNode otherNotice = orders.next();
            fixture.advanceFeed(1_000);
            List<RawWebSocket.Frame> rest = books.socket.readUntilEof();

            assertThat(notice.toString()).matches("\\{\"event\":\"notice\",\"code\":\"64008\",\"msg\":\"The "
                + "connection will soon be closed for a service upgrade. Please reconnect.\",\"connId\":\"\\w{8}\"}");
            assertThat(otherNotice.path("code").asText()).isEqualTo("64008");
            assertThat(otherNotice.path("connId").asText()).isNotEqualTo(notice.path("connId").asText());
            RawWebSocket.Frame last = rest.get(rest.size() - 1);
            assertThat(last.isClose()).isTrue();
            assertThat(last.closeCode()).isEqualTo(1001);
            List<RawWebSocket.Frame> data = rest.subList(0, rest.size() - 1);
            assertThat(data).as("book updates pushed during the drain").isNotEmpty();
            for (RawWebSocket.Frame frame : data) {
                // Every frame arrived whole (the reader fails on a cut frame) and is complete JSON.
                assertThat(frame.fin()).isTrue();
                assertThat(JSON.readTree(frame.text()).path("action").asText()).isEqualTo("update");
            }
        } finally {
            if (closed != null) {
                closed.get(20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void shouldEndTheDrainOnceEveryConnectionHasGone() throws Exception {
        GatewayFixture fixture = OkxClient.preset(600_000);
        CompletableFuture<Void> closed;
        try (OkxClient client = OkxClient.connect(fixture, OkxClient.PUBLIC)) {
            closed = CompletableFuture.runAsync(fixture::close);
            assertThat(client.next().path("code").asText()).isEqualTo("64008");
        }

        CompletableFuture<Void> shutdown = closed;
        assertThatCode(() -> shutdown.get(20, TimeUnit.SECONDS))
            .as("closed within 20 s of the client leaving, not after the 10-minute drain").doesNotThrowAnyException();
    }
}

package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.GatewayFixture;
import dev.sluice.config.Presets;
import dev.sluice.config.SluiceConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * AllTick's official Java example ({@code example/java/WebSocketJavaExample.java} in AllTick's API repository)
 * against the bundled {@code alltick} preset, with only the host changed: it connects to the stock endpoint with a
 * token, sends its heartbeat at once and then every 10 s, and subscribes to the order books of 700.HK and UNH.US
 * with {@code depth_level} 5, sending the example's messages character for character. The client runs on the JDK's
 * WebSocket client instead of {@code javax.websocket}; its 10-second timer is driven by the gateway's manual clock,
 * so a minute of the example's life takes well under a second and is the same on every run.
 */
class AllTickJavaExampleIT {

    /** The example's heartbeat, sent every 10 s. */
    static final String HEARTBEAT = "{\"cmd_id\":22000,\"seq_id\":123,\"trace\":\"asdfsdfa\",\"data\":{}}";
    /** The example's subscription, as the example writes it (spaces after some colons included). */
    static final String SUBSCRIPTION = "{\"cmd_id\": 22002, \"seq_id\": 123,\"trace\":\"3baaa938-f92c-4a74-a228-"
        + "fd49d5e2f8bc-1678419657806\",\"data\":{\"symbol_list\":[{\"code\": \"700.HK\",\"depth_level\": 5},"
        + "{\"code\": \"UNH.US\",\"depth_level\": 5}]}}";
    static final long HEARTBEAT_INTERVAL_MS = 10_000;
    /** Twice AllTick's 30 s heartbeat timeout: the example's heartbeats must keep the connection open. */
    static final int HEARTBEATS = 6;
    static final long TIMEOUT_MS = 5_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(60)
    void shouldStreamOrderBooksOf700HkAndUnhUsToAllTicksJavaExample() throws Exception {
        SluiceConfig preset = Presets.load("alltick");
        try (GatewayFixture gateway = GatewayFixture.start(preset.withServices(List.of(
            preset.services().get(0).withPort(0))))) {
            gateway.advanceFeed(0);
            URI uri = new URI("ws://127.0.0.1:" + gateway.port("alltick")
                + "/quote-stock-b-ws-api?token=alltick-demo-basic");
            ExampleClient example = ExampleClient.connect(uri);

            example.sendMessage(SUBSCRIPTION);
            for (int beat = 1; beat <= HEARTBEATS; beat++) {
                gateway.advanceFeed(HEARTBEAT_INTERVAL_MS);
                gateway.gateway().tickSessions();
                example.onTimer();
            }
            List<JsonNode> received = example.receivedUntilHeartbeatAnswers(HEARTBEATS + 1);

            assertThat(example.closed()).as("closed by the server: " + example.closeReason()).isFalse();
            assertThat(ofCmd(received, 22003)).singleElement().satisfies(ack -> {
                assertThat(ack.get("ret").asInt()).isEqualTo(200);
                assertThat(ack.get("seq_id").asLong()).isEqualTo(123);
                assertThat(ack.get("trace").asText()).isEqualTo("3baaa938-f92c-4a74-a228-fd49d5e2f8bc-1678419657806");
            });
            assertThat(ofCmd(received, 22001)).hasSize(HEARTBEATS + 1)
                .allSatisfy(answer -> assertThat(answer.get("ret").asInt()).isEqualTo(200));
            Map<String, List<JsonNode>> books = booksByCode(ofCmd(received, 22999));
            assertThat(books).containsOnlyKeys("700.HK", "UNH.US");
            books.forEach((code, pushes) -> assertThat(pushes).as(code).allSatisfy(data -> {
                assertThat(data.get("bids").size()).as(code + " bid levels").isBetween(1, 5);
                assertThat(data.get("asks").size()).as(code + " ask levels").isBetween(1, 5);
            }));
            assertThat(books.get("700.HK").get(0).get("bids")).as("HK stocks have 10 levels: all 5 asked for")
                .hasSize(5);
            assertThat(books.get("UNH.US").get(0).get("bids")).as("US stocks have one level (Sluice's choice)")
                .hasSize(1);
            assertThat(books.get("700.HK")).as("700.HK pushes over a minute").hasSizeGreaterThan(1);
            assertThat(books.get("UNH.US")).as("UNH.US pushes over a minute").hasSizeGreaterThan(1);
            example.close();
        }
    }

    private static List<JsonNode> ofCmd(List<JsonNode> messages, int cmdId) {
        return messages.stream().filter(message -> message.get("cmd_id").asInt() == cmdId).toList();
    }

    private static Map<String, List<JsonNode>> booksByCode(List<JsonNode> pushes) {
        Map<String, List<JsonNode>> books = new HashMap<>();
        for (JsonNode push : pushes) {
            JsonNode data = push.get("data");
            books.computeIfAbsent(data.get("code").asText(), code -> new ArrayList<>()).add(data);
        }
        return books;
    }

    /**
     * What the example does: on open it starts its heartbeat timer, which fires at once and then every 10 s;
     * {@code sendMessage} sends text as is; every message received is kept (the example prints it).
     */
    static final class ExampleClient implements WebSocket.Listener {

        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private volatile WebSocket session;

        static ExampleClient connect(URI uri) throws Exception {
            ExampleClient client = new ExampleClient();
            WebSocket session = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, client)
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            client.session = session;
            return client;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            session = webSocket;
            webSocket.request(1);
            onTimer();
        }

        /** The heartbeat timer's task. */
        void onTimer() {
            if (!closed.isDone()) {
                sendMessage(HEARTBEAT);
            }
        }

        void sendMessage(String message) {
            session.sendText(message, true).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("error " + error);
        }

        /** Every message received until the {@code answers}th heartbeat answer (which is the last one kept). */
        List<JsonNode> receivedUntilHeartbeatAnswers(int answers) throws Exception {
            List<JsonNode> received = new ArrayList<>();
            int seen = 0;
            while (seen < answers) {
                String text = messages.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                assertThat(text).as("heartbeat answer %d of %d (closed: %s)", seen + 1, answers, closeReason())
                    .isNotNull();
                JsonNode message = JSON.readTree(text);
                received.add(message);
                seen += message.get("cmd_id").asInt() == 22001 ? 1 : 0;
            }
            return received;
        }

        boolean closed() {
            return closed.isDone();
        }

        String closeReason() {
            return closed.getNow("open");
        }

        void close() {
            session.abort();
        }
    }
}

package dev.sluice.dialect.alltick;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A test client of an AllTick service on the JDK's WebSocket client. Responses (frames with {@code ret}) and pushes
 * (22998, 22999) are queued apart, in arrival order. Every wait is bounded by {@link #TIMEOUT_MS}, so a server that
 * does not answer fails the test instead of hanging it.
 */
final class AllTickClient implements AutoCloseable {

    static final long TIMEOUT_MS = 5_000;
    static final String HOST = "127.0.0.1";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** How the server ended the connection: its close code and reason (-1 and the error for a broken one). */
    record Closed(int code, String reason) {
    }

    /** A complete HTTP response to an upgrade request the server refused. */
    record Refusal(int status, String contentType, String body) {
    }

    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> pushes = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;
    private long seq;

    private AllTickClient() {
    }

    /** Connects to {@code path} with the token in the query, as AllTick clients do; fails unless upgraded. */
    static AllTickClient connect(int port, String path, String token) {
        AllTickClient client = new AllTickClient();
        try {
            client.socket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create("ws://" + HOST + ":" + port + path + "?token=" + token), client.listener())
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return client;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the upgrade of " + path + " failed", e);
        }
    }

    /**
     * Sends an upgrade request for {@code pathAndQuery} on a plain socket and returns the server's refusal; fails if
     * the server upgrades instead.
     */
    static Refusal refusedUpgrade(int port, String pathAndQuery) throws IOException {
        try (Socket raw = new Socket()) {
            raw.setSoTimeout((int) TIMEOUT_MS);
            raw.connect(new InetSocketAddress(HOST, port), (int) TIMEOUT_MS);
            String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + HOST + ":" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
            raw.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String response = new String(raw.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            assertThat(response).as("an HTTP response that is not an upgrade").startsWith("HTTP/1.1 ")
                .doesNotStartWith("HTTP/1.1 101");
            String contentType = null;
            for (String line : response.substring(0, end).split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) {
                    contentType = line.substring("content-type:".length()).trim();
                }
            }
            return new Refusal(Integer.parseInt(response.substring(9, 12)), contentType, response.substring(end + 4));
        }
    }

    /** Sends a text message as is. */
    void send(String text) {
        join(socket.sendText(text, true));
    }

    /** Sends a binary message. */
    void sendBinary(byte[] data) {
        join(socket.sendBinary(java.nio.ByteBuffer.wrap(data), true));
    }

    /** Sends a request with the next {@code seq_id} and a trace naming it; returns the response. */
    String request(int cmdId, String data) {
        seq++;
        send("{\"cmd_id\":" + cmdId + ",\"seq_id\":" + seq + ",\"trace\":\"t-" + seq + "\",\"data\":" + data + "}");
        return reply();
    }

    String heartbeat() {
        return request(AllTickDialect.HEARTBEAT, "{}");
    }

    /** {@code {"symbol_list":[{"code":..,"depth_level":..}]}} for 22002; a depth of 0 leaves the field out. */
    String subscribeDepth(int depth, String... codes) {
        return request(AllTickDialect.SUBSCRIBE_DEPTH, symbolList(depth, codes));
    }

    String subscribeTrades(String... codes) {
        return request(AllTickDialect.SUBSCRIBE_TRADE, symbolList(0, codes));
    }

    String cancel(int cancelType) {
        return request(AllTickDialect.CANCEL, "{\"cancel_type\":" + cancelType + "}");
    }

    static String symbolList(int depth, String... codes) {
        StringBuilder list = new StringBuilder("{\"symbol_list\":[");
        for (int i = 0; i < codes.length; i++) {
            list.append(i == 0 ? "" : ",").append("{\"code\":\"").append(codes[i]).append('"');
            list.append(depth > 0 ? ",\"depth_level\":" + depth : "").append('}');
        }
        return list.append("]}").toString();
    }

    /** The next response; fails when none arrives in time. */
    String reply() {
        return poll(replies, "a response");
    }

    /** The next push; fails when none arrives in time. */
    String push() {
        return poll(pushes, "a push");
    }

    /**
     * Every push that arrived before the answer to a heartbeat sent now. Call after the pushes of interest were
     * handed to the connection (after {@code GatewayFixture.advanceFeed} and {@code gateway().tickSessions()}):
     * they are written before the answer, so all of them are here.
     */
    List<String> pushesSoFar() {
        assertThat(heartbeat()).contains("\"cmd_id\":22001");
        List<String> drained = new ArrayList<>();
        pushes.drainTo(drained);
        return drained;
    }

    /** How the server closed the connection; fails if it stays open. */
    Closed awaitClose() {
        try {
            return closed.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the close", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + TIMEOUT_MS + " ms", e);
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }

    private String poll(BlockingQueue<String> queue, String what) {
        try {
            String text = queue.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (text == null) {
                throw new AssertionError("no " + what + " within " + TIMEOUT_MS + " ms"
                    + (closed.isDone() ? "; the server closed the connection: " + closed.getNow(null) : ""));
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    private static void join(CompletableFuture<?> future) {
        try {
            future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("sending failed", e);
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    (text.startsWith("{\"cmd_id\":2299") ? pushes : replies).add(text);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(new Closed(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(new Closed(-1, error.toString()));
            }
        };
    }
}

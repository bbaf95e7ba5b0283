package dev.sluice.cluster;

import dev.sluice.TextCollector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A WebSocket client (the JDK's) that records what a handshake answered and the text messages received. */
final class WsClient extends TextCollector implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final long HANDSHAKE_TIMEOUT_MS = 5_000;

    /** 101 when upgraded, otherwise the refusal's HTTP status. */
    final int status;
    final BlockingQueue<String> messages;
    private volatile boolean closed;
    private WebSocket socket;

    private WsClient(int status) {
        this(status, new LinkedBlockingQueue<>());
    }

    private WsClient(int status, BlockingQueue<String> messages) {
        super(messages);
        this.status = status;
        this.messages = messages;
    }

    /** Opens a connection; a refused handshake is a client with its status, never an exception. */
    static WsClient open(int port, String pathAndQuery) throws InterruptedException {
        WsClient client = new WsClient(101);
        try {
            client.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + pathAndQuery), client)
                .get(HANDSHAKE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return client;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return new WsClient(refused.getResponse().statusCode());
            }
            throw new IllegalStateException("handshake failed on port " + port, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no handshake answer within " + HANDSHAKE_TIMEOUT_MS + " ms", e);
        }
    }

    boolean admitted() {
        return status == 101;
    }

    boolean closed() {
        return closed;
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed = true;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed = true;
    }

    @Override
    public void close() {
        if (socket != null && !closed) {
            socket.abort();
            closed = true;
        }
    }
}

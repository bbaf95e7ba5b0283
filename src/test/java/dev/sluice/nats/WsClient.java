package dev.sluice.nats;

import dev.sluice.TextCollector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client on the JDK's HttpClient that keeps every text message it receives, in order. */
final class WsClient implements AutoCloseable {

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private WsClient(String url) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
            .buildAsync(URI.create(url), new TextCollector(messages)).orTimeout(10, TimeUnit.SECONDS).join();
    }

    static WsClient connect(int port, String path) {
        return new WsClient("ws://127.0.0.1:" + port + path);
    }

    void send(String text) {
        socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** The next message, waiting at most {@code timeoutMs}; null if none came. */
    String poll(long timeoutMs) throws InterruptedException {
        return messages.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** The next message; fails when none comes within 10 s. */
    String next() throws InterruptedException {
        String message = poll(10_000);
        if (message == null) {
            throw new AssertionError("no message within 10 s");
        }
        return message;
    }

    /** Exactly {@code n} messages, each within 10 s of the one before. */
    List<String> next(int n) throws InterruptedException {
        List<String> received = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            received.add(next());
        }
        return received;
    }

    /** Every message until none arrives for {@code quietMs}. */
    List<String> untilQuiet(long quietMs) throws InterruptedException {
        List<String> received = new ArrayList<>();
        for (String message = poll(quietMs); message != null; message = poll(quietMs)) {
            received.add(message);
        }
        return received;
    }

    @Override
    public void close() {
        socket.abort();
    }
}

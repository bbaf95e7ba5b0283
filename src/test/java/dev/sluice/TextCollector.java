package dev.sluice;

import java.net.http.WebSocket;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;

/**
 * A JDK {@link WebSocket.Listener} that queues each complete text message; the JDK client may deliver one message in
 * several parts.
 */
public class TextCollector implements WebSocket.Listener {

    private final BlockingQueue<String> messages;
    private final StringBuilder partial = new StringBuilder();

    public TextCollector(BlockingQueue<String> messages) {
        this.messages = Objects.requireNonNull(messages, "messages");
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
}

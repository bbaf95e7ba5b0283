package dev.sluice.dialect;

import dev.sluice.bus.Stream;
import java.util.List;
import java.util.Objects;

/**
 * What one inbound message asks for, decoded by a {@link Dialect}. The session applies it (after the limits
 * engine has had its say) and sends the replies the dialect has already rendered.
 */
public sealed interface Command {

    /** Answer with a text message and change nothing (pong, or an error for a malformed request). */
    record Reply(String text) implements Command {
        public Reply {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Answer with a binary message. */
    record BinaryReply(byte[] data) implements Command {
    }

    /** Subscribe to each accepted stream in order, sending its ack first; send each rejection's error. */
    record Subscribe(List<Outcome> outcomes) implements Command {
        public Subscribe {
            outcomes = List.copyOf(outcomes);
        }
    }

    /** Unsubscribe from each accepted stream in order, sending its ack; send each rejection's error. */
    record Unsubscribe(List<Outcome> outcomes) implements Command {
        public Unsubscribe {
            outcomes = List.copyOf(outcomes);
        }
    }

    /** Send the text, if any, then close the connection with the given WebSocket close code. */
    record Close(String text, int code, String reason) implements Command {
    }

    /** One argument of a subscribe or unsubscribe request. */
    sealed interface Outcome {
    }

    /**
     * @param key    identifies the subscription on the connection (a second subscribe with the same key is a no-op)
     * @param stream the stream to join or leave
     * @param ack    the acknowledgement to send
     */
    record Accepted(String key, Stream stream, String ack) implements Outcome {
    }

    record Rejected(String error) implements Outcome {
    }
}

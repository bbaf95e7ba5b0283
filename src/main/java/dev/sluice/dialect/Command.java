package dev.sluice.dialect;

import dev.sluice.bus.Stream;
import dev.sluice.limit.Op;
import dev.sluice.limit.SubscriptionInfo;
import java.util.List;
import java.util.Objects;

/**
 * What one inbound message asks for, decoded by a {@link Dialect}. The session applies it (after the limits
 * engine has had its say) and sends the replies the dialect has already rendered.
 */
public sealed interface Command {

    /** The kind of request this was, for the limits engine's selectors. */
    Op op();

    /** Answer with a text message and change nothing (pong, or an error for a malformed request). */
    record Reply(Op op, String text) implements Command {
        public Reply {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(text, "text");
        }
    }

    /** Answer with a binary message. */
    record BinaryReply(byte[] data) implements Command {
        @Override
        public Op op() {
            return Op.OTHER;
        }
    }

    /** Subscribe to each accepted stream in order, sending its ack first; send each rejection's error. */
    record Subscribe(List<Outcome> outcomes) implements Command {
        public Subscribe {
            outcomes = List.copyOf(outcomes);
        }

        @Override
        public Op op() {
            return Op.SUBSCRIBE;
        }
    }

    /** Unsubscribe from each accepted stream in order, sending its ack; send each rejection's error. */
    record Unsubscribe(List<Outcome> outcomes) implements Command {
        public Unsubscribe {
            outcomes = List.copyOf(outcomes);
        }

        @Override
        public Op op() {
            return Op.UNSUBSCRIBE;
        }
    }

    /** Send the text, if any, then close the connection with the given WebSocket close code. */
    record Close(String text, int code, String reason) implements Command {
        @Override
        public Op op() {
            return Op.OTHER;
        }
    }

    /** One argument of a subscribe or unsubscribe request. */
    sealed interface Outcome {
    }

    /**
     * @param info   the subscription as the limits see it; its key identifies it on the connection (a second
     *               subscribe with the same key restarts the stream instead of adding one)
     * @param stream the stream to join or leave
     * @param ack    the acknowledgement to send
     */
    record Accepted(SubscriptionInfo info, Stream stream, String ack) implements Outcome {
        public String key() {
            return info.key();
        }
    }

    record Rejected(String error) implements Outcome {
    }
}

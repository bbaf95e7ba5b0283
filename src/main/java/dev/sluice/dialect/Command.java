package dev.sluice.dialect;

import dev.sluice.auth.SignedLogin;
import dev.sluice.bus.Stream;
import dev.sluice.limit.Op;
import dev.sluice.limit.SubscriptionInfo;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What one inbound message asks for, decoded by a {@link Dialect}. The session applies it (after the limits
 * engine has had its say) and sends the replies the dialect has already rendered.
 */
public sealed interface Command {

    /** The kind of request this was, for the limits engine's selectors. */
    Op op();

    /**
     * The dialect's own view of the request (AllTick: its {@code seq_id} and {@code trace}), handed back to
     * {@link Dialect#limitError} when a limit refuses it; null when the dialect needs nothing.
     */
    default Object request() {
        return null;
    }

    /** Answer with a text message and change nothing (pong, or an error for a malformed request). */
    record Reply(Op op, String text, Object request) implements Command {
        public Reply {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(text, "text");
        }

        public Reply(Op op, String text) {
            this(op, text, null);
        }
    }

    /** Answer with a binary message. */
    record BinaryReply(byte[] data) implements Command {
        @Override
        public Op op() {
            return Op.OTHER;
        }
    }

    /**
     * Subscribe to each accepted stream in order, sending its ack (if any) first; send each rejection's error.
     *
     * @param replaceIface when set, the request replaces the connection's subscriptions of that interface (AllTick):
     *                     those not listed again are dropped first
     * @param ack          one acknowledgement for the whole request, sent after it is applied; or null
     */
    record Subscribe(List<Outcome> outcomes, String replaceIface, String ack, Object request) implements Command {
        public Subscribe {
            outcomes = List.copyOf(outcomes);
        }

        public Subscribe(List<Outcome> outcomes) {
            this(outcomes, null, null, null);
        }

        @Override
        public Op op() {
            return Op.SUBSCRIBE;
        }
    }

    /**
     * Drop every subscription of the given interfaces (all of them when the set is empty), then send the ack.
     */
    record Cancel(java.util.Set<String> ifaces, String ack, Object request) implements Command {
        public Cancel {
            ifaces = java.util.Set.copyOf(ifaces);
        }

        @Override
        public Op op() {
            return Op.UNSUBSCRIBE;
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

    /**
     * Authenticate after the upgrade with a credential (sFOX {@code apiKey}): the session resolves it to an account
     * of the service and sends {@code success} or {@code failure}.
     */
    record Authenticate(String credential, String success, String failure) implements SignIn {
        public Authenticate {
            Objects.requireNonNull(success, "success");
            Objects.requireNonNull(failure, "failure");
        }

        @Override
        public String toString() {
            return "Authenticate[credential=***]";
        }
    }

    /**
     * A signed login after the upgrade (OKX {@code login}), already checked by the dialect for shape and timestamp:
     * the session checks key, passphrase and signature against the service's accounts in constant time and, on
     * success, applies the account's limits to the connection and sends {@code success}; otherwise it sends
     * {@code failure} for what was wrong.
     *
     * @param payload the signed text ({@code timestamp + "GET" + "/users/self/verify"})
     */
    record Login(String apiKey, String passphrase, String payload, String sign, String success,
                 Function<SignedLogin.Result, String> failure) implements SignIn {
        public Login {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(success, "success");
        }

        @Override
        public String toString() {
            return "Login[apiKey=***, passphrase=***, sign=***]";
        }
    }

    /** Credentials sent after the upgrade; counted as {@code login} operations. */
    sealed interface SignIn extends Command permits Authenticate, Login {
        @Override
        default Op op() {
            return Op.LOGIN;
        }
    }

    /**
     * A request answered later (Hyperliquid {@code post}): it counts against the in-flight limits from
     * {@link Deferred#start} until its answer is sent.
     *
     * @param request the dialect's view of it (the post's id), handed back to {@link Dialect#limitError}
     */
    record Post(Deferred call, Object request) implements Command {
        public Post {
            Objects.requireNonNull(call, "call");
        }

        @Override
        public Op op() {
            return Op.POST;
        }
    }

    /** Work that answers a {@link Post}. */
    interface Deferred {
        /** Starts the work; {@code answer} is called once with the reply text, on any thread. */
        void start(java.util.function.Consumer<String> answer);
    }

    /**
     * Start a replay of recorded history (0xArchive {@code replay}): the limits check {@code caps} (speed, depth,
     * range, exchanges, coverage) and one replay per connection, then the session starts it with {@code starter}.
     */
    record Replay(dev.sluice.limit.ReplayRequest caps, dev.sluice.history.ReplayStarter starter) implements Command {
        public Replay {
            Objects.requireNonNull(caps, "caps");
            Objects.requireNonNull(starter, "starter");
        }

        @Override
        public Op op() {
            return Op.OTHER;
        }
    }

    /**
     * Pause, resume, seek or stop the connection's replay; {@code noReplay} is the answer when there is none.
     *
     * @param timestampMs where a seek goes
     */
    record ReplayControl(Kind kind, long timestampMs, String noReplay) implements Command {
        /** What the control asks for. */
        public enum Kind { PAUSE, RESUME, SEEK, STOP }

        public ReplayControl {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(noReplay, "noReplay");
        }

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
     * @param ack    the acknowledgement to send, or null when the request has one ack for all its streams
     */
    record Accepted(SubscriptionInfo info, Stream stream, String ack) implements Outcome {
        public String key() {
            return info.key();
        }
    }

    record Rejected(String error) implements Outcome {
    }
}

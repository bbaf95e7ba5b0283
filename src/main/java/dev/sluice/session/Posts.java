package dev.sluice.session;

import dev.sluice.dialect.Command;
import dev.sluice.limit.ConnectionLimits;
import dev.sluice.limit.Decision;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A session's posts (Hyperliquid info requests answered by a backend): each holds an in-flight slot of the
 * connection's limits from its start until its answer comes back on the session's loop. With a remote limit state
 * the start is decided off the loop ({@link RemoteInbound#await}). Runs on the session's loop only.
 */
final class Posts {

    private final Session session;
    private final OutboundWriter out;
    private final EventExecutor loop;
    private final RemoteInbound remote;
    /** Numbers this connection's posts for the in-flight limits (clients' own ids may repeat). */
    private long started;

    Posts(Session session, OutboundWriter out, EventExecutor loop, RemoteInbound remote) {
        this.session = session;
        this.out = out;
        this.loop = loop;
        this.remote = remote;
    }

    /** Starts a post if the in-flight limits allow it; otherwise the limit's refusal answers it. */
    void start(Command.Post post) {
        String member = Long.toString(++started);
        ConnectionLimits limits = session.limits();
        if (limits.stateIsRemote()) {
            remote.await(limits.offLoop(() -> limits.onRequestStart(member)),
                decision -> decided(post, member, decision));
        } else {
            decided(post, member, limits.onRequestStart(member));
        }
    }

    private void decided(Command.Post post, String member, Decision decision) {
        if (decision.refused()) {
            session.enforce(decision, post);
            return;
        }
        post.call().start(answer -> {
            try {
                loop.execute(() -> answered(member, answer));
            } catch (RejectedExecutionException e) {
                // The loop is shutting down: the connection is closing and its in-flight slots with it.
            }
        });
    }

    private void answered(String member, String answer) {
        if (!session.isOpen()) {
            return;
        }
        session.limits().onRequestEnd(member);
        out.sendText(answer);
    }
}

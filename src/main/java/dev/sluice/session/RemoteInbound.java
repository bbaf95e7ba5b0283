package dev.sluice.session;

import dev.sluice.dialect.Command;
import dev.sluice.limit.DecidedRequest;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The requests of a session whose limits are decided remotely (shared state in Redis): one decision at a time,
 * off the event loop; the connection stops reading while it runs, and requests already read wait here, so that
 * they are applied in the order the client sent them. A request being applied may {@link #await} one more remote
 * step (an in-flight post's start, a login's re-admission) under the same rule. Runs on the session's loop only.
 */
final class RemoteInbound {

    private final Session session;
    private final OutboundWriter out;
    private final EventExecutor loop;
    private final ArrayDeque<Command> waiting = new ArrayDeque<>();
    /** True while a request's decision is pending. */
    private boolean deciding;

    RemoteInbound(Session session, OutboundWriter out, EventExecutor loop) {
        this.session = session;
        this.out = out;
        this.loop = loop;
    }

    /** Whether a remote step is pending, so that requests read meanwhile must wait their turn. */
    boolean busy() {
        return deciding;
    }

    void submit(Command command) {
        if (deciding) {
            waiting.add(command);
            return;
        }
        if (!session.limits().decidesRemotely()) {
            // Queued behind a remote step, but nothing this connection's limits decide is shared.
            session.applyLocally(command);
            return;
        }
        deciding = true;
        out.reading(false);
        session.limits().decideAsync(command.op(), session.subscriptions().changes(command))
            .whenComplete((decided, error) -> loop.execute(() -> onDecided(command, decided)));
    }

    /** The connection is gone: requests still waiting are dropped. */
    void clear() {
        waiting.clear();
    }

    /**
     * Runs {@code onLoop} with the result of a remote step once it completes, reading nothing more meanwhile; the
     * requests read before it (or during it) are applied after it, in order. A failed step closes the connection
     * with 1011: outages are answered by the state's failure policy, so a failure here is a bug.
     */
    <T> void await(CompletionStage<T> step, Consumer<T> onLoop) {
        deciding = true;
        out.reading(false);
        step.whenComplete((result, error) -> loop.execute(() -> {
            deciding = false;
            if (session.isOpen() && error != null) {
                session.close(1011, "internal error");
            } else if (session.isOpen()) {
                onLoop.accept(result);
            }
            drain();
        }));
    }

    /** A decision is back on the loop: apply its request, then decide those read meanwhile, in order. */
    private void onDecided(Command command, DecidedRequest decided) {
        deciding = false;
        if (session.isOpen()) {
            session.applyDecided(command, decided);
        }
        drain();
    }

    private void drain() {
        while (!deciding && session.isOpen() && !waiting.isEmpty()) {
            submit(waiting.poll());
        }
        if (!deciding && session.isOpen()) {
            out.reading(true);
        }
    }
}

package dev.sluice.session;

import dev.sluice.dialect.Command;
import dev.sluice.limit.DecidedRequest;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;

/**
 * The requests of a session whose limits are decided remotely (shared state in Redis): one decision at a time,
 * off the event loop; the connection stops reading while it runs, and requests already read wait here, so that
 * they are applied in the order the client sent them. Runs on the session's loop only.
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

    void submit(Command command) {
        if (deciding) {
            waiting.add(command);
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

    /** A decision is back on the loop: apply its request, then decide those read meanwhile, in order. */
    private void onDecided(Command command, DecidedRequest decided) {
        deciding = false;
        if (session.isOpen()) {
            session.applyDecided(command, decided);
        }
        while (!deciding && session.isOpen() && !waiting.isEmpty()) {
            submit(waiting.poll());
        }
        if (!deciding && session.isOpen()) {
            out.reading(true);
        }
    }
}

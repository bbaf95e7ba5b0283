package dev.sluice.session;

import dev.sluice.dialect.Command;
import dev.sluice.limit.DecidedRequest;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The requests of a session whose limits are decided remotely (shared state in Redis): one decision at a time,
 * off the event loop. Requests read while one is pending wait here, each with the time it was read, so that they
 * are applied in the order the client sent them and judged at the pace it sent them. A request being applied may
 * {@link #await} one more remote step (an in-flight post's start, a login's re-admission) under the same rule.
 * Runs on the session's loop only.
 *
 * <p>The connection keeps reading while a decision is pending, up to {@link #READ_AHEAD_BYTES} of payload waiting
 * or {@link #READ_AHEAD} requests, whichever comes first; only then does it stop, and it resumes once half of that
 * is left. Stopping at once (as it used to) left the client's next requests in the kernel's socket buffer until
 * the answer came back, and they were then read, and dated, together: after a slow answer a client well within
 * its rate looked like a burst (S5 with the Redis state refused 194 such messages). The bound is memory: 64 KiB
 * of payload is what one socket read could decode and queue before (Netty reads up to 64 KiB at a time); the
 * count keeps tiny messages from piling up more objects than such a read held. For S5's clients (about 40 bytes a
 * request, at most 40 requests a second) that is about 40 s of read-ahead; a bound of 256 requests (6 s) was hit
 * in a full S5 run whose Redis decisions fell behind, and every resume then read and dated a burst. Past the
 * bounds, requests are dated when reading resumes: if remote decisions stay slower than the client for longer,
 * that is what the limits see.
 *
 * <p>Allocation: a request that has to wait is wrapped with its read time (one small object); the common path,
 * nothing pending, queues nothing.
 */
final class RemoteInbound {

    /** Requests a connection may have read and queued behind a pending decision before it stops reading. */
    static final int READ_AHEAD = 4096;
    /**
     * Payload size of the requests queued (characters of a text, bytes of a binary message) past which the
     * connection stops reading.
     */
    static final long READ_AHEAD_BYTES = 64 * 1024;

    /** A request read while another was being decided, with when it was read and its payload's size. */
    private record Waiting(Command command, long readNanos, int bytes) {
    }

    private final Session session;
    private final OutboundWriter out;
    private final EventExecutor loop;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    /** True while a request's decision is pending. */
    private boolean deciding;
    /** Payload bytes of the requests {@link #waiting}. */
    private long waitingBytes;
    /** True while reading is off because the read-ahead bounds are reached. */
    private boolean paused;

    RemoteInbound(Session session, OutboundWriter out, EventExecutor loop) {
        this.session = session;
        this.out = out;
        this.loop = loop;
    }

    /** Whether a remote step is pending, so that requests read meanwhile must wait their turn. */
    boolean busy() {
        return deciding;
    }

    /**
     * A request read from the socket at {@code readNanos}, its payload {@code bytes} long: decided now, or queued
     * behind the pending one.
     */
    void submit(Command command, long readNanos, int bytes) {
        if (deciding) {
            waiting.add(new Waiting(command, readNanos, bytes));
            waitingBytes += bytes;
            if (!paused && (waiting.size() >= READ_AHEAD || waitingBytes >= READ_AHEAD_BYTES)) {
                paused = true;
                out.reading(false);
            }
            return;
        }
        if (!session.limits().decidesRemotely()) {
            // Queued behind a remote step, but nothing this connection's limits decide is shared.
            session.applyLocally(command, readNanos);
            return;
        }
        deciding = true;
        session.limits().decideAsync(command.op(), session.subscriptions().changes(command), readNanos)
            .whenComplete((decided, error) -> loop.execute(() -> onDecided(command, decided)));
    }

    /** The connection is gone: requests still waiting are dropped. */
    void clear() {
        waiting.clear();
        waitingBytes = 0;
    }

    /**
     * Runs {@code onLoop} with the result of a remote step once it completes; the requests read before it (or
     * during it) are applied after it, in order. A failed step closes the connection with 1011: outages are
     * answered by the state's failure policy, so a failure here is a bug.
     */
    <T> void await(CompletionStage<T> step, Consumer<T> onLoop) {
        deciding = true;
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
            Waiting next = waiting.poll();
            waitingBytes -= next.bytes();
            submit(next.command(), next.readNanos(), next.bytes());
        }
        // Resumed at half, so that a connection kept at the bound does not toggle reading on every decision.
        if (paused && waiting.size() <= READ_AHEAD / 2 && waitingBytes <= READ_AHEAD_BYTES / 2 && session.isOpen()) {
            paused = false;
            out.reading(true);
        }
    }
}

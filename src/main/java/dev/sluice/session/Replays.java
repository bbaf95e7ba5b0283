package dev.sluice.session;

import dev.sluice.dialect.Command;
import dev.sluice.history.ReplayControl;
import dev.sluice.history.ReplaySink;
import dev.sluice.limit.ConnectionLimits;
import dev.sluice.limit.Decision;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;

/**
 * A session's replay (at most one at a time): starts it once the limits allow (replay caps, then the one-replay
 * in-flight slot, released when it ends), bounds its snapshots by the limits' earliest replayable instant of each
 * stream (depth and coverage, as for the start), routes the controls to it, and is its sink: each replay message is
 * charged like any message sent and written unflushed, flushed once per event-loop pass. Runs on the session's
 * event loop only.
 */
final class Replays implements ReplaySink {

    /** In-flight request ids of replays: {@code replay-1}, {@code replay-2}, ... (each its own slot member). */
    static final String REQUEST_ID = "replay-";

    private final Session session;
    private final OutboundWriter out;
    private final RemoteInbound remote;
    private ReplayControl current;
    /** The in-flight id of the current (or last) replay. */
    private String requestId;
    private long started;
    /** The limits told that a replay runs (it counts as a subscription for their idle timeouts); null when none. */
    private ConnectionLimits runningOn;
    /** Replay messages waiting for a batch of credits (remote state), in order; few, as the replay waits too. */
    private final ArrayDeque<String> awaitingCredits = new ArrayDeque<>();

    Replays(Session session, OutboundWriter out, RemoteInbound remote) {
        this.session = session;
        this.out = out;
        this.remote = remote;
    }

    /** The session's limits now (a login may have replaced those of the handshake). */
    private ConnectionLimits limits() {
        return session.limits();
    }

    /** Starts a replay if the caps and the one-replay slot allow it (decided off the loop with a remote state). */
    void start(Command.Replay replay) {
        String id = REQUEST_ID + (started + 1);
        ConnectionLimits limits = limits();
        if (limits.stateIsRemote()) {
            remote.await(limits.offLoop(() -> decide(limits, replay, id)), decision -> decided(replay, id, decision));
        } else {
            decided(replay, id, decide(limits, replay, id));
        }
    }

    private static Decision decide(ConnectionLimits limits, Command.Replay replay, String id) {
        Decision caps = limits.onReplay(replay.caps());
        return caps.refused() ? caps : limits.onRequestStart(id);
    }

    private void decided(Command.Replay replay, String id, Decision decision) {
        if (decision.refused()) {
            session.enforce(decision, replay);
            return;
        }
        started++;
        requestId = id;
        runningOn = limits();
        runningOn.onReplayRunning(true);
        // The snapshot bound is asked of the limits in force when it is read (a login may replace them).
        ReplayControl control = replay.starter().start(this, stream -> limits().earliestReplayableMs(stream));
        // A replay that ended while starting (nothing to read) has released its slot already.
        current = requestId == null ? null : control;
    }

    void control(Command.ReplayControl control) {
        if (current == null) {
            out.sendText(control.noReplay());
            return;
        }
        switch (control.kind()) {
            case PAUSE -> current.pause();
            case RESUME -> current.resume();
            case SEEK -> current.seek(control.timestampMs());
            default -> current.stop();
        }
    }

    void onTick() {
        if (current != null) {
            current.onTick();
        }
    }

    void onWritable() {
        sendAwaited();
        if (current != null && awaitingCredits.isEmpty()) {
            current.onWritable();
        }
    }

    /** The connection is gone. */
    void cancel() {
        awaitingCredits.clear();
        if (current != null) {
            ReplayControl replay = current;
            current = null;
            replay.cancel();
        }
        release();
    }

    /** A login replaced the limits: a running replay counts as a subscription under the new ones too. */
    void relimited() {
        if (runningOn != null && runningOn != limits()) {
            runningOn.onReplayRunning(false);
            runningOn = limits();
            runningOn.onReplayRunning(true);
        }
    }

    private void release() {
        if (runningOn != null) {
            runningOn.onReplayRunning(false);
            runningOn = null;
        }
        if (requestId != null) {
            limits().onRequestEnd(requestId);
            requestId = null;
        }
    }

    @Override
    public EventExecutor executor() {
        return session.executor();
    }

    /**
     * Sends a replay message, charged. One that finds no credit in hand while the next batch is on its way (remote
     * state) waits here, and so does every message after it, until the credits arrive: never sent on credit.
     */
    @Override
    public boolean send(String text) {
        if (!session.isOpen()) {
            return false;
        }
        if (!awaitingCredits.isEmpty()) {
            awaitingCredits.add(text);
            return true;
        }
        if (limits().countsOutbound()) {
            Decision decision = limits().onOutbound(1);
            if (decision.deferred()) {
                awaitingCredits.add(text);
                waitForCredits();
                return true;
            }
            if (decision.refused()) {
                session.enforce(decision);
                return session.isOpen();
            }
        }
        out.writeText(text);
        limits().onReplaySent();
        return true;
    }

    /** Writable, and (remote state) with credits in hand: the replay reads on only then, as with a full socket. */
    @Override
    public boolean writable() {
        return out.isWritable() && awaitingCredits.isEmpty()
            && (!limits().countsOutbound() || limits().creditsReady(session.wakeOnCredits()));
    }

    private void waitForCredits() {
        if (limits().creditsReady(session.wakeOnCredits())) {
            // Answered meanwhile: no wake will come, so wake now.
            session.wakeOnCredits().run();
        }
    }

    /** Sends what waited for credits, while they are in hand. */
    private void sendAwaited() {
        while (!awaitingCredits.isEmpty() && session.isOpen()) {
            Decision decision = limits().onOutbound(1);
            if (decision.deferred()) {
                waitForCredits();
                return;
            }
            if (decision.refused()) {
                awaitingCredits.clear();
                session.enforce(decision);
                return;
            }
            out.writeText(awaitingCredits.pollFirst());
            limits().onReplaySent();
        }
    }

    @Override
    public void ended() {
        current = null;
        release();
    }
}

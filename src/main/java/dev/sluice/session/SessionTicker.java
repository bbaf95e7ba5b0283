package dev.sluice.session;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;

/**
 * The sessions (and HTTP connections awaiting their upgrade) of one event loop, ticked together: heartbeat and
 * idle timeouts and credit reservations (a new month, another try after a refusal) are checked against the
 * injected clock on each {@link #tick()}. The gateway ticks every loop once a second; tests advance a manual clock
 * and tick by hand. One instance per event loop, used only on that loop.
 */
public final class SessionTicker {

    private static final FastThreadLocal<SessionTicker> PER_LOOP = new FastThreadLocal<>();

    private final EventExecutor loop;
    private final List<Tickable> members = new ArrayList<>();

    private SessionTicker(EventExecutor loop) {
        this.loop = loop;
    }

    /** The ticker of the given loop; call on that loop's thread. */
    public static SessionTicker of(EventExecutor loop) {
        SessionTicker ticker = PER_LOOP.get();
        if (ticker == null || ticker.loop != loop) {
            ticker = new SessionTicker(loop);
            PER_LOOP.set(ticker);
        }
        return ticker;
    }

    public void add(Tickable member) {
        members.add(member);
    }

    public void remove(Tickable member) {
        members.remove(member);
    }

    /** Closes this loop's sessions of the given connection ids (their shared limit slots were lost). */
    public void closeSessions(java.util.Set<String> connIds, int code, String reason) {
        for (Tickable member : members.toArray(new Tickable[0])) {
            if (member instanceof Session session && connIds.contains(session.connId())) {
                session.close(code, reason);
            }
        }
    }

    /** Sends the shutdown notice of each session of this loop. */
    public void noticeShutdown() {
        for (Tickable member : members) {
            if (member instanceof Session session) {
                session.onShutdownNotice();
            }
        }
    }

    /** The number of sessions (upgraded connections) on this loop. */
    public int sessions() {
        int sessions = 0;
        for (Tickable member : members) {
            sessions += member instanceof Session ? 1 : 0;
        }
        return sessions;
    }

    /**
     * Closes every session of this loop with the code and reason. Each close frame is queued behind the frames
     * already written, so no client sees a frame cut short.
     */
    public void closeAll(int code, String reason) {
        for (Tickable member : members.toArray(new Tickable[0])) {
            if (member instanceof Session session) {
                session.close(code, reason);
            }
        }
    }

    /** Ticks everything on this loop; a member may close (and remove itself) while being ticked. */
    public void tick() {
        for (Tickable member : members.toArray(new Tickable[0])) {
            member.onTick();
        }
    }
}

package dev.sluice.session;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;

/**
 * The sessions of one event loop, ticked together: heartbeat and idle timeouts and credit flushes are checked
 * against the injected clock on each {@link #tick()}. The gateway ticks every loop once a second; tests advance a
 * manual clock and tick by hand. One instance per event loop, used only on that loop.
 */
public final class SessionTicker {

    private static final FastThreadLocal<SessionTicker> PER_LOOP = new FastThreadLocal<>();

    private final EventExecutor loop;
    private final List<Session> sessions = new ArrayList<>();

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

    public void add(Session session) {
        sessions.add(session);
    }

    public void remove(Session session) {
        sessions.remove(session);
    }

    /** Ticks every session of this loop; a session may close (and remove itself) while being ticked. */
    public void tick() {
        for (Session session : sessions.toArray(new Session[0])) {
            session.onTick();
        }
    }
}

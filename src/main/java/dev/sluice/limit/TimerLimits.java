package dev.sluice.limit;

import java.util.List;

/**
 * Heartbeat and idle timeouts of one connection, checked against the clock on every tick. A heartbeat limit
 * expires when no message of its selected kinds arrived within its period (AllTick: 22000 within 30 s); an
 * idle-timeout expires when the connection had no activity within the period that applies: {@code periodMs}
 * while it has subscriptions, {@code idleWithoutSubscriptionsMs} while it has none (0xArchive: 60 s and 5 min).
 * Activity is an inbound message of the selected kinds, and outbound messages too when the selector says so. A
 * running replay counts as a subscription, and each message it sends is activity whatever the selector says: the
 * connection is busy with a task the client asked for (0xArchive: a silent client's 6-minute replay at 1x must not
 * be closed by the 5-minute rule, nor by the 60 s one while its data flows).
 */
final class TimerLimits {

    private final List<Limit> heartbeats;
    private final List<Limit> idles;
    private final long[] lastHeartbeat;
    private final long[] lastActivity;
    private int subscriptions;
    private boolean replaying;

    TimerLimits(Plan plan, long nowNanos) {
        this.heartbeats = plan.limits(LimitKind.HEARTBEAT);
        this.idles = plan.limits(LimitKind.IDLE_TIMEOUT);
        this.lastHeartbeat = new long[heartbeats.size()];
        this.lastActivity = new long[idles.size()];
        java.util.Arrays.fill(lastHeartbeat, nowNanos);
        java.util.Arrays.fill(lastActivity, nowNanos);
    }

    /**
     * An inbound message, dated when it was read: it may be decided after outbound activity that came later (it
     * waited behind a remote decision), so the timers only ever move forward.
     */
    void onInbound(Op op, long readNanos) {
        for (int i = 0; i < heartbeats.size(); i++) {
            if (heartbeats.get(i).selector().counts(op)) {
                lastHeartbeat[i] = Math.max(lastHeartbeat[i], readNanos);
            }
        }
        for (int i = 0; i < idles.size(); i++) {
            if (idles.get(i).selector().counts(op)) {
                lastActivity[i] = Math.max(lastActivity[i], readNanos);
            }
        }
    }

    void onOutbound(long nowNanos) {
        for (int i = 0; i < idles.size(); i++) {
            if (idles.get(i).selector().outbound()) {
                lastActivity[i] = nowNanos;
            }
        }
    }

    void onSubscriptions(int delta) {
        subscriptions = Math.max(0, subscriptions + delta);
    }

    /** A replay started (counts as a subscription until it ends) or ended. */
    void onReplay(boolean running) {
        replaying = running;
    }

    /** A replay message was sent: activity for every idle timeout. */
    void onReplaySent(long nowNanos) {
        for (int i = 0; i < idles.size(); i++) {
            lastActivity[i] = Math.max(lastActivity[i], nowNanos);
        }
    }

    /** The first expired timer as a breach (whose action closes the connection), or ALLOWED. */
    Decision check(long nowNanos, LimitEngine engine, Principal principal, String connId) {
        for (int i = 0; i < heartbeats.size(); i++) {
            Limit limit = heartbeats.get(i);
            long silentNanos = nowNanos - lastHeartbeat[i];
            if (silentNanos >= limit.periodMs() * LimitEngine.NANOS_PER_MS) {
                // Restart the timer so that a shadow breach is reported once per period, not on every tick.
                lastHeartbeat[i] = nowNanos;
                long silentMs = silentNanos / LimitEngine.NANOS_PER_MS;
                return engine.breach(limit, "connection:" + connId, silentMs,
                    "heartbeat " + limit.periodMs() + " ms, silent " + silentMs + " ms", principal, connId, nowNanos);
            }
        }
        for (int i = 0; i < idles.size(); i++) {
            Limit limit = idles.get(i);
            boolean subscribed = subscriptions > 0 || replaying;
            long timeoutMs = subscribed ? limit.periodMs() : limit.idleWithoutSubscriptionsMs();
            long idleNanos = nowNanos - lastActivity[i];
            if (timeoutMs > 0 && idleNanos >= timeoutMs * LimitEngine.NANOS_PER_MS) {
                lastActivity[i] = nowNanos;
                long idleMs = idleNanos / LimitEngine.NANOS_PER_MS;
                // The period that applied, named: the limit's value is the one with subscriptions only.
                String detail = "idle-timeout " + timeoutMs + " ms " + (subscribed ? "with" : "without")
                    + " subscriptions, idle " + idleMs + " ms";
                return engine.breach(limit, "connection:" + connId, idleMs, detail, principal, connId, nowNanos);
            }
        }
        return Decision.ALLOWED;
    }
}

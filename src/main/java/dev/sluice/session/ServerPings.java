package dev.sluice.session;

/**
 * The server's own WebSocket pings, for dialects that send them (0xArchive: a ping frame every 30 s), checked on
 * the session tick against the injected clock. Runs on the session's event loop.
 */
final class ServerPings {

    private final long intervalNanos;
    private final OutboundWriter out;
    private long lastNanos;

    /** @param intervalMs 0 for a dialect that never pings */
    ServerPings(long intervalMs, OutboundWriter out, long nowNanos) {
        this.intervalNanos = intervalMs * 1_000_000L;
        this.out = out;
        this.lastNanos = nowNanos;
    }

    void onTick(long nowNanos) {
        if (intervalNanos > 0 && nowNanos - lastNanos >= intervalNanos) {
            lastNanos = nowNanos;
            out.sendPing();
        }
    }
}

package dev.sluice.dialect;

/** What a dialect may know about the connection it is decoding for. */
public interface Connection {

    /** Unique id of this connection (OKX shows it as {@code connId}). */
    String connId();

    /** The endpoint the connection was upgraded on. */
    Endpoint endpoint();

    /**
     * The next number of this connection's message sequence (sFOX {@code sequence}), starting at 1. Take it only for
     * a message being written now ({@link Dialect#numbered}), or the client sees a gap.
     */
    default long nextSequence() {
        return 0;
    }

    /** The account this connection authenticated as after the upgrade, or null. */
    default String authenticatedAccount() {
        return null;
    }

    /** Whether this connection's plan requires in-band authentication before market-data subscriptions. */
    default boolean feedsRequireAuth() {
        return false;
    }

    /** Whether the connection has a subscription with this key (Hyperliquid answers a repeat with an error). */
    default boolean hasSubscription(String key) {
        return false;
    }
}

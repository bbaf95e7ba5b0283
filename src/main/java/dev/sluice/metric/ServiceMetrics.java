package dev.sluice.metric;

/** Recorders bound to one service, so the hot path does no label lookups. */
public interface ServiceMetrics {

    ServiceMetrics NOOP = new ServiceMetrics() {
    };

    /** A connection on the given plan completed its upgrade. */
    default void connectionOpened(String plan) {
    }

    default void connectionClosed(String plan) {
    }

    default void handshakeRefused() {
    }

    /** A connection started speaking HTTP (every connection does, until it upgrades or closes). */
    default void httpConnectionOpened() {
    }

    /** A connection left its HTTP phase: upgraded or closed. */
    default void httpConnectionClosed() {
    }

    default void messageReceived() {
    }

    default void protocolViolation() {
    }

    default void slowConsumerClosed() {
    }
}

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

    default void messageReceived() {
    }

    default void protocolViolation() {
    }

    default void slowConsumerClosed() {
    }
}

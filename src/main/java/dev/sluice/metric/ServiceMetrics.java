package dev.sluice.metric;

/** Recorders bound to one service, so the hot path does no label lookups. */
public interface ServiceMetrics {

    ServiceMetrics NOOP = new ServiceMetrics() {
    };

    default void connectionOpened() {
    }

    default void connectionClosed() {
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

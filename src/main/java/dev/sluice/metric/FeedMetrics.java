package dev.sluice.metric;

/**
 * Recorders for a node's NATS feed (label {@code feed}: the subject prefix). Called from the NATS client's threads
 * and the bus thread; implementations must be thread-safe. Reasons are a small fixed set, never a symbol.
 */
public interface FeedMetrics {

    FeedMetrics NOOP = new FeedMetrics() {
    };

    /** The connection to NATS was lost. */
    default void disconnected() {
    }

    /** The connection to NATS is back after a loss. */
    default void reconnected() {
    }

    /** One event message was received and handled. */
    default void eventReceived() {
    }

    /** One message was dropped; {@code reason} is one of a small fixed set of labels. */
    default void skipped(String reason) {
    }

    /** A book change did not follow the book's seqId: messages were lost, the node asks for a snapshot. */
    default void gap() {
    }

    /** A book was replaced by a snapshot after a gap or a reconnection (not the first snapshot). */
    default void bookResynced() {
    }
}

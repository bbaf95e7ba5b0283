package dev.sluice.metric;

/** Decision counters of one limit of one plan of one service; resolved once, so recording does no lookups. */
public interface LimitMeters {

    LimitMeters NOOP = new LimitMeters() {
    };

    default void allowed() {
    }

    default void refused() {
    }

    default void shadowRefused() {
    }
}

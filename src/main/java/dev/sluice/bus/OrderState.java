package dev.sluice.bus;

/** Where an order is in its life. */
public enum OrderState {
    /** Resting, nothing filled. */
    LIVE,
    /** Resting, partly filled. */
    PARTIALLY_FILLED,
    /** Completely filled: closed. */
    FILLED,
    /** Cancelled before it was completely filled: closed. */
    CANCELED;

    /** Whether the order still rests on the book. */
    public boolean open() {
        return this == LIVE || this == PARTIALLY_FILLED;
    }
}

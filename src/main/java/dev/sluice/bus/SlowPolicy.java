package dev.sluice.bus;

/** What a session does with a stream's frames while its connection is not writable. */
public enum SlowPolicy {
    /** Every frame is a full state (tickers, top-of-book snapshots): keep only the latest. */
    CONFLATE,
    /** Frames are increments (an order book's updates): drop them and resend a snapshot once writable. */
    RESYNC,
    /** Every frame matters (trades): queue them; past the backlog bound the connection is closed. */
    QUEUE
}

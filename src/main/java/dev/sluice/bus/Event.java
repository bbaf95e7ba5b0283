package dev.sluice.bus;

/**
 * One normalised market-data event. Prices and sizes are mantissas in the instrument's scales.
 * Events are immutable once published, apart from {@link BookChange#book()}, a live view that is only
 * read on the bus thread while the event is being published.
 */
public sealed interface Event permits Trade, BookChange, Ticker, Candle, OrderUpdate, BalanceUpdate {

    Topic topic();

    /** The instrument the event is about, or null for account-wide events ({@link BalanceUpdate}). */
    Instrument instrument();

    /** Event time in epoch milliseconds, as stamped by the feed. */
    long tsMillis();
}

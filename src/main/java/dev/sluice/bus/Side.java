package dev.sluice.bus;

/** Taker side of a trade, or side of a book level. */
public enum Side {
    BUY, SELL
}

package dev.sluice.bus;

/**
 * One price level: price and size mantissas and the number of orders resting there. In a {@link BookChange},
 * size 0 means the level was removed.
 */
public record Level(long price, long size, int orders) {
}

package dev.sluice.bus;

import java.util.Objects;

/**
 * How the synthetic feed simulates one instrument.
 *
 * @param instrument           the instrument and its grids
 * @param initialPrice         starting mid price, as a price mantissa
 * @param depth                price levels kept on each side of the book
 * @param tradesPerSecond      mean trade rate (Poisson arrivals)
 * @param bookUpdatesPerSecond mean rate of book changes not caused by trades
 * @param levelSize            typical resting size of a level, as a size mantissa
 * @param maxStepTicks         largest move of the fair price in one book update, in ticks
 * @param onDemand             simulated only while someone subscribes to it (a generated universe of many codes):
 *                             the gateway's feed creates its book on the first subscription to any of its topics
 *                             and drops it when the last one ends; otherwise simulated from start-up
 */
public record SyntheticSpec(Instrument instrument, long initialPrice, int depth, double tradesPerSecond,
                            double bookUpdatesPerSecond, long levelSize, int maxStepTicks, boolean onDemand) {

    public SyntheticSpec {
        Objects.requireNonNull(instrument, "instrument");
        if (initialPrice <= 0 || depth < 1 || tradesPerSecond < 0 || bookUpdatesPerSecond < 0
            || levelSize <= 0 || maxStepTicks < 0) {
            throw new IllegalArgumentException("invalid synthetic spec for " + instrument.symbol());
        }
    }

    /** An instrument simulated from start-up. */
    public SyntheticSpec(Instrument instrument, long initialPrice, int depth, double tradesPerSecond,
                         double bookUpdatesPerSecond, long levelSize, int maxStepTicks) {
        this(instrument, initialPrice, depth, tradesPerSecond, bookUpdatesPerSecond, levelSize, maxStepTicks, false);
    }
}

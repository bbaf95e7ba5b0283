package dev.sluice.config;

import dev.sluice.bus.Instrument;
import dev.sluice.bus.SyntheticSpec;
import java.math.BigDecimal;

/** One simulated instrument of the synthetic feed; see the README's configuration reference for each key. */
final class InstrumentConfig {

    static final int DEFAULT_DEPTH = 200;
    static final double DEFAULT_TRADES_PER_SECOND = 5;
    static final double DEFAULT_BOOK_UPDATES_PER_SECOND = 10;
    static final int DEFAULT_MAX_STEP_TICKS = 3;
    static final int DEFAULT_LEVEL_SIZE_IN_MIN_SIZES = 100;

    private InstrumentConfig() {
    }

    /** Reads one instrument; null when required keys are missing (the errors are recorded). */
    static SyntheticSpec read(ConfigReader in) {
        String exchange = in.requiredString("exchange", "the exchange name the dialect serves, e.g. okx");
        String symbol = in.requiredString("symbol", "the exchange's instrument id, e.g. BTC-USDT");
        String base = in.requiredString("base", "base currency, e.g. BTC");
        String quote = in.requiredString("quote", "quote currency, e.g. USDT");
        BigDecimal tick = in.positiveDecimal("tickSize", null);
        BigDecimal lot = in.positiveDecimal("lotSize", null);
        // minSize and levelSize default from lotSize: without a lotSize, only lotSize is reported.
        BigDecimal minSize = lot == null && !in.has("minSize") ? null : in.positiveDecimal("minSize", lot);
        BigDecimal price = in.positiveDecimal("price", null);
        int depth = (int) in.integer("depth", DEFAULT_DEPTH, 1, 5_000);
        double trades = in.number("tradesPerSecond", DEFAULT_TRADES_PER_SECOND, 0, 100_000);
        double books = in.number("bookUpdatesPerSecond", DEFAULT_BOOK_UPDATES_PER_SECOND, 0, 100_000);
        BigDecimal levelSize = minSize == null && !in.has("levelSize") ? null : in.positiveDecimal("levelSize",
            minSize == null ? null : minSize.multiply(BigDecimal.valueOf(DEFAULT_LEVEL_SIZE_IN_MIN_SIZES)));
        int step = (int) in.integer("maxStepTicks", DEFAULT_MAX_STEP_TICKS, 0, 1_000);
        in.finish();
        if (exchange == null || symbol == null || base == null || quote == null || tick == null || lot == null
            || price == null || levelSize == null) {
            return null;
        }
        if (price.compareTo(tick.multiply(BigDecimal.valueOf(depth + 2L))) <= 0) {
            in.invalid("price", "must be above tickSize x (depth + 2) = "
                + tick.multiply(BigDecimal.valueOf(depth + 2L)).toPlainString() + " so the bid side stays positive");
            return null;
        }
        Instrument instrument = new Instrument(exchange, symbol, base, quote, tick, lot, minSize);
        return new SyntheticSpec(instrument, units(price, instrument.priceScale(), in, "price"), depth, trades, books,
            units(levelSize, instrument.sizeScale(), in, "levelSize"), step);
    }

    /** A decimal as a mantissa on the instrument's grid, rounded down to the grid. */
    private static long units(BigDecimal value, int scale, ConfigReader in, String key) {
        try {
            long units = value.setScale(scale, java.math.RoundingMode.DOWN).unscaledValue().longValueExact();
            if (units < 1) {
                in.invalid(key, "must be at least one step of the instrument's grid ("
                    + BigDecimal.ONE.movePointLeft(scale).toPlainString() + ")");
                return 1;
            }
            return units;
        } catch (ArithmeticException e) {
            in.invalid(key, "is too large for the instrument's grid");
            return 1;
        }
    }
}

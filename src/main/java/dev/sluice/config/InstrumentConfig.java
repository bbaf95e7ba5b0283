package dev.sluice.config;

import dev.sluice.bus.Instrument;
import dev.sluice.bus.SyntheticSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One simulated instrument of the synthetic feed; see the README's configuration reference for each key. */
final class InstrumentConfig {

    static final int DEFAULT_DEPTH = 200;
    static final double DEFAULT_TRADES_PER_SECOND = 5;
    static final double DEFAULT_BOOK_UPDATES_PER_SECOND = 10;
    static final int DEFAULT_MAX_STEP_TICKS = 3;
    static final int DEFAULT_LEVEL_SIZE_IN_MIN_SIZES = 100;
    static final int MAX_GENERATED = 100_000;

    private InstrumentConfig() {
    }

    /** Reads one instrument; null when required keys are missing (the errors are recorded). */
    static SyntheticSpec read(ConfigReader in) {
        String exchange = in.requiredString("exchange", "the exchange name the dialect serves, e.g. okx");
        String symbol = in.requiredString("symbol", "the exchange's instrument id, e.g. BTC-USDT");
        String base = in.requiredString("base", "base currency, e.g. BTC");
        return spec(in, exchange, symbol, base, false);
    }

    /**
     * A generated universe (feed.generated): {@code count} on-demand instruments numbered from {@code first}, whose
     * symbol and base are formats with one {@code %d} (e.g. {@code %d.HK}, {@code %06d.SZ}), sharing every other
     * key of an instrument. Empty when keys are missing or invalid (the errors are recorded).
     */
    static List<SyntheticSpec> readGenerated(ConfigReader in) {
        String exchange = in.requiredString("exchange", "the exchange name the dialect serves, e.g. alltick");
        String symbol = in.requiredString("symbol", "a format with one %d for the number, e.g. %d.HK");
        String base = in.requiredString("base", "a format with one %d for the number, e.g. %d");
        long first = in.integer("first", 1, 0, Integer.MAX_VALUE - MAX_GENERATED);
        int count = (int) in.integer("count", 0, 1, MAX_GENERATED);
        if (!in.has("count")) {
            in.invalid("count", "is required: how many instruments to generate (1 to " + MAX_GENERATED + ")");
        }
        NumberFormat symbols = NumberFormat.parse(in, "symbol", symbol);
        NumberFormat bases = NumberFormat.parse(in, "base", base);
        SyntheticSpec template = spec(in, exchange, symbols == null ? null : symbols.format(first),
            bases == null ? null : bases.format(first), true);
        if (template == null || !in.has("count")) {
            return List.of();
        }
        Instrument like = template.instrument();
        List<SyntheticSpec> specs = new ArrayList<>(count);
        for (long n = first; n < first + count; n++) {
            Instrument instrument = new Instrument(exchange, symbols.format(n), bases.format(n), like.quote(),
                like.tickSize(), like.lotSize(), like.minSize());
            specs.add(new SyntheticSpec(instrument, template.initialPrice(), template.depth(),
                template.tradesPerSecond(), template.bookUpdatesPerSecond(), template.levelSize(),
                template.maxStepTicks(), true));
        }
        return specs;
    }

    /**
     * A generated symbol's format: text around one {@code %d}, {@code %Nd} or {@code %0Nd}, parsed once (thousands
     * of {@code String.format} calls would slow start-up by a few hundred milliseconds).
     */
    private record NumberFormat(String prefix, String suffix, int width, char pad) {

        private static final Pattern CONVERSION = Pattern.compile("%(0?)([1-9][0-9]?)?d");

        /** The format, or null (the error recorded) unless it holds exactly one such conversion and no other %. */
        static NumberFormat parse(ConfigReader in, String key, String pattern) {
            if (pattern == null) {
                return null;
            }
            Matcher m = CONVERSION.matcher(pattern);
            String prefix = m.find() ? pattern.substring(0, m.start()) : null;
            String suffix = prefix == null ? null : pattern.substring(m.end());
            if (prefix == null || prefix.indexOf('%') >= 0 || suffix.indexOf('%') >= 0) {
                in.invalid(key, "must hold exactly one %d (or %0Nd, %Nd) for the number, e.g. %d.HK or %06d.SZ, "
                    + "and no other %");
                return null;
            }
            int width = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            return new NumberFormat(prefix, suffix, width, m.group(1).isEmpty() ? ' ' : '0');
        }

        String format(long n) {
            String digits = Long.toString(n);
            StringBuilder out = new StringBuilder(prefix.length() + width + digits.length() + suffix.length());
            out.append(prefix);
            for (int i = digits.length(); i < width; i++) {
                out.append(pad);
            }
            return out.append(digits).append(suffix).toString();
        }
    }

    private static SyntheticSpec spec(ConfigReader in, String exchange, String symbol, String base,
                                      boolean onDemand) {
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
            units(levelSize, instrument.sizeScale(), in, "levelSize"), step, onDemand);
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

package dev.sluice.bus;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A tradable instrument with its price and size grids. Prices and sizes travel through Sluice as longs scaled by
 * {@link #priceScale()} and {@link #sizeScale()} decimal places, so the hot path never touches BigDecimal.
 *
 * @param exchange   the exchange the instrument belongs to (topic namespace), e.g. {@code okx}
 * @param symbol     the exchange's own instrument id, e.g. {@code BTC-USDT}
 * @param base       base currency
 * @param quote      quote currency
 * @param tickSize   price increment
 * @param lotSize    size increment
 * @param minSize    smallest order size
 */
public record Instrument(String exchange, String symbol, String base, String quote,
                         BigDecimal tickSize, BigDecimal lotSize, BigDecimal minSize) {

    public Instrument {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(quote, "quote");
        Objects.requireNonNull(tickSize, "tickSize");
        Objects.requireNonNull(lotSize, "lotSize");
        Objects.requireNonNull(minSize, "minSize");
    }

    /** Decimal places of a price mantissa. */
    public int priceScale() {
        return Math.max(0, tickSize.stripTrailingZeros().scale());
    }

    /** Decimal places of a size mantissa. */
    public int sizeScale() {
        return Math.max(0, lotSize.stripTrailingZeros().scale());
    }

    /** One tick as a price mantissa. */
    public long tickUnits() {
        return tickSize.movePointRight(priceScale()).longValueExact();
    }

    /** One lot as a size mantissa. */
    public long lotUnits() {
        return lotSize.movePointRight(sizeScale()).longValueExact();
    }

    public Topic topic(String channel) {
        return new Topic(exchange, channel, symbol);
    }
}

package dev.sluice.history;

import java.util.Objects;

/**
 * One recorded market-data message: where it belongs (exchange, the vendor's channel, symbol), when it happened
 * (epoch milliseconds), its order among messages of the same millisecond ({@code seq}, assigned by the store), and
 * its payload as the vendor's {@code data} JSON.
 */
public record HistoryRecord(String exchange, String channel, String symbol, long timestampMs, long seq,
                            String data) {

    public HistoryRecord {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(data, "data");
    }

    /** A record to append; the store gives it its {@code seq}. */
    public static HistoryRecord of(String exchange, String channel, String symbol, long timestampMs, String data) {
        return new HistoryRecord(exchange, channel, symbol, timestampMs, 0, data);
    }
}

package dev.sluice.dialect.oxarchive;

import dev.sluice.bus.Topic;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One 0xArchive WebSocket channel: its wire name ({@code lighter_trades}), the exchange it belongs to
 * ({@code lighter}; Hyperliquid, HIP-3, HIP-4 and Lighter are separate exchanges), its name without the venue
 * prefix ({@code trades}, the name replay coverage is configured under), the bus topic that feeds it live (null
 * when Sluice's feed has nothing for it), and whether 0xArchive serves it live and in replay.
 */
record OxChannel(String wire, String exchange, String base, String topic, boolean live, boolean replay) {

    static final String HYPERLIQUID = "hyperliquid";
    static final String HIP3 = "hip3";
    static final String HIP4 = "hip4";
    static final String LIGHTER = "lighter";
    static final String SPOT = "spot";

    private static final Map<String, OxChannel> BY_WIRE = new LinkedHashMap<>();

    static {
        // The capability table of vendors.md (0xArchive's API contract as of 2026-10-04), for the channels
        // Sluice's feed can fill plus those a client may name and must get the right refusal for.
        venue(HYPERLIQUID, "", true);
        add(HYPERLIQUID, "", "ticker", Topic.TICKER, true, false);
        add(HYPERLIQUID, "", "candles", null, false, true);
        add(HYPERLIQUID, "", "liquidations", null, true, true);
        venue(HIP3, "hip3_", true);
        add(HIP3, "hip3_", "candles", null, false, true);
        add(HIP3, "hip3_", "liquidations", null, true, true);
        venue(LIGHTER, "lighter_", true);
        add(LIGHTER, "lighter_", "candles", null, false, true);
        add(HIP4, "hip4_", "trades", Topic.TRADES, true, true);
        add(HIP4, "hip4_", "orderbook", Topic.BOOK, false, true);
        add(HIP4, "hip4_", "open_interest", null, false, true);
        add(SPOT, "spot_", "orderbook", Topic.BOOK, true, false);
        add(SPOT, "spot_", "trades", Topic.TRADES, true, false);
    }

    private static void venue(String exchange, String prefix, boolean replay) {
        add(exchange, prefix, "orderbook", Topic.BOOK, true, replay);
        add(exchange, prefix, "trades", Topic.TRADES, true, replay);
        add(exchange, prefix, "funding", Topic.TICKER, true, replay);
        add(exchange, prefix, "open_interest", Topic.TICKER, true, replay);
    }

    private static void add(String exchange, String prefix, String base, String topic, boolean live,
                            boolean replay) {
        BY_WIRE.put(prefix + base, new OxChannel(prefix + base, exchange, base, topic, live, replay));
    }

    /** The channel of a wire name, or null when 0xArchive has no such channel. */
    static OxChannel of(String wire) {
        return wire == null ? null : BY_WIRE.get(wire);
    }

    /** Every channel whose history Sluice records (live and replayable, fed by the bus). */
    static Iterable<OxChannel> all() {
        return BY_WIRE.values();
    }

    /** {@code exchange/base}: the stream name replay caps and coverage use. */
    String capsName() {
        return exchange + '/' + base;
    }

    /** Lighter symbols are matched case-insensitively ({@code btc} is {@code BTC}); Hyperliquid's are exact. */
    String normalise(String symbol) {
        return LIGHTER.equals(exchange) ? symbol.toUpperCase(Locale.ROOT) : symbol;
    }

    /** Threshold beyond which a hole in this channel's history is reported ({@code gap_detected}). */
    long gapThresholdMs() {
        // The SDK's documented thresholds: 60 minutes for trades, 2 minutes for books, candles, liquidations and
        // (Sluice's choice, as they are sampled like books) funding and open interest.
        return "trades".equals(base) ? 3_600_000L : 120_000L;
    }
}

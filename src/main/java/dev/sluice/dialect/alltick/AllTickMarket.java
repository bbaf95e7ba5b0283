package dev.sluice.dialect.alltick;

import java.util.Locale;

/**
 * The market of an AllTick product code, derived from the code alone, with what it implies: the endpoint group
 * that serves it, the deepest order book AllTick publishes for it and whether its book and trades carry volume.
 *
 * <ul>
 * <li>A code with a dot is a stock: {@code .HK} Hong Kong, {@code .SH} and {@code .SZ} China A-shares, anything
 *     else ({@code .US}) US stocks. Stocks are served on the stock endpoint.
 * <li>A code without a dot is served on the forex endpoint: {@code ...USDT} and {@code ...USDC} are crypto,
 *     {@code XAU...}, {@code XAG...}, {@code XPT...}, {@code XPD...} precious metals, {@code ...OIL} and
 *     {@code NGAS} energy, and everything else ({@code EURUSD}) forex.
 * </ul>
 *
 * <p>Depth maxima are AllTick's ("FX, Metals, Energy: maximum 1 gear (only price, no volume); Cryptocurrency 5;
 * HK stocks 10; Chinese stocks 5"). AllTick does not list US stocks; Sluice serves them one level (see
 * docs/presets/alltick.md).
 */
enum AllTickMarket {
    US_STOCKS("stock", 1, true),
    HK_STOCKS("stock", 10, true),
    CN_STOCKS("stock", 5, true),
    FOREX("forex", 1, false),
    METALS("forex", 1, false),
    ENERGY("forex", 1, false),
    CRYPTO("forex", 5, true);

    static final String STOCK_GROUP = "stock";
    static final String FOREX_GROUP = "forex";

    private final String group;
    private final int maxDepth;
    private final boolean volumes;
    private final String channel;

    AllTickMarket(String group, int maxDepth, boolean volumes) {
        this.group = group;
        this.maxDepth = maxDepth;
        this.volumes = volumes;
        this.channel = name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The market of a code; every code has one. */
    static AllTickMarket of(String code) {
        int dot = code.lastIndexOf('.');
        if (dot >= 0) {
            return switch (code.substring(dot + 1)) {
                case "HK" -> HK_STOCKS;
                case "SH", "SZ" -> CN_STOCKS;
                default -> US_STOCKS;
            };
        }
        if (code.endsWith("USDT") || code.endsWith("USDC")) {
            return CRYPTO;
        }
        if (code.startsWith("XAU") || code.startsWith("XAG") || code.startsWith("XPT") || code.startsWith("XPD")) {
            return METALS;
        }
        if (code.endsWith("OIL") || "NGAS".equals(code)) {
            return ENERGY;
        }
        return FOREX;
    }

    /** The endpoint group that serves the market: {@code stock} or {@code forex}. */
    String group() {
        return group;
    }

    /** The deepest book AllTick publishes for the market, in levels per side. */
    int maxDepth() {
        return maxDepth;
    }

    /** Whether book levels and trades carry volume; FX, metals and energy are "only price, no volume". */
    boolean volumes() {
        return volumes;
    }

    /**
     * The market as a subscription channel ({@code hk-stocks}, {@code forex}), so that a plan can select codes by
     * market: the All HK Stocks and All CN Stocks plans answer codes of other markets with 603.
     */
    String channel() {
        return channel;
    }
}

package dev.sluice.dialect.hyperliquid;

/**
 * A Hyperliquid service's own settings ({@code services[].hyperliquid}).
 *
 * @param identities       true (hfun): every upgrade must prove an identity (an EIP-191 signature of
 *                         {@code hfun-feed:<unix seconds>} or Telegram Login data); false (Hyperliquid): anonymous
 * @param infoLatencyMs    how long the info backend takes to answer a post or {@code POST /info}, on the clock
 * @param stringErrors     false (hfun's page): limit errors are {@code {"channel":"error","data":{"error":..}}};
 *                         true: the official string form {@code {"channel":"error","data":".."}} that
 *                         {@code @nktkas/hyperliquid} and ccxt parse
 * @param signatureWindowS how far a signed timestamp may be from the server's time, either way
 * @param telegramMaxAgeS  how old Telegram Login data ({@code auth_date}) may be
 * @param telegramBotToken the bot token whose SHA-256 keys Telegram Login's HMAC; null: Telegram logins refused.
 *                         A secret: never shown by {@link #toString()}
 */
public record HyperliquidSettings(boolean identities, long infoLatencyMs, boolean stringErrors,
                                  long signatureWindowS, long telegramMaxAgeS, String telegramBotToken) {

    public static final long DEFAULT_INFO_LATENCY_MS = 20;
    public static final long DEFAULT_SIGNATURE_WINDOW_S = 60;
    public static final long DEFAULT_TELEGRAM_MAX_AGE_S = 86_400;

    /** Hyperliquid's defaults: anonymous clients, official string errors. */
    public static final HyperliquidSettings DEFAULTS = new HyperliquidSettings(false, DEFAULT_INFO_LATENCY_MS, true,
        DEFAULT_SIGNATURE_WINDOW_S, DEFAULT_TELEGRAM_MAX_AGE_S, null);

    @Override
    public String toString() {
        return "HyperliquidSettings[identities=" + identities + ", infoLatencyMs=" + infoLatencyMs
            + ", stringErrors=" + stringErrors + ", signatureWindowS=" + signatureWindowS + ", telegramMaxAgeS="
            + telegramMaxAgeS + ", telegramBotToken=" + (telegramBotToken == null ? "none" : "***") + "]";
    }
}

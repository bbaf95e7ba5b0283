package dev.sluice.limit;

import java.util.Locale;

/**
 * How a rate limit ({@code permits} per {@code periodMs}) counts. The configuration name is the lower-case constant
 * name ({@code window: sliding}); {@link #SLIDING} is the default, because it is the strict reading of "N per
 * period": never N+1 within any period.
 */
public enum RateWindow {
    /**
     * Exact rolling window: at no instant have more than {@code permits} been admitted within the preceding
     * {@code periodMs}. Each admission is remembered until it leaves the window; refused requests are not counted.
     */
    SLIDING,
    /**
     * Windows aligned to the period on the UTC epoch (a calendar second, minute or hour): at most {@code permits}
     * in each, counted afresh when the next window starts. For vendors that document a calendar reset; two adjacent
     * windows can admit {@code 2 x permits} within one period across their boundary, which is what such a vendor does.
     */
    FIXED,
    /**
     * A greedy token bucket: holds {@code burst} tokens (default {@code permits}) and refills {@code permits} per
     * {@code periodMs} continuously. For pages that describe a burst allowance; after the burst it keeps admitting
     * the refill, so a rolling period can see up to {@code burst + permits}.
     */
    BUCKET;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RateWindow fromConfig(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}

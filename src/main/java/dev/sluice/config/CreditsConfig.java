package dev.sluice.config;

/**
 * Where credit counts are kept across restarts.
 *
 * @param path            the ledger file; empty keeps credits in memory only (a restart starts from 0)
 * @param flushIntervalMs how often the ledger is written; a crash loses at most this much charging
 */
public record CreditsConfig(String path, long flushIntervalMs) {

    public static final long DEFAULT_FLUSH_INTERVAL_MS = 10_000;
    public static final CreditsConfig NONE = new CreditsConfig("", DEFAULT_FLUSH_INTERVAL_MS);

    public boolean persisted() {
        return !path.isEmpty();
    }

    static CreditsConfig read(ConfigReader in) {
        if (in == null) {
            return NONE;
        }
        CreditsConfig config = new CreditsConfig(in.string("path", ""),
            in.integer("flushIntervalMs", DEFAULT_FLUSH_INTERVAL_MS, 100, 3_600_000));
        in.finish();
        return config;
    }

    public CreditsConfig withPath(String newPath) {
        return new CreditsConfig(newPath, flushIntervalMs);
    }
}

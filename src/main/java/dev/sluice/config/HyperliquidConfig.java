package dev.sluice.config;

import dev.sluice.dialect.hyperliquid.HyperliquidSettings;
import java.util.Set;

/** Reads a service's {@code hyperliquid:} block (services of dialect {@code hyperliquid} only). */
final class HyperliquidConfig {

    static final String KEY = "hyperliquid";
    private static final String OBJECT = "object";
    private static final String STRING = "string";

    private HyperliquidConfig() {
    }

    /** The block's settings, or the defaults when the service has none. */
    static HyperliquidSettings read(ConfigReader in) {
        if (in == null) {
            return HyperliquidSettings.DEFAULTS;
        }
        HyperliquidSettings d = HyperliquidSettings.DEFAULTS;
        boolean identities = in.bool("identities", d.identities());
        long latencyMs = in.integer("infoLatencyMs", d.infoLatencyMs(), 0, 60_000);
        String errors = in.choice("limitErrors", d.stringErrors() ? STRING : OBJECT, Set.of(OBJECT, STRING));
        long windowS = in.integer("signatureWindowS", d.signatureWindowS(), 1, 3_600);
        long maxAgeS = in.integer("telegramMaxAgeS", d.telegramMaxAgeS(), 1, 31_536_000);
        String botToken = in.string("telegramBotToken", null);
        if (botToken != null && botToken.isBlank()) {
            in.invalidSecret("telegramBotToken", "must not be empty");
        }
        in.finish();
        return new HyperliquidSettings(identities, latencyMs, STRING.equals(errors), windowS, maxAgeS, botToken);
    }
}

package dev.sluice.dialect.oxarchive;

import dev.sluice.GatewayFixture;
import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.CreditsConfig;
import dev.sluice.config.HistoryConfig;
import dev.sluice.config.SluiceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bundled {@code oxarchive} preset on a free port, the manual clock and an in-memory history store. A test
 * may edit the preset's YAML text first (a smaller credit quota, say) with {@link #yaml()} and {@link #start(String)}.
 */
final class OxPreset {

    static final String SERVICE = "oxarchive";
    static final String FREE = "0xa_demo_free";
    static final String BUILD = "0xa_demo_build";
    static final String PRO = "0xa_demo_pro";
    static final String ENTERPRISE = "0xa_demo_enterprise";

    private OxPreset() {
    }

    /** The preset's YAML as shipped. */
    static String yaml() {
        try (InputStream stream = OxPreset.class.getResourceAsStream("/presets/oxarchive.yaml")) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GatewayFixture start() {
        return start(yaml());
    }

    static GatewayFixture start(String yaml) {
        return start(yaml, CreditsConfig.NONE);
    }

    /** The preset from its YAML, credits kept as {@code credits} says (in memory, or a test's ledger file). */
    static GatewayFixture start(String yaml, CreditsConfig credits) {
        try {
            SluiceConfig config = ConfigLoader.parse("oxarchive preset", yaml);
            config = config.withServices(List.of(config.services().get(0).withPort(0)))
                .withHistory(config.history().withPath(HistoryConfig.MEMORY)).withCredits(credits);
            GatewayFixture fixture = GatewayFixture.start(config);
            fixture.advanceFeed(0);
            return fixture;
        } catch (ConfigException e) {
            throw new IllegalStateException("the oxarchive preset is invalid: " + e.getMessage(), e);
        }
    }

    static OxClient connect(GatewayFixture fixture, String apiKey) {
        return OxClient.connect(fixture.port(SERVICE), "/ws?apiKey=" + apiKey);
    }

    static String subscribe(String channel, String symbol) {
        return "{\"op\":\"subscribe\",\"channel\":\"" + channel + "\",\"symbol\":\"" + symbol + "\"}";
    }

    static String unsubscribe(String channel, String symbol) {
        return "{\"op\":\"unsubscribe\",\"channel\":\"" + channel + "\",\"symbol\":\"" + symbol + "\"}";
    }
}

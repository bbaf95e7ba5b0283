package dev.sluice.dialect.sfox;

import dev.sluice.GatewayFixture;
import dev.sluice.config.ConfigException;
import dev.sluice.config.Presets;
import dev.sluice.config.SluiceConfig;
import java.util.List;

/** The bundled {@code sfox} preset on a free port and the manual clock. */
final class SfoxPreset {

    static final String SERVICE = "sfox";
    static final String KEY = "sfox-demo-key";
    static final String AUTH = "{\"type\":\"authenticate\",\"apiKey\":\"" + KEY + "\"}";

    private SfoxPreset() {
    }

    static GatewayFixture start() {
        return start(preset());
    }

    static GatewayFixture start(SluiceConfig config) {
        GatewayFixture fixture = GatewayFixture.start(config);
        fixture.advanceFeed(0);
        return fixture;
    }

    /** A gateway from the YAML of an sFOX configuration, its feed primed. */
    static GatewayFixture start(String yaml) {
        GatewayFixture fixture = GatewayFixture.start(yaml);
        fixture.advanceFeed(0);
        return fixture;
    }

    static SluiceConfig preset() {
        try {
            SluiceConfig preset = Presets.load("sfox");
            return preset.withServices(List.of(preset.services().get(0).withPort(0)));
        } catch (ConfigException e) {
            throw new IllegalStateException("the bundled sfox preset is invalid: " + e.getMessage(), e);
        }
    }

    static SfoxClient connect(GatewayFixture fixture, String localIp, String... headers) {
        return SfoxClient.connect(fixture.port(SERVICE), localIp, headers);
    }

    /** Connects from 127.0.0.1 and authenticates with the demo key. */
    static SfoxClient authenticated(GatewayFixture fixture) {
        SfoxClient client = connect(fixture, "127.0.0.1");
        client.send(AUTH);
        client.nextReply();
        return client;
    }
}

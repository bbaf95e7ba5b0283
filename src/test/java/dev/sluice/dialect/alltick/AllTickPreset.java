package dev.sluice.dialect.alltick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.GatewayFixture;
import dev.sluice.bus.SyntheticSpec;
import dev.sluice.config.ConfigException;
import dev.sluice.config.FeedConfig;
import dev.sluice.config.Presets;
import dev.sluice.config.SluiceConfig;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The bundled {@code alltick} preset on a free port and the manual clock, as the socket tests drive it: its plans,
 * demo tokens and instruments exactly as shipped (or other instruments, for tests that need thousands of codes).
 */
final class AllTickPreset {

    static final String SERVICE = "alltick";
    static final String STOCK = AllTickDialect.STOCK.path();
    static final String FOREX = AllTickDialect.FOREX.path();
    static final String[] STOCK_CODES = {"AAPL.US", "UNH.US", "TSLA.US", "700.HK", "9988.HK", "600519.SH",
        "000001.SZ"};

    private static final ObjectMapper JSON = new ObjectMapper();

    private AllTickPreset() {
    }

    /** The preset as shipped; the feed is primed, so order books are there from the first subscription. */
    static GatewayFixture start() {
        return start(preset());
    }

    /** The preset's plans, tokens and service with these instruments instead of its own. */
    static GatewayFixture startWith(List<SyntheticSpec> instruments) {
        SluiceConfig preset = preset();
        FeedConfig feed = new FeedConfig(preset.feed().type(), preset.feed().seed(), instruments);
        return start(new SluiceConfig(preset.description(), preset.server(), feed, preset.services(),
            preset.plans(), preset.shadowLimits(), preset.accounts()));
    }

    /** The demo token of a plan ({@code free}, {@code all-hk-stocks}, ...). */
    static String token(String plan) {
        return "alltick-demo-" + plan;
    }

    static AllTickClient connect(GatewayFixture fixture, String path, String plan) {
        return AllTickClient.connect(fixture.port(SERVICE), path, token(plan));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /** The {@code data.code} of a push, read without a parser (some tests read tens of thousands). */
    static String code(String push) {
        int start = push.indexOf("\"code\":\"") + 8;
        return push.substring(start, push.indexOf('"', start));
    }

    /**
     * Every push handed to the client's connection so far. Waits for the bus first (the snapshots of subscriptions
     * just made, the events due on the clock), then for the event loops, so that all of them are on the wire ahead
     * of the heartbeat answer {@link AllTickClient#pushesSoFar} waits for.
     */
    static List<String> pushesSoFar(GatewayFixture fixture, AllTickClient client) {
        fixture.advanceFeed(0);
        fixture.gateway().tickSessions();
        return client.pushesSoFar();
    }

    /** Whether a push is an order-book push (22999) rather than a trade (22998). */
    static boolean isDepth(String push) {
        return push.startsWith("{\"cmd_id\":22999");
    }

    private static SluiceConfig preset() {
        try {
            SluiceConfig preset = Presets.load("alltick");
            return preset.withServices(List.of(preset.services().get(0).withPort(0)));
        } catch (ConfigException e) {
            throw new IllegalStateException("the bundled alltick preset is invalid: " + e.getMessage(), e);
        }
    }

    private static GatewayFixture start(SluiceConfig config) {
        GatewayFixture fixture = GatewayFixture.start(config);
        fixture.advanceFeed(0);
        return fixture;
    }
}

package dev.sluice.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundled vendor presets: complete configurations shipped inside the jar under {@code presets/NAME.yaml},
 * loaded and validated exactly like a user's file.
 */
public final class Presets {

    /** Every preset, in the order {@code sluice serve} starts them. */
    public static final List<String> NAMES = List.of("okx", "alltick", "sfox", "hyperliquid", "hfun", "oxarchive");

    private Presets() {
    }

    public static SluiceConfig load(String name) throws ConfigException {
        if (!NAMES.contains(name)) {
            String suggestion = Suggestions.closest(name, NAMES);
            throw new ConfigException(List.of(new ConfigError("--preset", "preset", 0, 0, name,
                "no such preset" + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?")
                    + " (presets: " + String.join(", ", NAMES) + ")")));
        }
        String resource = "/presets/" + name + ".yaml";
        try (InputStream stream = Presets.class.getResourceAsStream(resource)) {
            if (stream == null) {
                throw new IllegalStateException("preset resource missing from the jar: " + resource);
            }
            try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                return ConfigLoader.parse("preset " + name, reader);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read bundled preset " + resource, e);
        }
    }

    /** Every preset in one configuration: each service on its own port, the instruments of all. */
    public static SluiceConfig demo() throws ConfigException {
        Map<String, dev.sluice.bus.SyntheticSpec> instruments = new LinkedHashMap<>();
        List<ServiceConfig> services = new ArrayList<>();
        List<dev.sluice.limit.Plan> plans = new ArrayList<>();
        List<dev.sluice.auth.Accounts.Credential> accounts = new ArrayList<>();
        List<ServerConfig> servers = new ArrayList<>();
        SluiceConfig first = null;
        HistoryConfig history = HistoryConfig.NONE;
        CreditsConfig credits = CreditsConfig.NONE;
        for (String name : NAMES) {
            SluiceConfig preset = load(name);
            history = preset.history().enabled() ? preset.history() : history;
            credits = preset.credits().persisted() ? preset.credits() : credits;
            first = first == null ? preset : first;
            services.addAll(preset.services());
            plans.addAll(preset.plans());
            servers.add(preset.server());
            accounts.addAll(preset.accounts());
            for (var spec : preset.feed().instruments()) {
                instruments.putIfAbsent(spec.instrument().exchange() + "/" + spec.instrument().symbol(), spec);
            }
        }
        FeedConfig feed = new FeedConfig(first.feed().type(), first.feed().seed(), List.copyOf(instruments.values()));
        return new SluiceConfig("All bundled presets", widest(servers), feed, services, plans,
            first.shadowLimits(), accounts, first.state(), history, credits);
    }

    /**
     * One process serves every preset, so its limits on frames, messages and backlog are the widest any preset
     * needs (AllTick's 3,000-code requests need larger messages than OKX's).
     */
    private static ServerConfig widest(List<ServerConfig> servers) {
        ServerConfig widest = servers.get(0);
        for (ServerConfig server : servers) {
            widest = new ServerConfig(widest.host(),
                Math.max(widest.maxFramePayloadBytes(), server.maxFramePayloadBytes()),
                Math.max(widest.maxMessageBytes(), server.maxMessageBytes()),
                Math.max(widest.maxBacklogBytes(), server.maxBacklogBytes()), widest.ioThreads(),
                Math.max(widest.httpIdleTimeoutMs(), server.httpIdleTimeoutMs()), widest.trustedProxies(),
                widest.proxyProtocol(), Math.max(widest.drainMs(), server.drainMs()), widest.allowedOrigins());
        }
        return widest;
    }
}

package dev.sluice.config;

import dev.sluice.bus.SyntheticSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where market data comes from.
 *
 * @param type        {@code synthetic} (the only feed so far)
 * @param seed        random seed of the synthetic feed: the same seed gives the same market
 * @param instruments the simulated instruments
 */
public record FeedConfig(String type, long seed, List<SyntheticSpec> instruments) {

    public static final String DEFAULT_TYPE = "synthetic";
    public static final long DEFAULT_SEED = 42;

    public FeedConfig {
        instruments = List.copyOf(instruments);
    }

    static FeedConfig read(ConfigReader in) {
        if (in == null) {
            return new FeedConfig(DEFAULT_TYPE, DEFAULT_SEED, List.of());
        }
        String type = in.choice("type", DEFAULT_TYPE, Set.of("synthetic"));
        long seed = in.integer("seed", DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        List<SyntheticSpec> specs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<ConfigReader> items = in.list("instruments");
        for (ConfigReader item : items) {
            SyntheticSpec spec = InstrumentConfig.read(item);
            if (spec == null) {
                continue;
            }
            if (!seen.add(spec.instrument().exchange() + "/" + spec.instrument().symbol())) {
                item.invalid("symbol", "is listed twice for exchange " + spec.instrument().exchange());
                continue;
            }
            specs.add(spec);
        }
        in.finish();
        return new FeedConfig(type, seed, specs);
    }
}

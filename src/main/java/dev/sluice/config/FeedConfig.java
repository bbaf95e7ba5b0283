package dev.sluice.config;

import dev.sluice.bus.SyntheticSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where market data comes from.
 *
 * @param type        {@code synthetic} (this process simulates the market) or {@code nats} (this node takes the
 *                    events {@code sluice feed} publishes to NATS)
 * @param seed        random seed of the synthetic feed: the same seed gives the same market
 * @param instruments the simulated instruments, those of {@code feed.generated} (on demand) after the listed ones;
 *                    in NATS mode the instruments the node serves, which must be the
 *                    publisher's (events for others are counted and dropped)
 * @param nats        where the NATS feed is; null unless {@code type} is {@code nats}
 */
public record FeedConfig(String type, long seed, List<SyntheticSpec> instruments, NatsConfig nats) {

    public static final String DEFAULT_TYPE = "synthetic";
    public static final String NATS = "nats";
    public static final long DEFAULT_SEED = 42;

    public FeedConfig {
        instruments = List.copyOf(instruments);
    }

    /** A synthetic feed. */
    public FeedConfig(String type, long seed, List<SyntheticSpec> instruments) {
        this(type, seed, instruments, null);
    }

    public boolean isNats() {
        return NATS.equals(type);
    }

    static FeedConfig read(ConfigReader in) {
        if (in == null) {
            return new FeedConfig(DEFAULT_TYPE, DEFAULT_SEED, List.of());
        }
        String type = in.choice("type", DEFAULT_TYPE, Set.of(DEFAULT_TYPE, NATS));
        NatsConfig nats = readNats(in, type);
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
        for (ConfigReader item : in.list("generated")) {
            for (SyntheticSpec spec : InstrumentConfig.readGenerated(item)) {
                if (!seen.add(spec.instrument().exchange() + "/" + spec.instrument().symbol())) {
                    item.invalid("symbol", "generates " + spec.instrument().symbol() + ", already listed for exchange "
                        + spec.instrument().exchange());
                    break;
                }
                specs.add(spec);
            }
        }
        in.finish();
        return new FeedConfig(type, seed, specs, nats);
    }

    private static NatsConfig readNats(ConfigReader in, String type) {
        ConfigReader nats = in.child("nats");
        if (!NATS.equals(type)) {
            if (nats != null) {
                in.invalid("nats", "applies only with feed.type: nats");
            }
            return null;
        }
        if (nats == null) {
            in.invalid("nats", "is required with feed.type: nats (at least url: nats://host:port)");
            return null;
        }
        return NatsConfig.read(nats);
    }
}

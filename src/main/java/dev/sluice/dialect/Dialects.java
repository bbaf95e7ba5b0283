package dev.sluice.dialect;

import dev.sluice.bus.Instrument;
import dev.sluice.dialect.alltick.AllTickDialect;
import dev.sluice.config.ServiceConfig;
import dev.sluice.dialect.echo.EchoDialect;
import dev.sluice.dialect.hyperliquid.HyperliquidDialect;
import dev.sluice.dialect.okx.OkxDialect;
import dev.sluice.dialect.sfox.SfoxDialect;
import dev.sluice.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Creates a dialect by its configured name. */
public final class Dialects {

    public static final Set<String> NAMES = new TreeSet<>(Set.of(OkxDialect.NAME, AllTickDialect.NAME,
        SfoxDialect.NAME, EchoDialect.NAME, HyperliquidDialect.NAME));

    private Dialects() {
    }

    /** Whether services of the dialect serve market data (and so need instruments in the feed). */
    public static boolean servesMarketData(String name) {
        return !EchoDialect.NAME.equals(name);
    }

    /** The dialect of a service, with the service's own settings where its dialect has any. */
    public static Dialect create(ServiceConfig service, List<Instrument> instruments, Clock clock) {
        if (HyperliquidDialect.NAME.equals(service.dialect())) {
            return new HyperliquidDialect(instruments, clock, service.hyperliquid());
        }
        return create(service.dialect(), instruments, clock);
    }

    public static Dialect create(String name, List<Instrument> instruments, Clock clock) {
        return switch (name) {
            case OkxDialect.NAME -> new OkxDialect(instruments, clock);
            case AllTickDialect.NAME -> new AllTickDialect(instruments);
            case SfoxDialect.NAME -> new SfoxDialect(instruments, clock);
            case EchoDialect.NAME -> new EchoDialect();
            case HyperliquidDialect.NAME -> new HyperliquidDialect(instruments, clock,
                dev.sluice.dialect.hyperliquid.HyperliquidSettings.DEFAULTS);
            default -> throw new IllegalArgumentException("unknown dialect '" + name + "'; known: " + NAMES);
        };
    }
}

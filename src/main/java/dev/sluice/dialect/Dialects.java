package dev.sluice.dialect;

import dev.sluice.bus.Instrument;
import dev.sluice.dialect.alltick.AllTickDialect;
import dev.sluice.config.ServiceConfig;
import dev.sluice.dialect.echo.EchoDialect;
import dev.sluice.dialect.hyperliquid.HyperliquidDialect;
import dev.sluice.dialect.okx.OkxDialect;
import dev.sluice.dialect.oxarchive.OxArchiveDialect;
import dev.sluice.history.ReplaySource;
import dev.sluice.dialect.sfox.SfoxDialect;
import dev.sluice.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Creates a dialect by its configured name. */
public final class Dialects {

    public static final Set<String> NAMES = new TreeSet<>(Set.of(OkxDialect.NAME, AllTickDialect.NAME,
        SfoxDialect.NAME, OxArchiveDialect.NAME, EchoDialect.NAME, HyperliquidDialect.NAME));

    private Dialects() {
    }

    /** Whether services of the dialect serve market data (and so need instruments in the feed). */
    public static boolean servesMarketData(String name) {
        return !EchoDialect.NAME.equals(name);
    }

    /** The dialect of a service, with the service's own settings where its dialect has any. */
    public static Dialect create(ServiceConfig service, List<Instrument> instruments, Clock clock) {
        return create(service, instruments, clock, null);
    }

    /** The same, with the history store replays read (0xArchive); null when there is none. */
    public static Dialect create(ServiceConfig service, List<Instrument> instruments, Clock clock,
                                 ReplaySource history) {
        if (HyperliquidDialect.NAME.equals(service.dialect())) {
            return new HyperliquidDialect(instruments, clock, service.hyperliquid());
        }
        return create(service.dialect(), instruments, clock, history);
    }

    public static Dialect create(String name, List<Instrument> instruments, Clock clock) {
        return create(name, instruments, clock, null);
    }

    /** @param history where replays read (dialects that replay); null when there is no history store */
    public static Dialect create(String name, List<Instrument> instruments, Clock clock, ReplaySource history) {
        return switch (name) {
            case OxArchiveDialect.NAME -> new OxArchiveDialect(instruments, history);
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

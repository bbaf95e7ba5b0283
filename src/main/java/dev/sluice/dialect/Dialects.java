package dev.sluice.dialect;

import dev.sluice.bus.Instrument;
import dev.sluice.dialect.alltick.AllTickDialect;
import dev.sluice.dialect.echo.EchoDialect;
import dev.sluice.dialect.okx.OkxDialect;
import dev.sluice.dialect.sfox.SfoxDialect;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Creates a dialect by its configured name. */
public final class Dialects {

    public static final Set<String> NAMES = new TreeSet<>(Set.of(OkxDialect.NAME, AllTickDialect.NAME,
        SfoxDialect.NAME, EchoDialect.NAME));

    private Dialects() {
    }

    public static Dialect create(String name, List<Instrument> instruments) {
        return switch (name) {
            case OkxDialect.NAME -> new OkxDialect(instruments);
            case AllTickDialect.NAME -> new AllTickDialect(instruments);
            case SfoxDialect.NAME -> new SfoxDialect(instruments);
            case EchoDialect.NAME -> new EchoDialect();
            default -> throw new IllegalArgumentException("unknown dialect '" + name + "'; known: " + NAMES);
        };
    }
}

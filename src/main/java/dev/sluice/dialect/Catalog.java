package dev.sluice.dialect;

import dev.sluice.bus.Instrument;
import dev.sluice.bus.Stream;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * What a dialect serves: its instruments by the vendor's symbol, and one {@link Stream} per subscription key,
 * created once and shared by every connection (so the bus encodes each event once per stream). Thread-safe:
 * connections on every event loop ask for streams.
 */
public final class Catalog {

    private final Map<String, Instrument> instruments = new LinkedHashMap<>();
    private final ConcurrentMap<String, Stream> streams = new ConcurrentHashMap<>();

    public Catalog(Collection<Instrument> instruments) {
        for (Instrument instrument : instruments) {
            this.instruments.put(instrument.symbol(), instrument);
        }
    }

    /** The instrument with the vendor's symbol, or null. */
    public Instrument instrument(String symbol) {
        return instruments.get(symbol);
    }

    /** Every instrument, in configuration order. */
    public Collection<Instrument> instruments() {
        return Collections.unmodifiableCollection(instruments.values());
    }

    /** The stream of a subscription key, made by {@code create} the first time it is asked for. */
    public Stream stream(String key, Function<String, Stream> create) {
        return streams.computeIfAbsent(key, create);
    }
}

package dev.sluice.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The synthetic market of some instruments run without a bus, as fast as the caller advances it: what
 * {@link SyntheticFeed} would publish, handed to a consumer (synthetic history is generated this way). Single
 * threaded.
 */
public final class SyntheticRun {

    private final List<SyntheticInstrument> instruments = new ArrayList<>();
    private boolean primed;

    public SyntheticRun(List<SyntheticSpec> specs, long seed, long startNs) {
        for (SyntheticSpec spec : specs) {
            instruments.add(new SyntheticInstrument(spec, seed, startNs));
        }
    }

    /** Hands every event due by {@code nowNs} to {@code sink}, instrument by instrument. */
    public void advanceTo(long nowNs, Consumer<Event> sink) {
        if (!primed) {
            primed = true;
            for (SyntheticInstrument instrument : instruments) {
                instrument.prime(sink);
            }
        }
        for (SyntheticInstrument instrument : instruments) {
            instrument.advanceTo(nowNs, sink);
        }
    }
}

package dev.sluice.history;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to replay: channels of one exchange for one symbol over {@code [startMs, endMs]} at {@code speed} times real
 * time. {@code gapThresholdsMs} gives, per channel, the longest hole in the data that is not reported as a gap.
 */
public record ReplaySpec(String exchange, List<String> channels, String symbol, long startMs, long endMs,
                         double speed, Map<String, Long> gapThresholdsMs) {

    public ReplaySpec {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(symbol, "symbol");
        channels = List.copyOf(channels);
        gapThresholdsMs = Map.copyOf(gapThresholdsMs);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a replay needs at least one channel");
        }
        if (endMs < startMs) {
            throw new IllegalArgumentException("end " + endMs + " is before start " + startMs);
        }
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive: " + speed);
        }
    }
}

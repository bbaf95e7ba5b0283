package dev.sluice.dialect.oxarchive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bus.Instrument;
import dev.sluice.dialect.Command;
import dev.sluice.history.ReplaySource;
import dev.sluice.history.ReplaySpec;
import dev.sluice.limit.Op;
import dev.sluice.limit.ReplayRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes {@code replay} ({@code channel} or {@code channels[]}, {@code symbol}, {@code start}, {@code end} in
 * epoch ms, {@code speed}, default 1) and {@code replay.pause|resume|seek|stop}. Malformed requests are answered
 * here; the tier caps (speed, depth, range, one exchange, coverage) and one replay per connection are the limits'
 * decision on the {@link Command.Replay} this returns.
 */
final class OxReplayDecoder {

    private static final String NO_REPLAY = OxReplies.error(OxReplies.NOT_FOUND, "No replay in progress");

    private final OxArchiveDialect dialect;
    private final ReplaySource history;

    OxReplayDecoder(OxArchiveDialect dialect, ReplaySource history) {
        this.dialect = dialect;
        this.history = history;
    }

    Command replay(JsonNode root) {
        List<String> names = channelNames(root);
        String symbol = OxArchiveDialect.symbolOf(root);
        if (names == null || names.isEmpty() || symbol == null) {
            return invalid(names == null || names.isEmpty() ? "Missing field: channel or channels" : "Missing field: "
                + "symbol");
        }
        JsonNode start = root.get("start");
        JsonNode end = root.get("end");
        JsonNode speed = root.get("speed");
        if (start == null || !start.canConvertToLong() || end == null || !end.canConvertToLong()) {
            return invalid("start and end must be epoch milliseconds");
        }
        if (speed != null && (!speed.isNumber() || !(speed.asDouble() > 0))) {
            return invalid("speed must be a positive number");
        }
        if (end.asLong() <= start.asLong()) {
            return OxArchiveDialect.error(Op.OTHER, OxReplies.INVALID_TIME_RANGE, "end must be after start");
        }
        List<OxChannel> channels = new ArrayList<>();
        Instrument instrument = null;
        for (String name : names) {
            OxChannel channel = OxChannel.of(name);
            if (channel == null) {
                return invalid("Unknown channel: " + name);
            }
            if (!channel.replay()) {
                return OxArchiveDialect.error(Op.OTHER, OxReplies.UNSUPPORTED_FOR_VENUE, "Channel " + name
                    + " does not support historical replay");
            }
            instrument = dialect.instrument(channel, symbol);
            if (instrument == null) {
                return OxArchiveDialect.error(Op.OTHER, OxReplies.INVALID_SYMBOL, "Unknown symbol " + symbol
                    + " for channel " + name);
            }
            channels.add(channel);
        }
        if (history == null) {
            return OxArchiveDialect.error(Op.OTHER, OxReplies.UPSTREAM_UNAVAILABLE, "This server has no history "
                + "store");
        }
        return start(channels, instrument.symbol(), start.asLong(), end.asLong(),
            speed == null ? 1 : speed.asDouble());
    }

    private Command start(List<OxChannel> channels, String symbol, long start, long end, double speed) {
        List<String> caps = new ArrayList<>();
        List<String> wires = new ArrayList<>();
        Map<String, Long> thresholds = new HashMap<>();
        Map<String, String> capsByWire = new HashMap<>();
        for (OxChannel channel : channels) {
            caps.add(channel.capsName());
            wires.add(channel.wire());
            thresholds.put(channel.wire(), channel.gapThresholdMs());
            capsByWire.put(channel.wire(), channel.capsName());
        }
        // A mixed-exchange request is refused by the limits before this spec is used; the first channel's
        // exchange is the one read.
        ReplaySpec spec = new ReplaySpec(channels.get(0).exchange(), wires, symbol, start, end, speed, thresholds);
        // The limits bound each replay_snapshot by the stream name they know the channel by (its caps name).
        return new Command.Replay(new ReplayRequest(caps, start, end, speed),
            (sink, earliestMs) -> history.start(spec, OxReplayFormat.INSTANCE, sink,
                wire -> earliestMs.applyAsLong(capsByWire.get(wire))));
    }

    Command control(String op, JsonNode root) {
        switch (op) {
            case "replay.pause":
                return new Command.ReplayControl(Command.ReplayControl.Kind.PAUSE, 0, NO_REPLAY);
            case "replay.resume":
                return new Command.ReplayControl(Command.ReplayControl.Kind.RESUME, 0, NO_REPLAY);
            case "replay.stop":
                return new Command.ReplayControl(Command.ReplayControl.Kind.STOP, 0, NO_REPLAY);
            default:
                JsonNode timestamp = root.get("timestamp");
                if (timestamp == null || !timestamp.canConvertToLong()) {
                    return invalid("replay.seek needs timestamp (epoch milliseconds)");
                }
                return new Command.ReplayControl(Command.ReplayControl.Kind.SEEK, timestamp.asLong(), NO_REPLAY);
        }
    }

    /** {@code channels[]} or {@code channel}; null when {@code channels} is there but not a list of names. */
    private static List<String> channelNames(JsonNode root) {
        JsonNode list = root.get("channels");
        if (list == null) {
            String one = OxArchiveDialect.text(root, "channel");
            return one == null ? List.of() : List.of(one);
        }
        if (!list.isArray()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isTextual()) {
                return null;
            }
            if (!names.contains(item.asText())) {
                names.add(item.asText());
            }
        }
        return names;
    }

    private static Command invalid(String message) {
        return OxArchiveDialect.error(Op.OTHER, OxReplies.INVALID_PARAMETER, message);
    }
}

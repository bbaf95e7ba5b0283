package dev.sluice.dialect.oxarchive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dialect.Json;
import dev.sluice.history.HistoryRecord;
import dev.sluice.history.ReplayFormat;
import dev.sluice.history.ReplaySpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * 0xArchive's replay messages. {@code historical_data} and {@code replay_snapshot} carry the recorded {@code data}
 * as it was stored (raw JSON, not re-parsed): {@code {"type","channel","coin","symbol","timestamp","data"}}. A
 * multi-channel replay's {@code replay_started} and {@code replay_completed} name every channel in
 * {@code channels} as well as the first in {@code channel}.
 */
final class OxReplayFormat implements ReplayFormat {

    static final OxReplayFormat INSTANCE = new OxReplayFormat();

    /**
     * Per message type, channel and symbol: a record message's text up to its timestamp. Quoting the names is
     * Jackson work that a replay at full speed did twice per message; there are few channels and symbols.
     */
    private final Map<String, Map<String, Map<String, String>>> heads = new ConcurrentHashMap<>();

    @Override
    public String started(ReplaySpec spec) {
        ObjectNode root = head("replay_started", spec);
        root.put("start", spec.startMs());
        root.put("end", spec.endMs());
        if (spec.speed() == Math.rint(spec.speed())) {
            root.put("speed", (long) spec.speed());
        } else {
            root.put("speed", spec.speed());
        }
        return Json.write(root);
    }

    @Override
    public String snapshot(ReplaySpec spec, HistoryRecord record) {
        return record("replay_snapshot", record);
    }

    @Override
    public String data(ReplaySpec spec, HistoryRecord record) {
        return record("historical_data", record);
    }

    @Override
    public String gap(ReplaySpec spec, String channel, long gapStartMs, long gapEndMs) {
        ObjectNode root = Json.object();
        root.put("type", "gap_detected");
        root.put("channel", channel);
        root.put("coin", spec.symbol());
        root.put("symbol", spec.symbol());
        root.put("gap_start", gapStartMs);
        root.put("gap_end", gapEndMs);
        root.put("duration_minutes", (gapEndMs - gapStartMs) / 60_000L);
        return Json.write(root);
    }

    @Override
    public String paused(ReplaySpec spec, long currentMs) {
        return position("replay_paused", currentMs);
    }

    @Override
    public String resumed(ReplaySpec spec, long currentMs) {
        return position("replay_resumed", currentMs);
    }

    @Override
    public String completed(ReplaySpec spec, long sent) {
        ObjectNode root = head("replay_completed", spec);
        root.put("snapshots_sent", sent);
        return Json.write(root);
    }

    @Override
    public String stopped(ReplaySpec spec) {
        return "{\"type\":\"replay_stopped\"}";
    }

    @Override
    public String failed(ReplaySpec spec) {
        return OxReplies.error(OxReplies.INTERNAL_ERROR, "Replay failed reading history");
    }

    private static ObjectNode head(String type, ReplaySpec spec) {
        ObjectNode root = Json.object();
        root.put("type", type);
        root.put("channel", spec.channels().get(0));
        if (spec.channels().size() > 1) {
            ArrayNode channels = root.putArray("channels");
            spec.channels().forEach(channels::add);
        }
        root.put("coin", spec.symbol());
        root.put("symbol", spec.symbol());
        return root;
    }

    private static String position(String type, long currentMs) {
        return "{\"type\":\"" + type + "\",\"current_timestamp\":" + currentMs + "}";
    }

    private String record(String type, HistoryRecord record) {
        return head(type, record.channel(), record.symbol()) + record.timestampMs() + ",\"data\":" + record.data()
            + "}";
    }

    private String head(String type, String channel, String symbol) {
        Map<String, String> bySymbol = heads.computeIfAbsent(type, t -> new ConcurrentHashMap<>())
            .computeIfAbsent(channel, c -> new ConcurrentHashMap<>());
        String head = bySymbol.get(symbol);
        if (head == null) {
            String quoted = OxReplies.quote(symbol);
            head = "{\"type\":\"" + type + "\",\"channel\":" + OxReplies.quote(channel) + ",\"coin\":" + quoted
                + ",\"symbol\":" + quoted + ",\"timestamp\":";
            bySymbol.put(symbol, head);
        }
        return head;
    }
}

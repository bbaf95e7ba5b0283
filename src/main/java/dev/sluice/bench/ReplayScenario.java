package dev.sluice.bench;

import static dev.sluice.bench.ScenarioResult.rate;
import static dev.sluice.bench.ScenarioResult.ratio;
import static dev.sluice.bench.ScenarioResult.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.history.HistoryRecord;
import dev.sluice.history.HistoryStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * S7, replay at maximum speed from the DuckDB store to one client. The bench writes a history file of {@code N}
 * Hyperliquid BTC trades ({@link #RECORDS_PER_MS} to a recorded millisecond, each trade's {@code tid} its position
 * 1..N), then measures, one after the other (DuckDB lets one process open the file at a time):
 * <ol>
 *   <li>the baselines, the store's own ceiling: a child JVM reading the whole range through the store's cursor in
 *       pages of the replay's batch size, as a replay reads it (load-generator mode {@code replay-store}), and
 *       one reading it as a single streamed DuckDB query ({@code replay-duckdb});</li>
 *   <li>Sluice: a server child with the 0xArchive preset's Enterprise plan (1000x, credits charged against its
 *       2,000M quota) and {@code history.path} on the file, and one client (mode {@code replay}) asking for the
 *       whole range at 1000x, checking every {@code tid} arrives once and in order.</li>
 * </ol>
 */
final class ReplayScenario {

    /** Trades a recorded millisecond holds: at 1000x the pacing allows {@code RECORDS_PER_MS} million msgs/s. */
    static final int RECORDS_PER_MS = 5;
    /** 2025-06-01T00:00:00Z: inside every 0xArchive coverage window of Hyperliquid trades. */
    static final long START_MS = 1_748_736_000_000L;
    static final double SPEED = 1000;
    static final String API_KEY = "0xa_demo_enterprise";
    static final double TARGET = 500_000;
    private static final int APPEND_BATCH = 50_000;
    /** Each measurement is preceded by the same read (or replay) of the first tenth of the records, not measured. */
    private static final int WARMUP_PART = 10;

    private ReplayScenario() {
    }

    static ScenarioResult s7(BenchRun run) throws IOException, InterruptedException {
        int n = run.pick(3_000_000, 1_000_000, 5_000);
        long endMs = endMs(n);
        double pacingCeiling = RECORDS_PER_MS * 1000.0 * SPEED;
        ScenarioResult r = new ScenarioResult("S7", "replay at maximum speed from the DuckDB store",
            n + " Hyperliquid BTC trades, " + RECORDS_PER_MS + " to a recorded millisecond (" + (endMs - START_MS + 1)
                + " ms), replayed at " + (long) SPEED + "x to one client: pacing allows " + rate(pacingCeiling)
                + ", so it is never the limit; Enterprise plan of the 0xArchive preset, credits charged (quota "
                + "2,000M); baselines: the same range read straight from the store in a JVM of its own, through "
                + "its cursor in pages of the replay's batch size (as a replay reads) and as one streamed DuckDB "
                + "query; each after an unmeasured warm-up pass over the first tenth (JIT)"
                + (run.quick ? "; **" + n + " records instead of 3,000,000**" : ""));
        Path file = run.out.resolve("s7-history.duckdb").toAbsolutePath();
        build(file, n);
        int warmup = n / WARMUP_PART;
        List<String> range = List.of("store=" + file, "records=" + n, "start=" + START_MS, "end=" + endMs,
            "warmup=" + warmup, "warmupEnd=" + endMs(warmup));
        JsonNode store = measure(run, "s7-store", with("mode=replay-store", range), n);
        JsonNode duckdb = measure(run, "s7-duckdb", with("mode=replay-duckdb", range), n);
        JsonNode replay;
        try (ChildProc server = run.server(Target.SLUICE, 1, config(file), "s7")) {
            int port = BenchRun.firstPort(BenchRun.ports(server));
            replay = measure(run, "s7-replay", with("mode=replay", List.of("records=" + n, "start=" + START_MS,
                "end=" + endMs, "warmup=" + warmup, "warmupEnd=" + endMs(warmup), "speed=" + (long) SPEED,
                "url=ws://127.0.0.1:" + port + "/ws?apiKey=" + API_KEY)), n);
        }
        double sluice = replay.path("perSecond").asDouble();
        double ceiling = store.path("perSecond").asDouble();
        double raw = duckdb.path("perSecond").asDouble();
        r.row("replayed msgs/s to one client", rate(sluice), "store pages " + rate(ceiling), ratio(sluice, ceiling),
            "≥ 500k/s", verdict(sluice >= TARGET));
        r.row("replayed msgs/s to one client", rate(sluice), "one DuckDB query " + rate(raw), ratio(sluice, raw),
            "-", "-");
        long wrong = replay.path("gaps").asLong() + replay.path("duplicates").asLong()
            + replay.path("outOfOrder").asLong();
        r.row("lost / duplicated / out of order", replay.path("gaps").asLong() + " / "
            + replay.path("duplicates").asLong() + " / " + replay.path("outOfOrder").asLong(), "store pages "
            + (store.path("gaps").asLong() + store.path("duplicates").asLong() + store.path("outOfOrder").asLong()),
            "-", "0",
            verdict(wrong == 0 && replay.path("received").asLong() == n));
        long completed = replay.path("completedCount").asLong(-1);
        boolean warmedUp = replay.path("warmupCompletedCount").asLong() == warmup
            && replay.path("warmupReceived").asLong() == warmup;
        r.row("replay_completed count", Long.toString(completed), "records written " + n, "-", "= " + n,
            verdict(completed == n && warmedUp) + (warmedUp ? "" : " (warm-up replay incomplete)"));
        r.json.put("records", n);
        r.json.put("recordsPerMs", RECORDS_PER_MS);
        r.json.put("speed", SPEED);
        r.json.put("storePages", store);
        r.json.put("duckdbQuery", duckdb);
        r.json.put("replay", replay);
        return r;
    }

    private static List<String> with(String mode, List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.add(0, mode);
        return all;
    }

    /** The last record's timestamp. */
    static long endMs(int n) {
        return START_MS + (n - 1) / RECORDS_PER_MS;
    }

    /** Runs a load-generator child to its RESULT (it stops by itself; bounded by a timeout scaled to N). */
    private static JsonNode measure(BenchRun run, String name, List<String> args, int n)
        throws IOException, InterruptedException {
        try (ChildProc gen = run.loadgen(name, args)) {
            return LoadGen.JSON.readTree(gen.await("RESULT", 60_000 + n / 5L));
        }
    }

    /** Writes {@code n} trades into a fresh DuckDB file (the bench's history, not a measurement). */
    static void build(Path file, int n) throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(Path.of(file + ".wal"));
        try (HistoryStore store = HistoryStore.open(file)) {
            List<HistoryRecord> batch = new ArrayList<>(APPEND_BATCH);
            for (int i = 0; i < n; i++) {
                long ts = START_MS + i / RECORDS_PER_MS;
                batch.add(HistoryRecord.of("hyperliquid", "trades", "BTC", ts, trade(i + 1, ts)));
                if (batch.size() == APPEND_BATCH || i == n - 1) {
                    store.append(batch);
                    batch.clear();
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot write the S7 history " + file + ": " + e.getMessage(), e);
        }
    }

    /** A Hyperliquid trade as the recorder stores it, {@code tid} its position in the file. */
    static String trade(long tid, long ts) {
        return "[{\"coin\":\"BTC\",\"side\":\"" + (tid % 2 == 0 ? 'B' : 'A') + "\",\"px\":\"" + (97_000 + tid % 500)
            + ".5\",\"sz\":\"0.0" + (1 + tid % 9) + "\",\"time\":" + ts + ",\"hash\":\"0x"
            + String.format("%064x", tid * 0x9E3779B97F4A7C15L) + "\",\"tid\":" + tid + "}]";
    }

    /**
     * The 0xArchive preset as shipped (its Enterprise plan and demo key), on port 0, replaying from {@code file}
     * without recording into it, credits counted in memory only.
     */
    static String config(Path file) throws IOException {
        String preset;
        try (InputStream in = ReplayScenario.class.getResourceAsStream("/presets/oxarchive.yaml")) {
            if (in == null) {
                throw new IOException("the oxarchive preset is missing from the class path");
            }
            preset = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String yaml = replace(preset, "  path: oxarchive-history.duckdb\n  record: true\n",
            "  path: \"" + file + "\"\n  record: false\n");
        yaml = replace(yaml, "  path: oxarchive-credits.tsv\n", "");
        return replace(yaml, "    port: 8003\n", "    port: 0\n");
    }

    private static String replace(String text, String what, String with) throws IOException {
        if (!text.contains(what)) {
            throw new IOException("the oxarchive preset changed: no '" + what.trim() + "' to replace for S7");
        }
        return text.replace(what, with);
    }
}

package dev.sluice.dialect.oxarchive;

import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Stream;
import dev.sluice.bus.SyntheticRun;
import dev.sluice.bus.SyntheticSpec;
import dev.sluice.bus.Topic;
import dev.sluice.history.HistoryRecord;
import dev.sluice.history.HistoryStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Writes synthetic 0xArchive history ({@code sluice history generate}): the synthetic market of an exchange's
 * instruments is run over the requested days and recorded exactly as the live recorder records it (the same
 * encoders: trades every one, books every 10 s, funding and open interest every minute). The market is quieter
 * than the live demo (at most {@link #MAX_TRADES_PER_SECOND} trades and {@link #MAX_BOOK_UPDATES_PER_SECOND} book
 * changes a second per symbol), so three days of three symbols stay under a million rows. Real archives have
 * holes, and so does this one: every day from 12:00 to 12:15 UTC nothing is recorded ({@link #isOutage}), which
 * replays report as {@code gap_detected}.
 */
public final class OxHistoryGenerator {

    public static final double MAX_TRADES_PER_SECOND = 1.0;
    public static final double MAX_BOOK_UPDATES_PER_SECOND = 2.0;
    public static final long DAY_MS = 86_400_000L;
    public static final long OUTAGE_START_MS = 12 * 3_600_000L;
    public static final long OUTAGE_MS = 15 * 60_000L;
    private static final long STEP_MS = 60_000;
    private static final int APPEND_BATCH = 50_000;
    /**
     * Generation encodes and frees a buffer per event on one thread, hundreds of thousands of them: heap buffers
     * outside the leak detector, which (at the tests' paranoid level) would record a stack trace for each.
     */
    private static final ByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false, true);

    private OxHistoryGenerator() {
    }

    /** Whether the generated history leaves {@code timestampMs} out (the daily outage). */
    public static boolean isOutage(long timestampMs) {
        long ofDay = Math.floorMod(timestampMs, DAY_MS);
        return ofDay >= OUTAGE_START_MS && ofDay < OUTAGE_START_MS + OUTAGE_MS;
    }

    /**
     * Generates {@code [fromMs, toMs)} for the instruments (all of one exchange) into the store.
     *
     * @param progress told the simulated time reached, about once a simulated hour
     * @return the number of records written
     */
    public static long generate(HistoryStore store, List<SyntheticSpec> specs, long seed, long fromMs, long toMs,
                                LongConsumer progress) throws SQLException {
        Objects.requireNonNull(store, "store");
        List<SyntheticSpec> quiet = new ArrayList<>();
        List<Instrument> instruments = new ArrayList<>();
        for (SyntheticSpec spec : specs) {
            quiet.add(new SyntheticSpec(spec.instrument(), spec.initialPrice(), spec.depth(),
                Math.min(spec.tradesPerSecond(), MAX_TRADES_PER_SECOND),
                Math.min(spec.bookUpdatesPerSecond(), MAX_BOOK_UPDATES_PER_SECOND), spec.levelSize(),
                spec.maxStepTicks()));
            instruments.add(spec.instrument());
        }
        Map<Topic, List<Map.Entry<Stream, String>>> byTopic = new HashMap<>();
        for (Map.Entry<Stream, String> entry : new OxArchiveDialect(instruments, null).recordedStreams().entrySet()) {
            byTopic.computeIfAbsent(entry.getKey().topic(), t -> new ArrayList<>()).add(entry);
        }
        SyntheticRun run = new SyntheticRun(quiet, seed, fromMs * 1_000_000L);
        List<HistoryRecord> batch = new ArrayList<>();
        long written = 0;
        for (long at = fromMs; at < toMs; ) {
            at = Math.min(toMs, at + STEP_MS);
            long until = at;
            run.advanceTo(until * 1_000_000L - 1, event -> record(event, byTopic, batch));
            if (batch.size() >= APPEND_BATCH || at == toMs) {
                written += store.append(batch);
                batch.clear();
            }
            if (at % 3_600_000L == 0 || at == toMs) {
                progress.accept(at);
            }
        }
        return written;
    }

    private static void record(Event event, Map<Topic, List<Map.Entry<Stream, String>>> byTopic,
                               List<HistoryRecord> batch) {
        if (isOutage(event.tsMillis())) {
            return;
        }
        for (Map.Entry<Stream, String> entry : byTopic.getOrDefault(event.topic(), List.of())) {
            ByteBuf buf = entry.getKey().encoder().encode(event, ALLOC);
            if (buf == null) {
                continue;
            }
            try {
                long ts = buf.readLong();
                batch.add(HistoryRecord.of(event.topic().exchange(), entry.getValue(), event.topic().symbol(), ts,
                    buf.toString(StandardCharsets.UTF_8)));
            } finally {
                buf.release();
            }
        }
    }
}

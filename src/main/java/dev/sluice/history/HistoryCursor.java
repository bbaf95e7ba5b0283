package dev.sluice.history;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a scan of the store has got to, read on a page at a time ({@link HistoryStore#cursor}). Each page is read
 * from a time window after the position rather than from the whole rest of the range: DuckDB skips the row groups
 * outside the window, so a page costs about the same at the start of a long replay as at its end. The window
 * follows the data: after a full page it becomes twice the time that page spanned; after a window with fewer
 * records than asked for, twice as long (sparse data and holes are crossed in a few reads).
 *
 * <p>Threading: not thread-safe; one read at a time (a replay reads on the history executor, one batch in flight).
 * It holds no database resources: dropping it (a seek starts a new one) needs no cleanup.
 */
public final class HistoryCursor {

    /** The first window: a second of data. */
    static final long FIRST_WINDOW_MS = 1_000;
    /** The longest window, about 30 years: windows grow by doubling and must not overflow. */
    static final long MAX_WINDOW_MS = 1L << 40;

    private final HistoryStore store;
    private final String exchange;
    private final List<String> channels;
    private final String symbol;
    private final long toTs;
    private long afterTs;
    private long afterSeq;
    private long windowMs = FIRST_WINDOW_MS;
    private boolean exhausted;
    private int reads;

    HistoryCursor(HistoryStore store, String exchange, List<String> channels, String symbol, long afterTs,
                  long afterSeq, long toTs) {
        this.store = store;
        this.exchange = exchange;
        this.channels = List.copyOf(channels);
        this.symbol = symbol;
        this.afterTs = afterTs;
        this.afterSeq = afterSeq;
        this.toTs = toTs;
        this.exhausted = afterTs > toTs;
    }

    /**
     * The next up to {@code limit} records in {@code (ts, seq)} order; fewer only when the range is exhausted
     * (then {@link #exhausted()} is true).
     */
    public List<HistoryRecord> next(int limit) throws SQLException {
        List<HistoryRecord> page = new ArrayList<>(Math.min(limit, 4_096));
        while (page.size() < limit && !exhausted) {
            int wanted = limit - page.size();
            long windowEnd = toTs - afterTs <= windowMs ? toTs : afterTs + windowMs;
            List<HistoryRecord> read = store.scan(exchange, channels, symbol, afterTs, afterSeq, windowEnd, wanted);
            reads++;
            page.addAll(read);
            if (read.size() == wanted) {
                HistoryRecord last = read.get(read.size() - 1);
                windowMs = Math.max(1, Math.min(MAX_WINDOW_MS, 2 * (last.timestampMs() - afterTs)));
                afterTs = last.timestampMs();
                afterSeq = last.seq();
            } else if (windowEnd >= toTs) {
                exhausted = true;
            } else {
                afterTs = windowEnd;
                afterSeq = Long.MAX_VALUE;
                if (2L * read.size() < wanted) {
                    windowMs = Math.min(MAX_WINDOW_MS, 2 * windowMs);
                }
            }
        }
        return page;
    }

    /** Whether every record of the range has been returned. */
    public boolean exhausted() {
        return exhausted;
    }

    /** Queries run so far (tests: a page costs a bounded number of them). */
    int reads() {
        return reads;
    }
}

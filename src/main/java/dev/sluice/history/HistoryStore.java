package dev.sluice.history;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Recorded market data in DuckDB: one table {@code events(exchange, channel, symbol, ts, seq, data)}, appended in
 * batches and scanned by (exchange, channels, symbol, time range) in {@code (ts, seq)} order. {@code seq} is a
 * store-wide counter, so messages of the same millisecond keep the order they were appended in.
 *
 * <p>Threading: one DuckDB connection, used under this object's lock. Every method does I/O and may take a while:
 * never call one on a Netty event loop (the recorder has its own thread, replays read on the history executor).
 */
public final class HistoryStore implements AutoCloseable {

    private static final String SCHEMA = "CREATE TABLE IF NOT EXISTS events (exchange VARCHAR NOT NULL, "
        + "channel VARCHAR NOT NULL, symbol VARCHAR NOT NULL, ts BIGINT NOT NULL, seq BIGINT NOT NULL, "
        + "data VARCHAR NOT NULL)";
    /**
     * The scan, with one {@code ?} per channel where {@code %s} is. {@code ts >= afterTs} repeats what the
     * {@code OR} says so that DuckDB can push both time bounds into the table scan and skip row groups outside
     * them (without it every page read every row up to {@code toTs}: a long replay was quadratic). Exchange and
     * symbol are the caller's, not read back, and so is the channel of a one-channel scan (the first {@code %s}).
     * {@code data} is read as its UTF-8 bytes ({@code encode}): the driver decodes a VARCHAR through a slow
     * buffer decoder, and {@code new String(bytes, UTF_8)} is several times faster for the (ASCII) JSON.
     */
    private static final String SCAN = "SELECT %s ts, seq, encode(data) FROM events "
        + "WHERE exchange = ? AND symbol = ? AND channel IN (%s) AND ts >= ? AND ts <= ? AND (ts > ? OR (ts = ? "
        + "AND seq > ?)) ORDER BY ts, seq LIMIT ?";
    private static final String LATEST = "SELECT exchange, channel, symbol, ts, seq, data FROM events "
        + "WHERE exchange = ? AND channel = ? AND symbol = ? AND ts >= ? AND ts <= ? ORDER BY ts DESC, seq DESC "
        + "LIMIT 1";

    private final DuckDBConnection connection;
    /** The scan statement per number of channels, prepared once: a replay runs it for every page. */
    private final Map<Integer, PreparedStatement> scans = new HashMap<>();
    private long nextSeq;

    private HistoryStore(DuckDBConnection connection) throws SQLException {
        this.connection = connection;
        try (Statement statement = connection.createStatement()) {
            statement.execute(SCHEMA);
            try (ResultSet max = statement.executeQuery("SELECT coalesce(max(seq), 0) FROM events")) {
                max.next();
                nextSeq = max.getLong(1) + 1;
            }
        }
    }

    /** Opens (creating if needed) the store in a DuckDB file. */
    public static HistoryStore open(Path file) throws SQLException {
        Objects.requireNonNull(file, "file");
        return new HistoryStore((DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:"
            + file.toAbsolutePath()));
    }

    /** A store that lives in memory and is gone when closed (tests, a demo without a file). */
    public static HistoryStore inMemory() throws SQLException {
        return new HistoryStore((DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:"));
    }

    /** Appends records in one transaction with DuckDB's appender; returns how many. */
    public synchronized int append(List<HistoryRecord> records) throws SQLException {
        return appendLocked(records);
    }

    /** {@link #append} for a caller that holds the lock already ({@link #withConnection}). */
    int appendLocked(List<HistoryRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return 0;
        }
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events")) {
            for (HistoryRecord record : records) {
                appender.beginRow();
                appender.append(record.exchange());
                appender.append(record.channel());
                appender.append(record.symbol());
                appender.append(record.timestampMs());
                appender.append(nextSeq++);
                appender.append(record.data());
                appender.endRow();
            }
        }
        return records.size();
    }

    /**
     * Up to {@code limit} records of the channels of one exchange and symbol, after the position
     * {@code (afterTs, afterSeq)} and at or before {@code toTs}, in timestamp order. Start a scan at
     * {@code (startTs - 1, Long.MAX_VALUE)}; continue it from the last record returned.
     */
    public synchronized List<HistoryRecord> scan(String exchange, List<String> channels, String symbol, long afterTs,
                                                 long afterSeq, long toTs, int limit) throws SQLException {
        PreparedStatement scan = scans.get(channels.size());
        if (scan == null) {
            scan = connection.prepareStatement(String.format(SCAN, channels.size() == 1 ? "" : "channel,",
                String.join(", ", java.util.Collections.nCopies(channels.size(), "?"))));
            scans.put(channels.size(), scan);
        }
        int at = 1;
        scan.setString(at++, exchange);
        scan.setString(at++, symbol);
        for (String channel : channels) {
            scan.setString(at++, channel);
        }
        scan.setLong(at++, afterTs);
        scan.setLong(at++, toTs);
        scan.setLong(at++, afterTs);
        scan.setLong(at++, afterTs);
        scan.setLong(at++, afterSeq);
        scan.setInt(at, limit);
        int first = channels.size() == 1 ? 0 : 1;
        List<HistoryRecord> records = new ArrayList<>(Math.min(limit, 4_096));
        try (ResultSet rows = scan.executeQuery()) {
            while (rows.next()) {
                String channel = first == 0 ? channels.get(0) : channel(channels, rows.getString(1));
                records.add(new HistoryRecord(exchange, channel, symbol, rows.getLong(first + 1),
                    rows.getLong(first + 2), new String(rows.getBytes(first + 3), StandardCharsets.UTF_8)));
            }
        }
        return records;
    }

    /**
     * A cursor over the same records as {@link #scan} from {@code (afterTs, afterSeq)} to {@code toTs}, read a
     * page at a time in time windows sized to the data, so that each page costs about the same wherever it is.
     */
    public HistoryCursor cursor(String exchange, List<String> channels, String symbol, long afterTs, long afterSeq,
                                long toTs) {
        return new HistoryCursor(this, exchange, channels, symbol, afterTs, afterSeq, toTs);
    }

    /** The caller's instance of a channel name (one string per channel, not one per record). */
    private static String channel(List<String> channels, String read) {
        for (String channel : channels) {
            if (channel.equals(read)) {
                return channel;
            }
        }
        return read;
    }

    /** The last record of a channel at or before {@code atTs}, or null. */
    public HistoryRecord latest(String exchange, String channel, String symbol, long atTs) throws SQLException {
        return latest(exchange, channel, symbol, Long.MIN_VALUE, atTs);
    }

    /**
     * The last record of a channel in {@code [fromTs, atTs]} (a replay's starting state, no older than the replay
     * may reach), or null when that range has none: an older record is never returned in its place.
     */
    public synchronized HistoryRecord latest(String exchange, String channel, String symbol, long fromTs, long atTs)
        throws SQLException {
        try (PreparedStatement latest = connection.prepareStatement(LATEST)) {
            latest.setString(1, exchange);
            latest.setString(2, channel);
            latest.setString(3, symbol);
            latest.setLong(4, fromTs);
            latest.setLong(5, atTs);
            List<HistoryRecord> found = read(latest);
            return found.isEmpty() ? null : found.get(0);
        }
    }

    /** How many records the store holds. */
    public synchronized long count() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM events")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The JDBC connection, for bulk loads that DuckDB does itself (Parquet import). Use under this lock. */
    synchronized <T> T withConnection(SqlWork<T> work) throws SQLException {
        return work.run(connection);
    }

    /** Work done with the store's connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private static List<HistoryRecord> read(PreparedStatement statement) throws SQLException {
        List<HistoryRecord> records = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                records.add(new HistoryRecord(rows.getString(1), rows.getString(2), rows.getString(3),
                    rows.getLong(4), rows.getLong(5), rows.getString(6)));
            }
        }
        return records;
    }

    @Override
    public synchronized void close() {
        try {
            for (PreparedStatement scan : scans.values()) {
                scan.close();
            }
            scans.clear();
            connection.close();
        } catch (SQLException e) {
            // Closing cannot be retried; the file is consistent at every committed append.
        }
    }
}

package dev.sluice.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * {@code sluice history import FILE}: loads a CSV (with a header line) or Parquet file into the store. Columns,
 * by name, in any order (others are ignored):
 * <ul>
 * <li>{@code exchange}: {@code hyperliquid}, {@code hip3}, {@code hip4}, {@code lighter}, ... (lower case)</li>
 * <li>{@code channel}: the 0xArchive channel ({@code orderbook}, {@code lighter_trades}, ...)</li>
 * <li>{@code symbol}: the coin ({@code BTC}, {@code km:US500})</li>
 * <li>{@code timestamp}: epoch milliseconds, or an ISO-8601 instant ({@code 2026-01-02T03:04:05.678Z})</li>
 * <li>{@code data}: the message's {@code data} payload as JSON (an object or an array)</li>
 * </ul>
 * Every row is checked before anything is written: a bad file changes nothing and every problem (the first
 * {@link #MAX_ERRORS}) is reported with its row (the CSV line number; the Parquet row, from 1) and column.
 */
public final class HistoryImporter {

    public static final List<String> COLUMNS = List.of("exchange", "channel", "symbol", "timestamp", "data");
    static final int MAX_ERRORS = 20;
    private static final int APPEND_BATCH = 50_000;
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A file that cannot be imported, with every problem found. */
    public static final class ImportException extends Exception {
        private static final long serialVersionUID = 1L;

        ImportException(String message) {
            super(message);
        }
    }

    private HistoryImporter() {
    }

    /**
     * Imports a file; {@code progress} is told (rows done, rows in all) at most about a hundred times.
     *
     * @return rows imported
     */
    public static long importFile(HistoryStore store, Path file, BiConsumer<Long, Long> progress)
        throws ImportException, SQLException {
        if (!Files.isReadable(file)) {
            throw new ImportException(file + ": cannot read the file");
        }
        boolean parquet = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
        String source = (parquet ? "read_parquet('" : "read_csv('") + file.toAbsolutePath().toString()
            .replace("'", "''") + (parquet ? "')" : "', header = true, all_varchar = true)");
        try {
            return store.withConnection(connection -> {
                checkColumns(connection, file, source);
                List<String> errors = new ArrayList<>();
                long total = readAll(connection, source, parquet ? 1 : 2, file, errors, null);
                if (!errors.isEmpty()) {
                    throw new SQLException(new ImportException(String.join("\n", errors)));
                }
                Appender appender = new Appender(store, total, progress);
                readAll(connection, source, parquet ? 1 : 2, file, errors, appender);
                return appender.finish();
            });
        } catch (SQLException e) {
            if (e.getCause() instanceof ImportException problem) {
                throw problem;
            }
            throw e;
        }
    }

    /** The second pass: appends valid rows in batches and reports progress about every per cent. */
    private static final class Appender {
        private final HistoryStore store;
        private final long total;
        private final BiConsumer<Long, Long> progress;
        private final List<HistoryRecord> batch = new ArrayList<>();
        private long done;
        private long reported;

        Appender(HistoryStore store, long total, BiConsumer<Long, Long> progress) {
            this.store = store;
            this.total = total;
            this.progress = progress;
        }

        void add(HistoryRecord record) throws SQLException {
            batch.add(record);
            if (batch.size() == APPEND_BATCH) {
                flush();
            }
        }

        long finish() throws SQLException {
            flush();
            progress.accept(done, total);
            return done;
        }

        private void flush() throws SQLException {
            done += store.appendLocked(batch);
            batch.clear();
            if (done - reported >= Math.max(1, total / 100)) {
                reported = done;
                progress.accept(done, total);
            }
        }
    }

    private static void checkColumns(Connection connection, Path file, String source) throws SQLException {
        Set<String> present = new LinkedHashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet columns = statement.executeQuery("DESCRIBE SELECT * FROM " + source)) {
            while (columns.next()) {
                present.add(columns.getString(1).toLowerCase(Locale.ROOT));
            }
        } catch (SQLException e) {
            throw new SQLException(new ImportException(file + ": not a readable CSV or Parquet file: "
                + e.getMessage()));
        }
        List<String> missing = new ArrayList<>(COLUMNS);
        missing.removeAll(present);
        if (!missing.isEmpty()) {
            throw new SQLException(new ImportException(file + ": missing column(s) " + String.join(", ", missing)
                + " (required: " + String.join(", ", COLUMNS) + "; found: " + String.join(", ", present) + ")"));
        }
    }

    /** Reads every row; checks it (errors) or, with an appender, appends it. Returns the rows read. */
    private static long readAll(Connection connection, String source, int firstRow, Path file, List<String> errors,
                                Appender appender) throws SQLException {
        String select = "SELECT CAST(exchange AS VARCHAR), CAST(channel AS VARCHAR), CAST(symbol AS VARCHAR), "
            + "CAST(timestamp AS VARCHAR), CAST(data AS VARCHAR) FROM " + source;
        long row = firstRow;
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(select)) {
            for (; result.next(); row++) {
                String where = file + ": " + (firstRow == 2 ? "line " : "row ") + row + ", column ";
                String exchange = name(result.getString(1), where + "exchange", errors);
                String channel = name(result.getString(2), where + "channel", errors);
                String symbol = result.getString(3);
                if (symbol == null || symbol.isBlank()) {
                    errors.add(where + "symbol: is empty");
                }
                long ts = timestamp(result.getString(4), where + "timestamp", errors);
                String data = data(result.getString(5), where + "data", errors);
                if (errors.size() >= MAX_ERRORS) {
                    errors.add("(stopped after " + MAX_ERRORS + " problems)");
                    break;
                }
                if (appender != null && errors.isEmpty()) {
                    appender.add(HistoryRecord.of(exchange, channel, symbol.trim(), ts, data));
                }
            }
        }
        return row - firstRow;
    }

    private static String name(String value, String where, List<String> errors) {
        if (value == null || !NAME.matcher(value.trim()).matches()) {
            errors.add(where + ": '" + value + "' must be a lower-case name (letters, digits, _)");
            return null;
        }
        return value.trim();
    }

    private static long timestamp(String value, String where, List<String> errors) {
        String text = value == null ? "" : value.trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notMillis) {
            try {
                return Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException notIso) {
                errors.add(where + ": '" + text + "' is neither epoch milliseconds nor an ISO-8601 instant");
                return 0;
            }
        }
    }

    private static String data(String value, String where, List<String> errors) {
        try {
            JsonNode node = value == null ? null : JSON.readTree(value);
            if (node == null || !node.isContainerNode()) {
                errors.add(where + ": must be a JSON object or array");
                return null;
            }
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            errors.add(where + ": not valid JSON (" + e.getOriginalMessage() + ")");
            return null;
        }
    }
}

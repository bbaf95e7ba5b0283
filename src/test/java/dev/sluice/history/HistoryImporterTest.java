package dev.sluice.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice history import}: CSV and Parquet with the documented columns; bad input named by row and column. */
class HistoryImporterTest {

    private static final String HEADER = "timestamp,exchange,channel,symbol,data,extra\n";

    @Test
    void shouldImportCsvWithEpochMillisAndIsoTimestampsAndReportProgress(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("trades.csv");
        Files.writeString(csv, HEADER
            + "1700000000000,hyperliquid,trades,BTC,\"[{\"\"px\"\":\"\"1\"\"}]\",x\n"
            + "2023-11-14T22:13:21Z,hyperliquid,trades,BTC,\"[{\"\"px\"\":\"\"2\"\"}]\",y\n");
        List<Long> progress = new ArrayList<>();
        try (HistoryStore store = HistoryStore.inMemory()) {
            long rows = HistoryImporter.importFile(store, csv, (done, total) -> progress.add(done));
            assertThat(rows).isEqualTo(2);
            List<HistoryRecord> found = store.scan("hyperliquid", List.of("trades"), "BTC", 0, Long.MAX_VALUE,
                Long.MAX_VALUE, 10);
            assertThat(found).extracting(HistoryRecord::timestampMs).containsExactly(1_700_000_000_000L,
                1_700_000_001_000L);
            assertThat(found.get(0).data()).isEqualTo("[{\"px\":\"1\"}]");
            assertThat(progress).last().isEqualTo(2L);
        }
    }

    @Test
    void shouldNameTheLineAndColumnOfEveryBadValueAndWriteNothing(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, HEADER
            + "1700000000000,hyperliquid,trades,BTC,[],ok\n"
            + "yesterday,hyperliquid,trades,BTC,[],bad time\n"
            + "1700000000002,Hyper Liquid,trades,BTC,{not json,bad exchange and data\n");
        try (HistoryStore store = HistoryStore.inMemory()) {
            assertThatThrownBy(() -> HistoryImporter.importFile(store, csv, (d, t) -> { }))
                .isInstanceOf(HistoryImporter.ImportException.class)
                .hasMessageContaining("bad.csv: line 3, column timestamp: 'yesterday' is neither epoch milliseconds "
                    + "nor an ISO-8601 instant")
                .hasMessageContaining("bad.csv: line 4, column exchange: 'Hyper Liquid' must be a lower-case name")
                .hasMessageContaining("bad.csv: line 4, column data: not valid JSON");
            assertThat(store.count()).isZero();
        }
    }

    @Test
    void shouldNameMissingColumns(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("short.csv");
        Files.writeString(csv, "exchange,channel,ts\nhyperliquid,trades,1\n");
        try (HistoryStore store = HistoryStore.inMemory()) {
            assertThatThrownBy(() -> HistoryImporter.importFile(store, csv, (d, t) -> { }))
                .isInstanceOf(HistoryImporter.ImportException.class)
                .hasMessageContaining("missing column(s) symbol, timestamp, data");
        }
    }

    @Test
    void shouldImportParquetWithTypedColumns(@TempDir Path dir) throws Exception {
        Path parquet = dir.resolve("books.parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement sql = duck.createStatement()) {
            sql.execute("COPY (SELECT 'lighter' AS exchange, 'lighter_orderbook' AS channel, 'ETH' AS symbol, "
                + "1700000000000 + i * 1000 AS timestamp, '{\"i\":' || i || '}' AS data FROM range(3) t(i)) TO '"
                + parquet + "' (FORMAT PARQUET)");
        }
        try (HistoryStore store = HistoryStore.inMemory()) {
            assertThat(HistoryImporter.importFile(store, parquet, (d, t) -> { })).isEqualTo(3);
            assertThat(store.latest("lighter", "lighter_orderbook", "ETH", Long.MAX_VALUE).data())
                .isEqualTo("{\"i\":2}");
        }
    }
}

package dev.sluice.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DuckDB history store: range scans in (timestamp, seq) order, paging, latest state, persistence. */
class HistoryStoreTest {

    @Test
    void shouldScanOneExchangeSymbolAndChannelsInTimestampOrderWithinTheRange() throws Exception {
        try (HistoryStore store = HistoryStore.inMemory()) {
            store.append(List.of(
                HistoryRecord.of("hyperliquid", "trades", "BTC", 300, "[3]"),
                HistoryRecord.of("hyperliquid", "orderbook", "BTC", 100, "{\"b\":1}"),
                HistoryRecord.of("lighter", "lighter_trades", "BTC", 150, "[0]"),
                HistoryRecord.of("hyperliquid", "trades", "ETH", 150, "[0]"),
                HistoryRecord.of("hyperliquid", "funding", "BTC", 200, "{}"),
                HistoryRecord.of("hyperliquid", "trades", "BTC", 200, "[2]"),
                HistoryRecord.of("hyperliquid", "trades", "BTC", 401, "[4]")));
            List<HistoryRecord> found = store.scan("hyperliquid", List.of("trades", "orderbook"), "BTC", 99,
                Long.MAX_VALUE, 400, 100);
            assertThat(found).extracting(HistoryRecord::data).containsExactly("{\"b\":1}", "[2]", "[3]");
            assertThat(found).extracting(HistoryRecord::timestampMs).containsExactly(100L, 200L, 300L);
        }
    }

    @Test
    void shouldPageThroughRecordsOfOneMillisecondInAppendOrder() throws Exception {
        try (HistoryStore store = HistoryStore.inMemory()) {
            List<HistoryRecord> same = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                same.add(HistoryRecord.of("hyperliquid", "trades", "BTC", 1_000, "[" + i + "]"));
            }
            store.append(same);
            List<String> seen = new ArrayList<>();
            long afterTs = 999;
            long afterSeq = Long.MAX_VALUE;
            for (List<HistoryRecord> page = store.scan("hyperliquid", List.of("trades"), "BTC", afterTs, afterSeq,
                2_000, 2); !page.isEmpty(); page = store.scan("hyperliquid", List.of("trades"), "BTC", afterTs,
                afterSeq, 2_000, 2)) {
                page.forEach(r -> seen.add(r.data()));
                afterTs = page.get(page.size() - 1).timestampMs();
                afterSeq = page.get(page.size() - 1).seq();
            }
            assertThat(seen).containsExactly("[0]", "[1]", "[2]", "[3]", "[4]");
        }
    }

    @Test
    void shouldFindTheLatestRecordAtOrBeforeATime() throws Exception {
        try (HistoryStore store = HistoryStore.inMemory()) {
            store.append(List.of(HistoryRecord.of("hyperliquid", "orderbook", "BTC", 100, "{\"a\":1}"),
                HistoryRecord.of("hyperliquid", "orderbook", "BTC", 200, "{\"a\":2}")));
            assertThat(store.latest("hyperliquid", "orderbook", "BTC", 199).data()).isEqualTo("{\"a\":1}");
            assertThat(store.latest("hyperliquid", "orderbook", "BTC", 200).data()).isEqualTo("{\"a\":2}");
            assertThat(store.latest("hyperliquid", "orderbook", "BTC", 99)).isNull();
        }
    }

    @Test
    void shouldFindNoLatestRecordOlderThanTheLowerBound() throws Exception {
        try (HistoryStore store = HistoryStore.inMemory()) {
            store.append(List.of(HistoryRecord.of("hyperliquid", "orderbook", "BTC", 100, "{\"a\":1}"),
                HistoryRecord.of("hyperliquid", "orderbook", "BTC", 200, "{\"a\":2}")));
            assertThat(store.latest("hyperliquid", "orderbook", "BTC", 100, 199).data()).as("at the bound")
                .isEqualTo("{\"a\":1}");
            assertThat(store.latest("hyperliquid", "orderbook", "BTC", 101, 199)).as("only older than the bound")
                .isNull();
            assertThat(store.latest("hyperliquid", "orderbook", "BTC", 101, 250).data()).isEqualTo("{\"a\":2}");
        }
    }

    @Test
    void shouldKeepRecordsAndContinueTheSequenceAfterReopeningTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("history.duckdb");
        try (HistoryStore store = HistoryStore.open(file)) {
            store.append(List.of(HistoryRecord.of("hyperliquid", "trades", "BTC", 5, "[1]")));
        }
        try (HistoryStore store = HistoryStore.open(file)) {
            store.append(List.of(HistoryRecord.of("hyperliquid", "trades", "BTC", 5, "[2]")));
            assertThat(store.count()).isEqualTo(2);
            assertThat(store.scan("hyperliquid", List.of("trades"), "BTC", 4, Long.MAX_VALUE, 10, 10))
                .extracting(HistoryRecord::data).containsExactly("[1]", "[2]");
        }
    }

    @Test
    void shouldReadEveryRecordOnceThroughTheCursorAcrossDenseDataAndLongHoles() throws Exception {
        try (HistoryStore store = HistoryStore.inMemory()) {
            List<HistoryRecord> records = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                records.add(HistoryRecord.of("hyperliquid", "trades", "BTC", 10_000 + i / 7, "[" + i + "]"));
            }
            long yearMs = 365L * 86_400_000L;
            for (int i = 3_000; i < 3_010; i++) {
                records.add(HistoryRecord.of("hyperliquid", "trades", "BTC", 10_000 + yearMs + i, "[" + i + "]"));
            }
            records.add(HistoryRecord.of("hyperliquid", "trades", "ETH", 10_500, "[-1]"));
            store.append(records);
            long toTs = 10_000 + 2 * yearMs;
            List<HistoryRecord> all = store.scan("hyperliquid", List.of("trades"), "BTC", 9_999, Long.MAX_VALUE, toTs,
                10_000);
            HistoryCursor cursor = store.cursor("hyperliquid", List.of("trades"), "BTC", 9_999, Long.MAX_VALUE, toTs);
            List<HistoryRecord> paged = new ArrayList<>();
            int pages = 0;
            while (!cursor.exhausted()) {
                List<HistoryRecord> page = cursor.next(250);
                assertThat(page.size() == 250 || cursor.exhausted()).as("a short page only at the end").isTrue();
                paged.addAll(page);
                pages++;
            }
            assertThat(all).hasSize(3_010);
            assertThat(paged).extracting(HistoryRecord::data).containsExactlyElementsOf(all.stream()
                .map(HistoryRecord::data).toList());
            assertThat(pages).isEqualTo(13);
            assertThat(cursor.reads()).as("windows follow the data: the year-long hole is crossed by doubling")
                .isLessThan(3 * pages + 64);
        }
    }

    @Test
    void shouldReturnDataExactlyAsStoredWhateverItsCharacters() throws Exception {
        try (HistoryStore store = HistoryStore.inMemory()) {
            String data = "{\"note\":\"\u00fc \u20ac \ud83d\ude80 \\\\x41 \\u0041\"}";
            store.append(List.of(HistoryRecord.of("hyperliquid", "trades", "BTC", 5, data)));
            assertThat(store.scan("hyperliquid", List.of("trades"), "BTC", 4, Long.MAX_VALUE, 10, 10))
                .extracting(HistoryRecord::data).containsExactly(data);
        }
    }
}

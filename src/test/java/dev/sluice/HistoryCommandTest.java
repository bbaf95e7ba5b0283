package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.history.HistoryRecord;
import dev.sluice.history.HistoryStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sluice history generate} and {@code sluice history import}, run in-process on a temporary store. */
class HistoryCommandTest {

    private static final String END = "2026-11-22T00:00:00Z";
    private static final long END_MS = 1_795_305_600_000L;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    private Path dir;

    @Test
    void shouldGenerateADayOfHyperliquidHistoryWithItsDailyGap() throws Exception {
        Path store = dir.resolve("history.duckdb");
        int status = run("history", "generate", "--exchange", "hyperliquid", "--days", "1", "--end", END,
            "--store", store.toString());
        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("wrote ").contains("of hyperliquid ([BTC, ETH, SOL])");
        assertThat(err.toString()).contains("generating hyperliquid [").contains("100%");
        try (HistoryStore history = HistoryStore.open(store)) {
            long noon = END_MS - 12 * 3_600_000L;
            List<HistoryRecord> around = history.scan("hyperliquid", List.of("orderbook"), "BTC", noon - 60_000,
                Long.MAX_VALUE, noon + 16 * 60_000, 1_000);
            assertThat(around).as("books every 10 s, none from 12:00 to 12:15").isNotEmpty()
                .allMatch(r -> r.timestampMs() < noon || r.timestampMs() >= noon + 15 * 60_000);
            assertThat(history.count()).isGreaterThan(250_000);
        }
    }

    @Test
    void shouldRefuseAnExchangeWithoutInstruments() {
        int status = run("history", "generate", "--exchange", "binance", "--store", dir.resolve("h.duckdb")
            .toString());
        assertThat(status).isEqualTo(Sluice.EXIT_CONFIG);
        assertThat(err.toString()).contains("--exchange binance: no such exchange");
    }

    @Test
    void shouldImportACsvAndNameTheBadLineAndColumn() throws Exception {
        Path store = dir.resolve("history.duckdb");
        Path good = dir.resolve("good.csv");
        Files.writeString(good, "exchange,channel,symbol,timestamp,data\nhyperliquid,trades,BTC,1700000000000,[]\n");
        assertThat(run("history", "import", good.toString(), "--store", store.toString())).isZero();
        assertThat(out.toString()).contains("imported 1 rows");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "exchange,channel,symbol,timestamp,data\nhyperliquid,trades,BTC,soon,[]\n");
        assertThat(run("history", "import", bad.toString(), "--store", store.toString()))
            .isEqualTo(Sluice.EXIT_CONFIG);
        assertThat(err.toString()).contains("bad.csv: line 2, column timestamp: 'soon'");
    }

    private int run(String... args) {
        CommandLine sluice = new CommandLine(new Sluice());
        sluice.setOut(new PrintWriter(out, true));
        sluice.setErr(new PrintWriter(err, true));
        return sluice.execute(args);
    }
}

package dev.sluice;

import dev.sluice.bus.SyntheticSpec;
import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.HistoryConfig;
import dev.sluice.config.Presets;
import dev.sluice.config.SluiceConfig;
import dev.sluice.dialect.oxarchive.OxHistoryGenerator;
import dev.sluice.history.HistoryImporter;
import dev.sluice.history.HistoryStore;
import dev.sluice.time.SystemClock;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice history generate|import}: fills the history store that 0xArchive replays read. The store is the
 * configuration's {@code history.path} (the {@code oxarchive} preset's unless {@code --config} or {@code --preset}
 * says otherwise), or {@code --store FILE}.
 */
@Command(name = "history", mixinStandardHelpOptions = true, description = "Fill the history store replays read.",
    subcommands = {HistoryCommand.Generate.class, HistoryCommand.Import.class})
final class HistoryCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("Usage: sluice history generate|import ... (see sluice history generate --help)");
    }

    /** Where the store is and which instruments exist: shared options of both subcommands. */
    abstract static class StoreOptions {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", description = "Configuration whose history.path to use.")
        Path config;

        @Option(names = "--preset", paramLabel = "NAME", defaultValue = "oxarchive",
            description = "Preset whose history.path to use (default: ${DEFAULT-VALUE}).")
        String preset;

        @Option(names = "--store", paramLabel = "FILE", description = "DuckDB file to write instead.")
        Path store;

        SluiceConfig configuration() throws ConfigException {
            return config != null ? ConfigLoader.load(config) : Presets.load(preset);
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        HistoryStore open(SluiceConfig configuration) throws SQLException {
            String path = store != null ? store.toString() : configuration.history().path();
            if (path.isEmpty() || HistoryConfig.MEMORY.equals(path)) {
                throw new SQLException("the configuration has no history.path file; give --store FILE");
            }
            return HistoryStore.open(Path.of(path));
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write realistic synthetic history for an exchange's instruments (demos and tests).")
    static final class Generate extends StoreOptions implements Callable<Integer> {
        @Option(names = "--exchange", required = true, paramLabel = "NAME",
            description = "Exchange whose feed instruments to simulate (hyperliquid, hip3, lighter).")
        String exchange;

        @Option(names = "--days", defaultValue = "3", paramLabel = "N", description = "Days back from --end.")
        int days;

        @Option(names = "--end", paramLabel = "ISO", description = "End of the history (default: now), e.g. "
            + "2026-11-22T00:00:00Z.")
        String end;

        @Override
        public Integer call() {
            try {
                SluiceConfig configuration = configuration();
                List<SyntheticSpec> specs = configuration.feed().instruments().stream()
                    .filter(s -> s.instrument().exchange().equals(exchange)).toList();
                if (specs.isEmpty() || days < 1) {
                    err().println(specs.isEmpty() ? "--exchange " + exchange + ": no such exchange in the "
                        + "configuration's feed.instruments" : "--days must be at least 1");
                    return Sluice.EXIT_CONFIG;
                }
                long endMs = end == null ? SystemClock.INSTANCE.epochMillis() : Instant.parse(end).toEpochMilli();
                long startMs = endMs - days * OxHistoryGenerator.DAY_MS;
                try (HistoryStore history = open(configuration)) {
                    long written = OxHistoryGenerator.generate(history, specs, configuration.feed().seed(), startMs,
                        endMs, at -> bar(err(), at - startMs, endMs - startMs, "generating " + exchange));
                    err().println();
                    out().printf("wrote %d records of %s (%s) from %s to %s%n", written, exchange,
                        specs.stream().map(s -> s.instrument().symbol()).toList(), Instant.ofEpochMilli(startMs),
                        Instant.ofEpochMilli(endMs));
                }
                return 0;
            } catch (ConfigException e) {
                err().println(e.getMessage());
                return Sluice.EXIT_CONFIG;
            } catch (SQLException | java.time.format.DateTimeParseException e) {
                err().println("history generate: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
        description = "Load a CSV (header line) or Parquet file with columns exchange, channel, symbol, timestamp "
            + "(epoch ms or ISO-8601) and data (JSON).")
    static final class Import extends StoreOptions implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The .csv or .parquet file.")
        Path file;

        @Override
        public Integer call() {
            try {
                SluiceConfig configuration = configuration();
                try (HistoryStore history = open(configuration)) {
                    long rows = HistoryImporter.importFile(history, file,
                        (done, total) -> bar(err(), done, total, "importing " + file.getFileName()));
                    err().println();
                    out().printf("imported %d rows from %s%n", rows, file);
                }
                return 0;
            } catch (ConfigException e) {
                err().println(e.getMessage());
                return Sluice.EXIT_CONFIG;
            } catch (HistoryImporter.ImportException e) {
                err().println(e.getMessage());
                return Sluice.EXIT_CONFIG;
            } catch (SQLException e) {
                err().println("history import: " + e.getMessage());
                return 1;
            }
        }
    }

    /** A one-line progress bar, redrawn in place. */
    static void bar(PrintWriter out, long done, long total, String what) {
        int width = 30;
        int filled = total <= 0 ? width : (int) Math.min(width, done * width / total);
        long percent = total <= 0 ? 100 : Math.min(100, done * 100 / total);
        out.print("\r" + what + " [" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + percent + "%");
        out.flush();
    }
}

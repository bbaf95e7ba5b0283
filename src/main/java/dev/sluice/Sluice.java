package dev.sluice;

import dev.sluice.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command line. */
@Command(name = "sluice", mixinStandardHelpOptions = true, versionProvider = Sluice.Version.class,
    description = "WebSocket market-data gateway that speaks vendor protocols and enforces their plan limits.",
    subcommands = {ServeCommand.class, CheckConfigCommand.class, PresetsCommand.class, FeedCommand.class,
        BenchCommand.class, HistoryCommand.class, CommandLine.HelpCommand.class})
public final class Sluice implements Runnable {

    /** Exit status for invalid configuration or arguments. */
    static final int EXIT_CONFIG = 2;

    /** Exit status of {@code serve} when a port is in use or Redis cannot be reached at start (fix and re-run). */
    static final int EXIT_START = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = new CommandLine(new Sluice()).execute(args);
        if (code != 0 || !ServeCommand.isServing()) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Sluice.class.getPackage().getImplementationVersion();
            return new String[] {"sluice " + (version == null ? "dev" : version)};
        }
    }
}

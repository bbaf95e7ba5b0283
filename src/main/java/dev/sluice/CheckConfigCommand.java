package dev.sluice;

import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.ServiceConfig;
import dev.sluice.config.SluiceConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sluice check-config FILE}: validates a configuration file without starting anything. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
    description = "Validate a configuration file. Exit 0 when valid, 2 with every problem listed when not.")
final class CheckConfigCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The YAML configuration to check.")
    private Path file;

    @Override
    public Integer call() {
        try {
            SluiceConfig config = ConfigLoader.load(file);
            System.out.println(file + ": valid");
            for (ServiceConfig service : config.services()) {
                System.out.printf("  service %s: dialect %s, port %d%n", service.name(), service.dialect(),
                    service.port());
            }
            System.out.printf("  feed: %s, %d instruments%n", config.feed().type(), config.feed().instruments().size());
            return 0;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.err.println(file + ": " + e.errors().size() + " problem(s)");
            return Sluice.EXIT_CONFIG;
        }
    }
}

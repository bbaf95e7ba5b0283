package dev.sluice;

import dev.sluice.config.ConfigException;
import dev.sluice.config.Presets;
import dev.sluice.config.ServiceConfig;
import dev.sluice.config.SluiceConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code sluice presets}: the bundled vendor presets. */
@Command(name = "presets", mixinStandardHelpOptions = true, description = "List the bundled vendor presets.")
final class PresetsCommand implements Callable<Integer> {

    @Override
    public Integer call() throws ConfigException {
        for (String name : Presets.NAMES) {
            SluiceConfig preset = Presets.load(name);
            StringBuilder ports = new StringBuilder();
            for (ServiceConfig service : preset.services()) {
                ports.append(ports.length() == 0 ? "" : ", ").append(service.dialect()).append(" on port ")
                    .append(service.port());
            }
            System.out.printf("%-10s %s (%s)%n", name, preset.description(), ports);
        }
        return 0;
    }
}

package dev.sluice;

import dev.sluice.auth.Accounts;
import dev.sluice.config.ConfigError;
import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.Presets;
import dev.sluice.config.ServiceConfig;
import dev.sluice.config.SluiceConfig;
import dev.sluice.dialect.Endpoint;
import dev.sluice.server.StartFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice serve}: with no options, every bundled preset on its own port (the demo); or one preset, or a
 * configuration file. Runs until interrupted (SIGINT or SIGTERM).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Start the gateway. With no options: every bundled preset, each on its own port.")
final class ServeCommand implements Callable<Integer> {

    private static volatile boolean serving;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
    private Path config;

    @Option(names = "--preset", paramLabel = "NAME", description = "Run one bundled preset (see `sluice presets`).")
    private String preset;

    @Option(names = "--host", paramLabel = "H", description = "Address to bind instead of the configured one.")
    private String host;

    @Option(names = "--port", paramLabel = "N",
        description = "Port to listen on; only for a configuration with a single service.")
    private Integer port;

    static boolean isServing() {
        return serving;
    }

    @Override
    public Integer call() throws InterruptedException {
        SluiceConfig resolved;
        try {
            resolved = resolve();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return Sluice.EXIT_CONFIG;
        }
        Gateway gateway = new Gateway(resolved, Gateway.Options.production());
        List<Gateway.BoundService> services;
        try {
            services = gateway.start();
        } catch (StartFailure e) {
            // The gateway has released what it had opened; the one line says what to fix.
            System.err.println(e.getMessage());
            return Sluice.EXIT_START;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "sluice-shutdown"));
        serving = true;
        printEndpoints(gateway, services, resolved, config == null);
        stopped.await();
        return 0;
    }

    private SluiceConfig resolve() throws ConfigException {
        if (config != null && preset != null) {
            throw usage("--config", config.toString(), "give either --config or --preset, not both");
        }
        SluiceConfig resolved = config != null ? ConfigLoader.load(config)
            : preset != null ? Presets.load(preset) : Presets.demo();
        if (host != null) {
            resolved = resolved.withServer(resolved.server().withHost(host));
        }
        if (port != null) {
            if (port < 0 || port > 65_535) {
                throw usage("--port", port.toString(), "must be from 0 to 65535");
            }
            if (resolved.services().size() != 1) {
                throw usage("--port", port.toString(), "applies to a configuration with one service; this one has "
                    + resolved.services().size() + " (use --preset NAME or give each service its port in the file)");
            }
            ServiceConfig only = resolved.services().get(0);
            resolved = resolved.withServices(List.of(only.withPort(port)));
        }
        return resolved;
    }

    private static ConfigException usage(String option, String value, String problem) {
        return new ConfigException(List.of(new ConfigError("command line", option, 0, 0, value, problem)));
    }

    /**
     * One line per endpoint with its URL and how to authenticate. Bundled presets ship demo credentials, which
     * are printed so they can be used; credentials from a user's file are secrets and only counted.
     */
    private static void printEndpoints(Gateway gateway, List<Gateway.BoundService> services, SluiceConfig config,
                                       boolean demo) {
        System.out.printf("Sluice is serving (%s transport). Ctrl-C to stop.%n", gateway.transportName());
        for (Gateway.BoundService service : services) {
            List<Accounts.Credential> accounts = config.accounts().stream()
                .filter(c -> c.account().service().equals(service.name())).toList();
            String credentials = accounts.isEmpty() ? "none (public market data)"
                : demo ? "demo tokens below" : accounts.size() + " accounts from the configuration";
            for (Endpoint endpoint : service.endpoints()) {
                System.out.printf("  %-8s %-48s credentials: %s%n", service.name(), service.url(endpoint),
                    credentials);
            }
            if (demo) {
                for (Accounts.Credential account : accounts) {
                    System.out.printf("  %-8s   plan %-22s %s%n", service.name(), account.account().plan(),
                        account.secret() != null ? "token " + account.secret()
                            : "identity " + account.account().identity());
                }
            }
            System.out.printf("  %-8s http://%s:%d/health  /metrics%n", service.name(), service.host(),
                service.port());
        }
        System.out.flush();
    }
}

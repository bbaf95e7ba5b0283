package dev.sluice;

import dev.sluice.bus.SyntheticFeed;
import dev.sluice.bus.SyntheticSpec;
import dev.sluice.config.ConfigError;
import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.NatsConfig;
import dev.sluice.config.Presets;
import dev.sluice.config.SluiceConfig;
import dev.sluice.nats.NatsFeedPublisher;
import dev.sluice.time.SystemClock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice feed}: runs the synthetic feed of a configuration in real time and publishes its events to NATS for
 * gateway nodes with {@code feed.type: nats}. Runs until interrupted, or for {@code --duration} seconds.
 */
@Command(name = "feed", mixinStandardHelpOptions = true,
    description = "Publish the synthetic feed to NATS for gateway nodes with feed.type: nats.")
final class FeedCommand implements Callable<Integer> {

    /** Exit status when NATS cannot be reached at start. */
    static final int EXIT_NO_NATS = 1;

    @Option(names = "--nats", paramLabel = "URL",
        description = "NATS server, nats://host:port (default: feed.nats.url of the configuration).")
    private String url;

    @Option(names = "--config", paramLabel = "FILE",
        description = "Configuration whose feed.instruments and feed.seed to simulate (the nodes' own file).")
    private Path config;

    @Option(names = "--preset", paramLabel = "NAME", description = "Simulate a bundled preset's instruments.")
    private String preset;

    @Option(names = "--duration", paramLabel = "SECONDS",
        description = "Stop after this many seconds; 0 (the default) runs until interrupted.")
    private long durationSeconds;

    @Override
    public Integer call() throws Exception {
        SluiceConfig resolved;
        NatsConfig nats;
        try {
            resolved = config != null ? ConfigLoader.load(config) : preset != null ? Presets.load(preset)
                : Presets.demo();
            nats = natsConfig(resolved);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return Sluice.EXIT_CONFIG;
        }
        List<SyntheticSpec> specs = resolved.feed().instruments();
        CountDownLatch stopped = new CountDownLatch(1);
        NatsFeedPublisher opened;
        try {
            opened = NatsFeedPublisher.open(nats, specs);
        } catch (IOException e) {
            System.err.println("sluice feed: cannot reach NATS at " + nats.url() + ": " + e.getMessage());
            return EXIT_NO_NATS;
        }
        try (NatsFeedPublisher publisher = opened) {
            SyntheticFeed feed = new SyntheticFeed(publisher.sink(), publisher.executor(), SystemClock.INSTANCE,
                resolved.feed().seed(), specs);
            publisher.executor().execute(feed::start);
            Thread hook = new Thread(stopped::countDown, "sluice-feed-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            System.out.printf("Sluice feed: %d instrument%s to %s, subjects %s.<exchange>.<channel>.<symbol>. %s%n",
                specs.size(), specs.size() == 1 ? "" : "s", nats.url(), nats.subjectPrefix(),
                durationSeconds > 0 ? "Stopping after " + durationSeconds + " s." : "Ctrl-C to stop.");
            System.out.flush();
            if (durationSeconds > 0) {
                stopped.await(durationSeconds, TimeUnit.SECONDS);
            } else {
                stopped.await();
            }
            publisher.executor().submit(feed::stop).syncUninterruptibly();
            System.out.printf("Sluice feed: stopped after %d events.%n", publisher.published());
        }
        return 0;
    }

    private NatsConfig natsConfig(SluiceConfig resolved) throws ConfigException {
        if (config != null && preset != null) {
            throw usage("--config", config.toString(), "give either --config or --preset, not both");
        }
        if (durationSeconds < 0) {
            throw usage("--duration", Long.toString(durationSeconds), "must be 0 (run until interrupted) or more");
        }
        NatsConfig configured = resolved.feed().nats();
        if (url == null) {
            if (configured == null) {
                throw usage("--nats", null, "is required unless the configuration has feed.nats.url");
            }
            return configured;
        }
        if (NatsConfig.urlProblem(url) != null) {
            throw usage("--nats", url, NatsConfig.urlProblem(url));
        }
        return configured == null ? NatsConfig.withUrl(url) : configured.withUrlOverride(url);
    }

    private static ConfigException usage(String option, String value, String problem) {
        return new ConfigException(List.of(new ConfigError("command line", option, 0, 0, value, problem)));
    }
}

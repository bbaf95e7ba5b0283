package dev.sluice.config;

import java.util.List;

/**
 * The whole configuration of one Sluice process, validated once at start-up by {@link ConfigLoader}.
 *
 * @param description what this configuration is (shown by {@code sluice presets})
 * @param server      network settings
 * @param feed        market-data source
 * @param services    the vendor APIs to host, each on its own port
 */
public record SluiceConfig(String description, ServerConfig server, FeedConfig feed, List<ServiceConfig> services) {

    public SluiceConfig {
        services = List.copyOf(services);
    }

    public SluiceConfig withServer(ServerConfig newServer) {
        return new SluiceConfig(description, newServer, feed, services);
    }

    public SluiceConfig withServices(List<ServiceConfig> newServices) {
        return new SluiceConfig(description, server, feed, newServices);
    }
}

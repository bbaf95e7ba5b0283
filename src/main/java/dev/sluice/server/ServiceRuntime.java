package dev.sluice.server;

import dev.sluice.auth.Accounts;
import dev.sluice.bus.Bus;
import dev.sluice.config.ServerConfig;
import dev.sluice.dialect.Dialect;
import dev.sluice.dialect.Endpoint;
import dev.sluice.limit.Admitter;
import dev.sluice.limit.LimitEngine;
import dev.sluice.metric.Metrics;
import dev.sluice.metric.ServiceMetrics;
import dev.sluice.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the pipeline of one service needs, shared by all its connections: the default {@code plan} of
 * anonymous clients, the service's {@code limits} engine, and the {@code admitter} that decides handshakes (the
 * engine itself, unless a test puts another in front).
 */
public record ServiceRuntime(String name, Dialect dialect, Map<String, Endpoint> endpoints, ServerConfig server,
                             Bus bus, String plan, LimitEngine limits, Admitter admitter, ServiceMetrics metrics,
                             Metrics registry, ConnIdSource connIds, Clock clock, Accounts accounts) {

    public ServiceRuntime {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dialect, "dialect");
        endpoints = Map.copyOf(endpoints);
    }

    /** Generates connection ids; one per process so ids are unique across services. */
    public interface ConnIdSource {
        String next();

        static ConnIdSource create(int seed) {
            return new ConnIds(seed)::next;
        }
    }

    public static Map<String, Endpoint> byPath(List<Endpoint> endpoints) {
        Map<String, Endpoint> map = new LinkedHashMap<>();
        for (Endpoint endpoint : endpoints) {
            map.put(endpoint.path(), endpoint);
        }
        return map;
    }
}

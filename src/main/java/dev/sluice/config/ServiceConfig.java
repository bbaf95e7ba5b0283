package dev.sluice.config;

import dev.sluice.dialect.Dialects;
import dev.sluice.dialect.Endpoint;
import dev.sluice.dialect.hyperliquid.HyperliquidSettings;
import dev.sluice.limit.Plan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One vendor API hosted by the gateway.
 *
 * @param name      unique name, used in logs and metrics
 * @param dialect   the wire protocol ({@link Dialects#NAMES})
 * @param port      TCP port; 0 picks a free one
 * @param exchange  which feed instruments it serves (defaults to the dialect's name)
 * @param endpoints WebSocket paths; empty means the dialect's defaults
 * @param plan      the plan whose limits apply to clients without an account ({@code unlimited} by default)
 * @param hyperliquid the {@code hyperliquid:} block (identities, info latency, error form); defaults otherwise
 */
public record ServiceConfig(String name, String dialect, int port, String exchange, List<Endpoint> endpoints,
                            String plan, HyperliquidSettings hyperliquid) {

    public ServiceConfig {
        endpoints = List.copyOf(endpoints);
        hyperliquid = hyperliquid == null ? HyperliquidSettings.DEFAULTS : hyperliquid;
    }

    public ServiceConfig(String name, String dialect, int port, String exchange, List<Endpoint> endpoints,
                         String plan) {
        this(name, dialect, port, exchange, endpoints, plan, HyperliquidSettings.DEFAULTS);
    }

    static ServiceConfig read(ConfigReader in) {
        String name = in.requiredString("name", "a unique service name");
        String dialect = in.choice("dialect", null, Dialects.NAMES);
        if (dialect == null && !in.has("dialect")) {
            in.invalid("dialect", "is required (one of " + String.join(", ", Dialects.NAMES) + ")");
        }
        int port = (int) in.integer("port", -1, 0, 65_535);
        if (port < 0 && !in.has("port")) {
            in.invalid("port", "is required (0 to 65535; 0 picks a free port)");
        }
        String exchange = in.string("exchange", dialect);
        String plan = in.string("plan", Plan.UNLIMITED);
        List<Endpoint> endpoints = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        for (ConfigReader item : in.list("endpoints")) {
            String path = item.requiredString("path", "a URL path starting with /");
            String group = item.string("group", "default");
            item.finish();
            if (path == null) {
                continue;
            }
            if (!path.startsWith("/")) {
                item.invalid("path", "must start with /");
            } else if (!paths.add(path)) {
                item.invalid("path", "is listed twice");
            } else {
                endpoints.add(new Endpoint(path, group));
            }
        }
        HyperliquidSettings hyperliquid = HyperliquidSettings.DEFAULTS;
        if (in.has(HyperliquidConfig.KEY)) {
            if (!"hyperliquid".equals(dialect)) {
                in.invalid(HyperliquidConfig.KEY, "is only for services of dialect hyperliquid");
            }
            hyperliquid = HyperliquidConfig.read(in.child(HyperliquidConfig.KEY));
        }
        in.finish();
        return name == null || dialect == null || port < 0 ? null
            : new ServiceConfig(name, dialect, port, exchange, endpoints, plan, hyperliquid);
    }

    /** The exchanges whose instruments it serves: {@code exchange} may list several, separated by commas. */
    public List<String> exchanges() {
        List<String> names = new ArrayList<>();
        for (String name : exchange.split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        return names;
    }

    public ServiceConfig withPort(int newPort) {
        return new ServiceConfig(name, dialect, newPort, exchange, endpoints, plan, hyperliquid);
    }
}

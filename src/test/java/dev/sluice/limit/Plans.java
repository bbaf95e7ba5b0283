package dev.sluice.limit;

import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.SluiceConfig;
import dev.sluice.dialect.Endpoint;
import dev.sluice.limit.memory.MemoryLimitState;
import dev.sluice.metric.Metrics;
import dev.sluice.time.ManualClock;

/**
 * Builds a limits engine from the YAML of one plan's limits, the way a user writes them, on a manual clock and
 * the in-memory state. Test helper.
 */
final class Plans {

    static final Endpoint STOCK = new Endpoint("/quote-stock-b-ws-api", "stock");
    static final Endpoint FOREX = new Endpoint("/quote-b-ws-api", "forex");

    private Plans() {
    }

    /** @param limitsYaml the items of {@code plans[0].limits}, indented by six spaces */
    static LimitEngine engine(ManualClock clock, String limitsYaml) {
        return engine(clock, limitsYaml, false);
    }

    static LimitEngine engine(ManualClock clock, String limitsYaml, boolean shadowAll) {
        return engine(clock, limitsYaml, shadowAll, new MemoryLimitState(), Runnable::run);
    }

    /** On another state (a remote one decides on {@code decisions}, which a test may run by hand). */
    static LimitEngine engine(ManualClock clock, String limitsYaml, boolean shadowAll, LimitState state,
                              java.util.concurrent.Executor decisions) {
        String yaml = "plans:\n  - name: plan\n    limits:\n" + limitsYaml
            + "services:\n  - name: svc\n    dialect: echo\n    port: 0\n    plan: plan\n";
        try {
            SluiceConfig config = ConfigLoader.parse("test plan", yaml);
            return new LimitEngine("svc", config.plans(), state, clock, Metrics.NOOP, shadowAll, decisions);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("plan YAML is invalid:\n" + e.getMessage() + "\n" + yaml, e);
        }
    }

    static Principal principal(String account, String identity, String ip) {
        return new Principal("svc", account, identity, account, ip, "plan");
    }
}

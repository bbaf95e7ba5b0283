package dev.sluice.limit;

import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.Presets;
import java.util.List;

/**
 * Test helper for the preset-plan tests: a bundled preset's plan, and the limits that docs/limits.md blocks become
 * when placed under a plan, to compare the two.
 */
final class PresetPlans {

    private PresetPlans() {
    }

    static Plan plan(String preset, String name) throws ConfigException {
        return Presets.load(preset).plans().stream().filter(plan -> plan.name().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("the " + preset + " preset has no plan " + name));
    }

    /** The limits of docs/limits.md yaml blocks (items at the left margin), as one plan's {@code limits:}. */
    static List<Limit> limits(String origin, String blocks) throws ConfigException {
        String yaml = "plans:\n  - name: plan\n    limits:\n" + blocks.replaceAll("(?m)^", "      ")
            + "services:\n  - name: svc\n    dialect: echo\n    port: 0\n    plan: plan\n";
        return ConfigLoader.parse(origin, yaml).plans().get(0).limits();
    }
}

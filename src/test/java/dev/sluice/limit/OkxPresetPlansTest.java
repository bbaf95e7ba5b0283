package dev.sluice.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.ConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The plans of the bundled {@code okx} preset are the docs/limits.md blocks of the okx rows, which
 * {@link VendorLimitsTest} runs against OKX's numbers: {@code vip0} with the books-l2-tbt tier limit, {@code vip4}
 * without it. The preset enforces what the limits page proves and cannot drift from it.
 */
class OkxPresetPlansTest {

    private static final LimitsDoc DOC = LimitsDoc.read(Path.of("docs/limits.md"));
    private static final String EVERY_TIER = DOC.yaml("okx-connect-rate") + DOC.yaml("okx-ops-per-hour")
        + DOC.yaml("okx-idle-close") + DOC.yaml("okx-channel-connections");

    @Test
    void shouldGiveVip0TheLimitsPageBlocksWithTheBooksL2TbtTier() throws ConfigException {
        assertThat(PresetPlans.plan("okx", "vip0").limits())
            .usingRecursiveFieldByFieldElementComparatorIgnoringFields("id")
            .containsExactlyElementsOf(PresetPlans.limits("docs/limits.md okx rows",
                EVERY_TIER + DOC.yaml("okx-books-l2-tbt-tier")));
    }

    @Test
    void shouldGiveVip4TheLimitsPageBlocksWithoutTheBooksL2TbtTier() throws ConfigException {
        assertThat(PresetPlans.plan("okx", "vip4").limits())
            .usingRecursiveFieldByFieldElementComparatorIgnoringFields("id")
            .containsExactlyElementsOf(PresetPlans.limits("docs/limits.md okx rows", EVERY_TIER));
    }
}

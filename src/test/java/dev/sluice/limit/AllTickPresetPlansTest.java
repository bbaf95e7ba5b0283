package dev.sluice.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The plans of the bundled {@code alltick} preset are the docs/limits.md blocks of the alltick rows, which
 * {@link VendorLimitsTest} runs against the vendor's numbers, with each plan's numbers put in: the preset
 * enforces what the limits page proves, and cannot drift from it.
 */
class AllTickPresetPlansTest {

    private static final LimitsDoc DOC = LimitsDoc.read(Path.of("docs/limits.md"));

    @ParameterizedTest(name = "{0}: {1} connections, {2} codes")
    @CsvSource({"alltick-free, 1, 5", "alltick-basic, 1, 100", "alltick-premium, 3, 200",
        "alltick-professional, 10, 3000", "alltick-all-hk-stocks, 10, 3000", "alltick-all-cn-stocks, 10, 3000"})
    void shouldEnforceTheLimitsPageBlocksWithEachPlansNumbers(String plan, int connections, int codes)
        throws ConfigException {
        List<Limit> expected = limits(DOC.yaml("alltick-connections-per-token").replace("max: 3", "max: " + connections)
            + DOC.yaml("alltick-one-request-per-second-per-connection")
            + DOC.yaml("alltick-three-seconds-across-connections")
            + DOC.yaml("alltick-codes-per-connection").replace("max: 200", "max: " + codes)
            + DOC.yaml("alltick-heartbeat"));

        List<Limit> actual = presetPlan(plan).limits().stream()
            .filter(limit -> !isMarketCoverage(limit)).toList();

        assertThat(actual).as(plan).usingRecursiveFieldByFieldElementComparatorIgnoringFields("id")
            .containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "alltick-free          | ''",
        "alltick-professional  | ''",
        "alltick-all-hk-stocks | us-stocks, cn-stocks, forex, metals, energy, crypto",
        "alltick-all-cn-stocks | us-stocks, hk-stocks, forex, metals, energy, crypto"})
    void shouldRefuseOtherMarketsWith603OnlyOnTheMarketPlans(String plan, String otherMarkets)
        throws ConfigException {
        List<Limit> coverage = presetPlan(plan).limits().stream().filter(AllTickPresetPlansTest::isMarketCoverage)
            .toList();

        if (otherMarkets.isEmpty()) {
            assertThat(coverage).as(plan).isEmpty();
            return;
        }
        assertThat(coverage).as(plan).singleElement().satisfies(limit -> {
            assertThat(limit.max()).isZero();
            assertThat(limit.scope()).isEqualTo(Scope.CONNECTION);
            assertThat(limit.selector().channels()).containsExactlyInAnyOrder(otherMarkets.split(", "));
            assertThat(limit.action().errorCode()).isEqualTo("603");
            assertThat(limit.action().message()).isEqualTo("token level not enough");
            assertThat(limit.action().closeAfter()).isFalse();
        });
        List<Limit> limits = presetPlan(plan).limits();
        assertThat(limits.indexOf(coverage.get(0))).as("before the codes-per-connection limit, so that a code of "
            + "another market is refused even beyond the cap").isLessThan(limits.indexOf(limits(LimitKind
            .SUBSCRIPTIONS, limits).get(1)));
    }

    private static List<Limit> limits(LimitKind kind, List<Limit> limits) {
        return limits.stream().filter(limit -> limit.kind() == kind).toList();
    }

    private static boolean isMarketCoverage(Limit limit) {
        return limit.kind() == LimitKind.SUBSCRIPTIONS && !limit.selector().channels().isEmpty();
    }

    private static Plan presetPlan(String name) throws ConfigException {
        return PresetPlans.plan("alltick", name);
    }

    private static List<Limit> limits(String blocks) throws ConfigException {
        return PresetPlans.limits("docs/limits.md alltick rows", blocks);
    }
}

package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sluice.GatewayFixture;
import dev.sluice.bus.SyntheticSpec;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code feed.generated}: numbered on-demand instruments after the listed ones, and one located error per rule. */
class GeneratedInstrumentsConfigTest {

    private static final String SOURCE = "t.yaml";
    private static final String SERVICES = "services:\n  - name: okx\n    dialect: okx\n    port: 0\n";

    @Test
    void shouldGenerateNumberedOnDemandInstrumentsAfterTheListedOnes() throws ConfigException {
        FeedConfig feed = ConfigLoader.parse(SOURCE, "feed:\n  instruments:\n" + GatewayFixture.OKX_BTC_USDT
            + generated("\"%06d.SZ\"", "42", "3") + SERVICES).feed();

        assertThat(feed.instruments()).extracting(spec -> spec.instrument().symbol())
            .containsExactly("BTC-USDT", "000042.SZ", "000043.SZ", "000044.SZ");
        assertThat(feed.instruments()).extracting(SyntheticSpec::onDemand).containsExactly(false, true, true, true);
        SyntheticSpec last = feed.instruments().get(3);
        assertThat(last.instrument().base()).isEqualTo("000044");
        assertThat(last.instrument().tickSize()).isEqualByComparingTo(new BigDecimal("0.01"));
        assertThat(last.depth()).isEqualTo(5);
    }

    @Test
    void shouldRefuseASymbolWithoutANumber() {
        ConfigError error = onlyError("feed:\n  instruments:\n" + GatewayFixture.OKX_BTC_USDT
            + generated("FIXED.SZ", "1", "2") + SERVICES);

        assertThat(error.path()).isEqualTo("feed.generated[0].symbol");
        assertThat(error.problem()).contains("%d");
    }

    @Test
    void shouldRefuseAGeneratedSymbolThatIsAlreadyListed() {
        ConfigError error = onlyError("feed:\n  instruments:\n" + GatewayFixture.OKX_BTC_USDT.replace("BTC-USDT",
            "000002.SZ") + generated("\"%06d.SZ\"", "1", "3") + SERVICES);

        assertThat(error.path()).isEqualTo("feed.generated[0].symbol");
        assertThat(error.problem()).contains("000002.SZ");
    }

    private static String generated(String symbol, String first, String count) {
        return """
              generated:
                - exchange: okx
                  symbol: %s
                  base: "%%06d"
                  first: %s
                  count: %s
                  quote: CNY
                  tickSize: 0.01
                  lotSize: 100
                  price: 12.5
                  depth: 5
            """.formatted(symbol, first, count);
    }

    private static ConfigError onlyError(String yaml) {
        try {
            ConfigLoader.parse(SOURCE, yaml);
            return fail("expected a ConfigException");
        } catch (ConfigException e) {
            List<ConfigError> errors = e.errors();
            assertThat(errors).as("errors:%n%s", e.getMessage()).hasSize(1);
            return errors.get(0);
        }
    }
}

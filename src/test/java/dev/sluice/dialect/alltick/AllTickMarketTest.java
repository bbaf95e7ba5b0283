package dev.sluice.dialect.alltick;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The market, endpoint group, depth maximum and volumes of a code, from the code alone. */
class AllTickMarketTest {

    @ParameterizedTest
    @CsvSource({
        "AAPL.US, US_STOCKS, stock, 1, true",
        "UNH.US, US_STOCKS, stock, 1, true",
        "700.HK, HK_STOCKS, stock, 10, true",
        "9988.HK, HK_STOCKS, stock, 10, true",
        "600519.SH, CN_STOCKS, stock, 5, true",
        "000001.SZ, CN_STOCKS, stock, 5, true",
        "EURUSD, FOREX, forex, 1, false",
        "GBPUSD, FOREX, forex, 1, false",
        "XAUUSD, METALS, forex, 1, false",
        "XAGUSD, METALS, forex, 1, false",
        "USOIL, ENERGY, forex, 1, false",
        "UKOIL, ENERGY, forex, 1, false",
        "BTCUSDT, CRYPTO, forex, 5, true",
        "ETHUSDT, CRYPTO, forex, 5, true",
        "HK-1288, FOREX, forex, 1, false",
    })
    void shouldDeriveTheMarketOfACodeFromItsPattern(String code, AllTickMarket market, String group, int maxDepth,
                                                   boolean volumes) {
        AllTickMarket derived = AllTickMarket.of(code);

        assertThat(derived).as(code).isEqualTo(market);
        assertThat(derived.group()).as(code + " endpoint group").isEqualTo(group);
        assertThat(derived.maxDepth()).as(code + " maximum depth").isEqualTo(maxDepth);
        assertThat(derived.volumes()).as(code + " publishes volume").isEqualTo(volumes);
    }
}

package dev.sluice.dialect.alltick;

import static dev.sluice.dialect.alltick.AllTickPreset.FOREX;
import static dev.sluice.dialect.alltick.AllTickPreset.STOCK;
import static dev.sluice.dialect.alltick.AllTickPreset.connect;
import static dev.sluice.dialect.alltick.AllTickPreset.pushesSoFar;
import static dev.sluice.dialect.alltick.AllTickProtocolTest.codes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.GatewayFixture;
import dev.sluice.bus.SyntheticSpec;
import dev.sluice.config.ConfigException;
import dev.sluice.config.Presets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped preset has codes enough for every plan's cap (5, 100, 200 and 3,000 per connection and interface):
 * its real codes and a generated universe per market, each generated code simulated only while someone subscribes.
 */
@Timeout(60)
class AllTickCodeUniverseTest {

    @ParameterizedTest(name = "{0} on {1}: {3} codes listed, cap {2}")
    @CsvSource({"free, US_STOCKS, 5, 5", "free, US_STOCKS, 5, 6", "basic, HK_STOCKS, 100, 100",
        "basic, HK_STOCKS, 100, 101", "premium, CN_STOCKS, 200, 200", "premium, CN_STOCKS, 200, 201",
        "professional, US_STOCKS, 3000, 3000", "professional, US_STOCKS, 3000, 3001",
        "professional, CRYPTO, 3000, 3000", "professional, CRYPTO, 3000, 3001",
        "all-hk-stocks, HK_STOCKS, 3000, 3000", "all-hk-stocks, HK_STOCKS, 3000, 3001",
        "all-cn-stocks, CN_STOCKS, 3000, 3000", "all-cn-stocks, CN_STOCKS, 3000, 3001"})
    void shouldServeEachPlansCapOfTheShippedCodesAndIgnoreTheOneOver(String plan, AllTickMarket market, int cap,
                                                                       int listed) throws ConfigException {
        List<SyntheticSpec> shipped = shipped(market);
        assertThat(shipped).as("%s codes in the shipped preset", market).hasSizeGreaterThanOrEqualTo(cap + 1);
        List<String> codes = shipped.subList(0, listed).stream().map(spec -> spec.instrument().symbol()).toList();
        List<String> served = codes.subList(0, Math.min(cap, listed));
        long generatedServed = shipped.subList(0, served.size()).stream().filter(SyntheticSpec::onDemand).count();
        String path = AllTickMarket.STOCK_GROUP.equals(market.group()) ? STOCK : FOREX;
        try (GatewayFixture fixture = AllTickPreset.start(); AllTickClient client = connect(fixture, path, plan)) {

            assertThat(client.subscribeDepth(1, codes.toArray(String[]::new))).contains("\"ret\":200");
            List<String> pushes = pushesSoFar(fixture, client);

            assertThat(codes(pushes, true)).as("%s: codes with an order book of %d listed", plan, listed)
                .containsExactlyInAnyOrderElementsOf(served);
            assertThat(fixture.gateway().feed().watchedInstruments()).as("generated codes simulated")
                .isEqualTo(generatedServed);
        }
    }

    @Test
    void shouldSimulateAGeneratedCodeOnlyWhileSomeoneSubscribesToIt() {
        try (GatewayFixture fixture = AllTickPreset.start();
             AllTickClient client = connect(fixture, STOCK, "free")) {
            assertThat(fixture.gateway().feed().watchedInstruments()).as("before any subscription").isZero();

            assertThat(client.subscribeDepth(5, "S0001.US", "1001.HK")).contains("\"ret\":200");
            fixture.advanceFeed(0);
            assertThat(fixture.gateway().feed().watchedInstruments()).as("while subscribed").isEqualTo(2);
            fixture.advanceFeed(20_000);
            assertThat(pushesSoFar(fixture, client).stream().filter(AllTickPreset::isDepth).count())
                .as("order books of S0001.US and 1001.HK: a snapshot each, then live pushes").isGreaterThan(10);
            int topicsWhileSubscribed = busTopics(fixture);

            assertThat(client.cancel(0)).contains("\"ret\":200");
            fixture.advanceFeed(0);
            assertThat(fixture.gateway().feed().watchedInstruments()).as("after the cancel").isZero();
            assertThat(busTopics(fixture)).as("topics the bus keeps (with their last books): all but the 2 x 4 of "
                + "S0001.US and 1001.HK (book, trades, ticker, candles)").isEqualTo(topicsWhileSubscribed - 8);
            fixture.advanceFeed(20_000);
            assertThat(pushesSoFar(fixture, client)).as("pushes after the cancel").isEmpty();
        }
    }

    private static int busTopics(GatewayFixture fixture) {
        try {
            return fixture.gateway().bus().executor().submit(() -> fixture.gateway().bus().topics()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The shipped preset's codes of one market, in the preset's order: its real codes, then generated ones. */
    private static List<SyntheticSpec> shipped(AllTickMarket market) throws ConfigException {
        return Presets.load("alltick").feed().instruments().stream()
            .filter(spec -> AllTickMarket.of(spec.instrument().symbol()) == market).toList();
    }
}

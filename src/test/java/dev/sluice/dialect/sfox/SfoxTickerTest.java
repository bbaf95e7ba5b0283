package dev.sluice.dialect.sfox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Ticker;
import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/** sFOX's ticker: "every 3 seconds", and a vwap that is the volume-weighted price of the trades it counts. */
class SfoxTickerTest {

    private static final Instrument BTCUSD = new Instrument("sfox", "btcusd", "BTC", "USD", new BigDecimal("0.01"),
        new BigDecimal("0.00000001"), new BigDecimal("0.001"));

    @Test
    void shouldSendOneTickerEveryThreeSecondsOfTheFeedsClock() {
        try (GatewayFixture fixture = SfoxPreset.start();
             SfoxClient client = SfoxPreset.authenticated(fixture)) {
            client.send("{\"type\":\"subscribe\",\"feeds\":[\"ticker.sfox.btcusd\"]}");
            client.nextReply();
            assertThat(offsetMs(client.nextJson())).as("the snapshot, at once").isZero();
            // The preset's btcusd trades 8 times a second and books 10 times: the feed has a ticker every 100 ms.
            fixture.advanceFeed(30_000);
            for (int mark = 1; mark <= 9; mark++) {
                long offset = offsetMs(client.nextJson());
                assertThat(offset).as("ticker %d (ms after the start)", mark)
                    .isBetween(mark * SfoxTicker.INTERVAL_MS, mark * SfoxTicker.INTERVAL_MS + 500);
            }
        }
    }

    @Test
    void shouldWeightTheTickersVwapByTheVolumeOfEveryTradeSoFar() {
        try (GatewayFixture fixture = SfoxPreset.start();
             SfoxClient client = SfoxPreset.authenticated(fixture)) {
            client.send("{\"type\":\"subscribe\",\"feeds\":[\"trades.sfox.btcusd\",\"ticker.sfox.btcusd\"]}");
            client.nextReply();
            client.nextJson();
            fixture.advanceFeed(10_000);
            BigDecimal quote = BigDecimal.ZERO;
            BigDecimal base = BigDecimal.ZERO;
            int tickers = 0;
            while (tickers < 3) {
                JsonNode message = client.nextJson();
                JsonNode payload = message.get("payload");
                if (message.get("recipient").asText().startsWith("trades")) {
                    BigDecimal size = new BigDecimal(payload.get("quantity").asText());
                    quote = quote.add(new BigDecimal(payload.get("price").asText()).multiply(size));
                    base = base.add(size);
                    continue;
                }
                tickers++;
                BigDecimal expected = base.signum() == 0 ? new BigDecimal(payload.get("last").asText())
                    : quote.divide(base, MathContext.DECIMAL64);
                assertThat(new BigDecimal(payload.get("volume").asText())).isEqualByComparingTo(base);
                // The feed rounds each trade's quote amount to the cent: well under a cent on the average.
                assertThat(new BigDecimal(payload.get("vwap").asText()))
                    .as("vwap of %s BTC traded for %s USD", base, quote)
                    .isCloseTo(expected, within(new BigDecimal("0.01")));
            }
        }
    }

    @Test
    void shouldComputeVwapFromHandCountedTrades() {
        // 0.5 BTC at 65000.00 and 1.5 BTC at 65010.00: (32500 + 97515) / 2 = 65007.5.
        Ticker ticker = new Ticker(null, BTCUSD, 6_501_000, 150_000_000, 0, 0, 0, 0, 6_500_000, 6_501_000,
            6_500_000, 200_000_000, 13_001_500, 0, 0, 0);
        assertThat(new SfoxTicker("ticker.sfox.btcusd", BTCUSD).vwap(ticker)).isEqualTo("65007.5");
    }

    /** Milliseconds from the fixture's start to the ticker's event time. */
    private static long offsetMs(JsonNode ticker) {
        return ticker.get("timestamp").asLong() / 1_000_000L - GatewayFixture.START_EPOCH_MS;
    }
}

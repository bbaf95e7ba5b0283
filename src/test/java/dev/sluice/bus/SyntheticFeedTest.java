package dev.sluice.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The synthetic market: deterministic for a seed, consistent (never crossed), trades at the touch. */
class SyntheticFeedTest {

    private static final Instrument ETH = new Instrument("okx", "ETH-USDT", "ETH", "USDT", new BigDecimal("0.01"),
        new BigDecimal("0.000001"), new BigDecimal("0.0001"));
    private static final SyntheticSpec SPEC = new SyntheticSpec(ETH, 320_000, 50, 20, 30, 5_000_000, 3);
    private static final long START_NS = 1_700_000_000_000_000_000L;

    @Test
    void shouldProduceTheSameEventsForTheSameSeedWhateverThePollingCadence() {
        List<String> coarse = run(42, 1_000);
        List<String> fine = run(42, 7);

        assertThat(coarse).hasSizeGreaterThan(1_000);
        assertThat(fine).isEqualTo(coarse);
    }

    @Test
    void shouldProduceADifferentMarketForADifferentSeed() {
        assertThat(run(43, 1_000)).isNotEqualTo(run(42, 1_000));
    }

    @Test
    void shouldKeepTheBookUncrossedAndTradeAtTheTouch() {
        SyntheticInstrument instrument = new SyntheticInstrument(SPEC, 42, START_NS);
        List<Event> events = new ArrayList<>();
        instrument.prime(events::add);
        for (int second = 1; second <= 120; second++) {
            instrument.advanceTo(START_NS + second * 1_000_000_000L, event -> {
                events.add(event);
                OrderBook book = instrument.book();
                assertThat(book.bestBid().price()).isLessThan(book.bestAsk().price());
            });
        }
        long trades = events.stream().filter(Trade.class::isInstance).count();
        long tickers = events.stream().filter(Ticker.class::isInstance).count();
        long candles = events.stream().filter(e -> e instanceof Candle c && c.confirmed()).count();
        assertThat(trades).isBetween(1_800L, 3_000L);
        assertThat(tickers).isPositive();
        assertThat(candles).as("confirmed one-minute candles in two minutes").isEqualTo(2);
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).tsMillis()).as("event time order").isGreaterThanOrEqualTo(
                events.get(i - 1).tsMillis());
        }
    }

    @Test
    void shouldKeepFullDepthAndFinishWhenOnlyTradesHappen() {
        SyntheticSpec tradesOnly = new SyntheticSpec(ETH, 320_000, 20, 5_000, 0, 5_000_000, 3);
        SyntheticInstrument instrument = new SyntheticInstrument(tradesOnly, 42, START_NS);
        List<Event> events = new ArrayList<>();

        instrument.advanceTo(START_NS + 10_000_000_000L, events::add);

        assertThat(events.stream().filter(Trade.class::isInstance).count()).isGreaterThan(40_000L);
        assertThat(instrument.book().bids()).hasSize(20);
        assertThat(instrument.book().asks()).hasSize(20);
    }

    private static List<String> run(long seed, long stepMillis) {
        SyntheticInstrument instrument = new SyntheticInstrument(SPEC, seed, START_NS);
        List<String> seen = new ArrayList<>();
        instrument.prime(event -> seen.add(describe(event)));
        for (long t = 0; t < 60_000; t += stepMillis) {
            instrument.advanceTo(START_NS + t * 1_000_000L, event -> seen.add(describe(event)));
        }
        instrument.advanceTo(START_NS + 60_000_000_000L, event -> seen.add(describe(event)));
        return seen;
    }

    /** Events without the live book reference, so runs can be compared. */
    private static String describe(Event event) {
        if (event instanceof BookChange change) {
            return "book " + change.seqId() + "/" + change.prevSeqId() + "@" + change.tsMillis() + " "
                + change.bids() + change.asks();
        }
        return event.toString();
    }
}

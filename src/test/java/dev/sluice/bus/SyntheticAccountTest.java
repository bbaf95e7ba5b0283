package dev.sluice.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One simulated account: orders go through a consistent life, and balances add up to the fills and fees. */
class SyntheticAccountTest {

    private static final Instrument ETH = new Instrument("okx", "ETH-USDT", "ETH", "USDT", new BigDecimal("0.01"),
        new BigDecimal("0.000001"), new BigDecimal("0.0001"));
    private static final Instrument BTC = new Instrument("okx", "BTC-USDT", "BTC", "USDT", new BigDecimal("0.1"),
        new BigDecimal("0.00000001"), new BigDecimal("0.00001"));
    private static final long START_NS = 1_700_000_000_000_000_000L;
    private static final long SECOND_NS = 1_000_000_000L;

    @Test
    void shouldTakeEveryOrderFromLiveThroughAPartialFillToFilledOrCanceled() {
        List<Event> events = run(120);
        Map<Long, List<OrderState>> lives = new HashMap<>();
        for (Event event : events) {
            if (event instanceof OrderUpdate update) {
                lives.computeIfAbsent(update.order().orderId(), id -> new ArrayList<>()).add(update.order().state());
                assertThat(update.open()).allMatch(order -> order.state().open());
                assertThat(update.open().contains(update.order())).isEqualTo(update.order().state().open());
                assertThat(update.topic()).isEqualTo(Topic.ofUser("okx", Topic.ORDERS, "alice"));
            }
        }
        assertThat(lives).hasSizeBetween(22, 24);
        lives.values().stream().filter(states -> states.size() == 3).forEach(states -> {
            assertThat(states.subList(0, 2)).containsExactly(OrderState.LIVE, OrderState.PARTIALLY_FILLED);
            assertThat(states.get(2)).isIn(OrderState.FILLED, OrderState.CANCELED);
        });
        assertThat(lives.values().stream().filter(states -> states.contains(OrderState.CANCELED)).count())
            .isPositive();
        assertThat(lives.values().stream().filter(states -> states.contains(OrderState.FILLED)).count())
            .isPositive();
    }

    @Test
    void shouldMoveBalancesByExactlyTheFillsAndFees() {
        List<Event> events = run(300);
        BigDecimal eth = new BigDecimal("10");
        BigDecimal usdt = new BigDecimal("100000");
        BalanceUpdate last = null;
        for (Event event : events) {
            if (event instanceof OrderUpdate update && update.fill() != null) {
                Order order = update.order();
                BigDecimal size = BigDecimal.valueOf(update.fill().size(), order.instrument().sizeScale());
                BigDecimal notional = BigDecimal.valueOf(update.fill().price(), order.instrument().priceScale())
                    .multiply(size);
                int sign = order.side() == Side.BUY ? 1 : -1;
                if (order.instrument().base().equals("ETH")) {
                    eth = eth.add(size.multiply(BigDecimal.valueOf(sign)));
                }
                usdt = usdt.subtract(notional.multiply(BigDecimal.valueOf(sign)))
                    .subtract(new BigDecimal(update.fill().fee()));
            } else if (event instanceof BalanceUpdate update) {
                last = update;
                assertThat(update.instrument()).isNull();
                assertThat(update.balances()).allMatch(b -> b.held().signum() >= 0);
            }
        }
        assertThat(balance(last, "ETH").total()).isEqualByComparingTo(eth);
        assertThat(balance(last, "USDT").total()).isEqualByComparingTo(usdt);
    }

    @Test
    void shouldProduceTheSameOrdersAtTheSameTimesForTheSameSeedAndClock() {
        List<String> first = render(run(60));
        assertThat(first).hasSizeGreaterThan(40);
        assertThat(render(run(60))).isEqualTo(first);
        // Polled four times as often, every change still happens at its scheduled event time.
        assertThat(runEvery(60, 250_000_000L)).extracting(Event::tsMillis)
            .isEqualTo(run(60).stream().map(Event::tsMillis).toList());
    }

    private static List<Event> run(int seconds) {
        return runEvery(seconds, SECOND_NS);
    }

    private static List<Event> runEvery(int seconds, long stepNs) {
        SyntheticInstrument eth = new SyntheticInstrument(new SyntheticSpec(ETH, 320_000, 20, 5, 5, 5_000_000, 3),
            42, START_NS);
        SyntheticInstrument btc = new SyntheticInstrument(
            new SyntheticSpec(BTC, 650_000, 20, 5, 5, 50_000_000, 3), 42, START_NS);
        SyntheticAccount account = new SyntheticAccount("okx", "alice", List.of(eth, btc), 42, START_NS, 0, 1);
        List<Event> events = new ArrayList<>();
        account.prime(events::add);
        for (long t = START_NS + stepNs; t <= START_NS + seconds * SECOND_NS; t += stepNs) {
            // The market moves first (the account prices its orders off the books); only the account's events
            // are collected.
            eth.advanceTo(t, e -> { });
            btc.advanceTo(t, e -> { });
            account.advanceTo(t, events::add);
        }
        return events;
    }

    private static List<String> render(List<Event> events) {
        return events.stream().map(Object::toString).toList();
    }

    private static Balance balance(BalanceUpdate update, String currency) {
        return update.balances().stream().filter(b -> b.currency().equals(currency)).findFirst().orElseThrow();
    }
}

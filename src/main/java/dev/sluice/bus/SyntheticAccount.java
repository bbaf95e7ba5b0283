package dev.sluice.bus;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One account's simulated trading on an exchange: every {@link #ORDER_INTERVAL_NS} it places a limit order a few
 * ticks behind the touch of the next instrument, which is partly filled {@link #STEP_NS} later and then either
 * filled or (every third order) cancelled another step later. Every change publishes an {@link OrderUpdate} and
 * the account's {@link BalanceUpdate} (totals move on fills and fees, availability on what open orders hold).
 *
 * <p>Order ids are unique across the feed's accounts, as an exchange's are: the feed's accounts take turns in one
 * id sequence (account {@code index} of {@code accounts} gets every {@code accounts}-th id), so two accounts never
 * share an id, and an account's ids still increase. They depend only on the configuration, never on timing, so
 * nodes built from the same configuration give an order the same id.
 *
 * <p>The schedule is in event time from the feed's start, so a clock advanced by a test yields the same orders at
 * the same timestamps. Prices are a few ticks behind the touch of the instrument's simulated book as of the poll
 * that places the order (a coarse poll may see the book a little later than the order's own time). Not
 * thread-safe: driven by the bus thread.
 */
final class SyntheticAccount {

    static final long ORDER_INTERVAL_NS = 5_000_000_000L;
    static final long STEP_NS = 2_000_000_000L;
    static final BigDecimal START_QUOTE = new BigDecimal("100000");
    static final BigDecimal START_BASE = BigDecimal.TEN;
    /** The id before the first order's of the first account. */
    static final long FIRST_ORDER_ID = 1_000_000L;
    private static final BigDecimal FEE_RATE = new BigDecimal("0.001");
    private static final int FEE_SCALE = 8;

    private final String exchange;
    private final String user;
    private final List<SyntheticInstrument> instruments;
    private final SplittableRandom random;
    private final Topic ordersTopic;
    private final Topic balancesTopic;
    private final long startNs;
    /** This account's place among the feed's accounts, and their number: its share of the order ids. */
    private final int index;
    private final int accounts;
    /** Per currency: {total, held}. */
    private final Map<String, BigDecimal[]> wallets = new LinkedHashMap<>();
    private final List<Order> open = new ArrayList<>();
    private final List<Long> dueNs = new ArrayList<>();
    private long nextOrderNs;
    private long placed;
    private long tradeId;

    /**
     * @param index    this account's place among the feed's accounts, from 0
     * @param accounts how many accounts the feed simulates
     */
    SyntheticAccount(String exchange, String user, List<SyntheticInstrument> instruments, long seed, long startNs,
                     int index, int accounts) {
        if (instruments.isEmpty()) {
            throw new IllegalArgumentException("account " + user + " on " + exchange + ": no instruments to trade");
        }
        if (index < 0 || index >= accounts) {
            throw new IllegalArgumentException("account " + user + " on " + exchange + ": index " + index
                + " not among " + accounts + " accounts");
        }
        this.exchange = exchange;
        this.user = user;
        this.instruments = List.copyOf(instruments);
        this.random = new SplittableRandom(seed ^ user.hashCode() * 0xC2B2AE3D27D4EB4FL);
        this.ordersTopic = Topic.ofUser(exchange, Topic.ORDERS, user);
        this.balancesTopic = Topic.ofUser(exchange, Topic.BALANCES, user);
        this.startNs = startNs;
        this.index = index;
        this.accounts = accounts;
        this.nextOrderNs = startNs + ORDER_INTERVAL_NS;
        this.tradeId = 500_000_000L + random.nextLong(100_000_000L);
        for (SyntheticInstrument instrument : instruments) {
            wallets.putIfAbsent(instrument.instrument().quote(), new BigDecimal[] {START_QUOTE, BigDecimal.ZERO});
            wallets.putIfAbsent(instrument.instrument().base(), new BigDecimal[] {START_BASE, BigDecimal.ZERO});
        }
    }

    String exchange() {
        return exchange;
    }

    String user() {
        return user;
    }

    /** Publishes the starting balances. */
    void prime(Consumer<Event> sink) {
        sink.accept(balances(millis(startNs)));
    }

    /** Generates, in event-time order, every change due at or before {@code nowNs}. */
    void advanceTo(long nowNs, Consumer<Event> sink) {
        while (true) {
            int next = nextStep();
            long due = next < 0 ? nextOrderNs : Math.min(nextOrderNs, dueNs.get(next));
            if (due > nowNs) {
                return;
            }
            if (next >= 0 && dueNs.get(next) <= nextOrderNs) {
                step(next, due, sink);
            } else {
                place(due, sink);
                nextOrderNs += ORDER_INTERVAL_NS;
            }
        }
    }

    private int nextStep() {
        int best = -1;
        for (int i = 0; i < dueNs.size(); i++) {
            if (best < 0 || dueNs.get(i) < dueNs.get(best)) {
                best = i;
            }
        }
        return best;
    }

    private void place(long nowNs, Consumer<Event> sink) {
        SyntheticInstrument simulated = instruments.get((int) (placed % instruments.size()));
        Instrument instrument = simulated.instrument();
        Side side = placed % 2 == 0 ? Side.BUY : Side.SELL;
        long tick = instrument.tickUnits();
        Level touch = side == Side.BUY ? simulated.book().bestBid() : simulated.book().bestAsk();
        long away = tick * (2 + random.nextInt(4));
        long price = touch == null ? tick * 1000 : side == Side.BUY ? Math.max(tick, touch.price() - away)
            : touch.price() + away;
        long minLots = Math.max(1, instrument.minSize().movePointRight(instrument.sizeScale()).longValue()
            / instrument.lotUnits());
        long size = instrument.lotUnits() * minLots * (2 + random.nextInt(8));
        long ms = millis(nowNs);
        placed++;
        Order order = new Order(orderId(placed), "sluice" + placed, instrument, side, price, size, 0, 0,
            OrderState.LIVE, ms, ms);
        open.add(order);
        dueNs.add(nowNs + STEP_NS);
        hold(order, order.remaining());
        publish(order, null, ms, sink);
    }

    private void step(int index, long nowNs, Consumer<Event> sink) {
        Order order = open.get(index);
        long ms = millis(nowNs);
        boolean first = order.filled() == 0;
        // Every third order from the second (the 2nd, 5th, 8th, ...) is cancelled after its partial fill.
        boolean cancel = !first && placedNumber(order) % 3 == 2;
        Order next;
        Fill fill = null;
        if (cancel) {
            next = with(order, order.filled(), order.avgPrice(), OrderState.CANCELED, ms);
        } else {
            long lots = order.size() / order.instrument().lotUnits();
            long fillSize = first ? Math.max(1, lots / 2) * order.instrument().lotUnits() : order.remaining();
            long filled = order.filled() + fillSize;
            long avg = (order.avgPrice() * order.filled() + order.price() * fillSize) / filled;
            next = with(order, filled, avg, filled == order.size() ? OrderState.FILLED : OrderState.PARTIALLY_FILLED,
                ms);
            fill = new Fill(++tradeId, order.price(), fillSize, settle(order, fillSize).toPlainString(), true);
        }
        hold(order, next.remaining() - order.remaining());
        if (next.state().open()) {
            open.set(index, next);
            dueNs.set(index, nowNs + STEP_NS);
        } else {
            open.remove(index);
            dueNs.remove(index);
        }
        publish(next, fill, ms, sink);
    }

    /** The id of this account's {@code n}-th order (from 1): this account's turn in the feed's id sequence. */
    private long orderId(long n) {
        return FIRST_ORDER_ID + (n - 1) * accounts + index + 1;
    }

    /** Which of this account's orders (from 1) {@code order} is. */
    private long placedNumber(Order order) {
        return (order.orderId() - FIRST_ORDER_ID - index - 1) / accounts + 1;
    }

    private static Order with(Order order, long filled, long avgPrice, OrderState state, long ms) {
        return new Order(order.orderId(), order.clientOrderId(), order.instrument(), order.side(), order.price(),
            order.size(), filled, avgPrice, state, order.createdMillis(), ms);
    }

    /** Moves a fill's base and quote between the wallets and charges the fee in quote; returns the fee. */
    private BigDecimal settle(Order order, long fillSize) {
        Instrument instrument = order.instrument();
        BigDecimal size = BigDecimal.valueOf(fillSize, instrument.sizeScale());
        BigDecimal notional = BigDecimal.valueOf(order.price(), instrument.priceScale()).multiply(size);
        BigDecimal fee = notional.multiply(FEE_RATE).setScale(FEE_SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
        int sign = order.side() == Side.BUY ? 1 : -1;
        add(instrument.base(), 0, size.multiply(BigDecimal.valueOf(sign)));
        add(instrument.quote(), 0, notional.multiply(BigDecimal.valueOf(-sign)).subtract(fee));
        return fee;
    }

    /** Changes what an order holds by {@code deltaSize} (positive when placed, negative as it fills or ends). */
    private void hold(Order order, long deltaSize) {
        Instrument instrument = order.instrument();
        BigDecimal size = BigDecimal.valueOf(deltaSize, instrument.sizeScale());
        if (order.side() == Side.BUY) {
            add(instrument.quote(), 1, BigDecimal.valueOf(order.price(), instrument.priceScale()).multiply(size));
        } else {
            add(instrument.base(), 1, size);
        }
    }

    private void add(String currency, int slot, BigDecimal delta) {
        BigDecimal[] wallet = wallets.get(currency);
        wallet[slot] = wallet[slot].add(delta);
    }

    private void publish(Order order, Fill fill, long ms, Consumer<Event> sink) {
        sink.accept(new OrderUpdate(ordersTopic, order, fill, open, ms));
        sink.accept(balances(ms));
    }

    private BalanceUpdate balances(long ms) {
        List<Balance> balances = new ArrayList<>(wallets.size());
        wallets.forEach((currency, wallet) -> balances.add(new Balance(currency, wallet[0].stripTrailingZeros(),
            wallet[0].subtract(wallet[1]).stripTrailingZeros())));
        return new BalanceUpdate(balancesTopic, balances, ms);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000L;
    }
}

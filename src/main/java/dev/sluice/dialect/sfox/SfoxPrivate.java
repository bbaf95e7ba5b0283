package dev.sluice.dialect.sfox;

import dev.sluice.bus.Balance;
import dev.sluice.bus.BalanceUpdate;
import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Order;
import dev.sluice.bus.OrderUpdate;
import dev.sluice.bus.Side;
import dev.sluice.bus.SlowPolicy;
import dev.sluice.dialect.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * The private feeds of one authenticated account, in the shapes sFOX clients parse:
 * <ul>
 * <li>{@code private.user.open-orders}: one message per order change, payload {@code {id, client_order_id,
 * status, filled, filled_amount, vwap, price, quantity, pair, action, type, algorithm_id, fees}} (sizes and
 * prices as decimal strings); never dropped (queued for a slow connection) and without a snapshot, as sFOX sends
 * only changes;</li>
 * <li>{@code private.user.balances}: the account's full balance list, payload {@code [{currency, balance,
 * available, held, trading_wallet, collateral_wallet, borrow_wallet, lending_wallet}]}; conflated to the latest,
 * and sent at once on subscribe.</li>
 * </ul>
 * Low-rate streams: they build their JSON with a StringBuilder rather than the market feeds' pre-encoded bytes.
 */
final class SfoxPrivate extends SfoxEncoder {

    static final String OPEN_ORDERS = "private.user.open-orders";
    static final String BALANCES = "private.user.balances";
    /** sFOX's algorithm id of a plain limit order. */
    static final int LIMIT_ALGORITHM = 200;

    private final boolean orders;

    SfoxPrivate(String feed, String account) {
        super(feed, "sfox:" + feed + "@" + account, null);
        this.orders = OPEN_ORDERS.equals(feed);
    }

    @Override
    public SlowPolicy slowPolicy() {
        return orders ? SlowPolicy.QUEUE : SlowPolicy.CONFLATE;
    }

    @Override
    public ByteBuf encode(Event event, ByteBufAllocator alloc) {
        String payload;
        if (orders && event instanceof OrderUpdate update) {
            payload = order(update);
        } else if (!orders && event instanceof BalanceUpdate update) {
            payload = balances(update);
        } else {
            return null;
        }
        ByteBuf buf = start(alloc, payload.length() + 1, event.tsMillis());
        buf.writeBytes(JsonBytes.ascii(payload));
        buf.writeByte('}');
        return buf;
    }

    @Override
    public ByteBuf snapshot(Event latest, ByteBufAllocator alloc) {
        return orders || latest == null ? null : encode(latest, alloc);
    }

    static String order(OrderUpdate update) {
        Order order = update.order();
        Instrument instrument = order.instrument();
        int ps = instrument.priceScale();
        int ss = instrument.sizeScale();
        BigDecimal filled = BigDecimal.valueOf(order.filled(), ss);
        BigDecimal vwap = BigDecimal.valueOf(order.avgPrice(), ps);
        StringBuilder json = new StringBuilder(320)
            .append("{\"id\":").append(order.orderId())
            .append(",\"client_order_id\":\"").append(order.clientOrderId())
            .append("\",\"status\":\"").append(status(order))
            .append("\",\"filled\":\"").append(plain(filled))
            .append("\",\"filled_amount\":\"").append(plain(filled.multiply(vwap, MathContext.DECIMAL64)))
            .append("\",\"vwap\":\"").append(plain(vwap))
            .append("\",\"price\":\"").append(plain(BigDecimal.valueOf(order.price(), ps)))
            .append("\",\"quantity\":\"").append(plain(BigDecimal.valueOf(order.size(), ss)))
            .append("\",\"pair\":\"").append(instrument.symbol())
            .append("\",\"action\":\"").append(order.side() == Side.BUY ? "Buy" : "Sell")
            .append("\",\"type\":\"Limit\",\"algorithm_id\":").append(LIMIT_ALGORITHM)
            .append(",\"fees\":\"").append(update.fill() == null ? "0" : update.fill().fee())
            .append("\"}");
        return json.toString();
    }

    /** sFOX order statuses: a resting order, filled or not, is {@code Started}. */
    static String status(Order order) {
        switch (order.state()) {
            case FILLED:
                return "Filled";
            case CANCELED:
                return "Canceled";
            default:
                return "Started";
        }
    }

    static String balances(BalanceUpdate update) {
        StringBuilder json = new StringBuilder(96 + 200 * update.balances().size()).append('[');
        for (Balance balance : update.balances()) {
            if (json.length() > 1) {
                json.append(',');
            }
            String total = plain(balance.total());
            json.append("{\"currency\":\"").append(balance.currency().toLowerCase(Locale.ROOT))
                .append("\",\"balance\":\"").append(total)
                .append("\",\"available\":\"").append(plain(balance.available()))
                .append("\",\"held\":\"").append(plain(balance.held()))
                .append("\",\"trading_wallet\":\"").append(total)
                .append("\",\"collateral_wallet\":\"0\",\"borrow_wallet\":\"0\",\"lending_wallet\":\"0\"}");
        }
        return json.append(']').toString();
    }

    private static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}

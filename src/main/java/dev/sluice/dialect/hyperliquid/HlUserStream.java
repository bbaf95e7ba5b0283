package dev.sluice.dialect.hyperliquid;

import dev.sluice.bus.Event;
import dev.sluice.bus.Fill;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Order;
import dev.sluice.bus.OrderState;
import dev.sluice.bus.OrderUpdate;
import dev.sluice.bus.Side;
import dev.sluice.bus.SlowPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A user channel of one address, from the simulated account behind it ({@link dev.sluice.bus.SyntheticAccount}):
 * <ul>
 * <li>{@code orderUpdates}: {@code [{"order":{coin, side, limitPx, sz (resting), oid, timestamp, origSz, cloid},
 * "status":"open"|"filled"|"canceled","statusTimestamp"}]} on every change, no snapshot;</li>
 * <li>{@code userFills}: {@code {"isSnapshot":true,"user","fills":[..]}} first (the latest fill, if the latest
 * change was one: the simulation keeps no history), then {@code {"user","fills":[fill]}} per fill;</li>
 * <li>{@code userEvents}, pushed on channel {@code user}: {@code {"fills":[fill]}} per fill.</li>
 * </ul>
 * Every message is kept for a slow client. An address without a configured account gets the empty snapshot only.
 */
final class HlUserStream extends HlEncoder {

    private final String type;
    private final String user;

    HlUserStream(String type, String user) {
        super(HlSubscription.USER_EVENTS.equals(type) ? "user" : type, type + "@" + user, SlowPolicy.QUEUE);
        this.type = type;
        this.user = user;
    }

    @Override
    String data(Event event) {
        if (!(event instanceof OrderUpdate update)) {
            return null;
        }
        switch (type) {
            case HlSubscription.ORDER_UPDATES:
                return "[" + order(update) + "]";
            case HlSubscription.USER_FILLS:
                return update.fill() == null ? null : fills(update, false);
            default:
                return update.fill() == null ? null : "{\"fills\":[" + fill(update) + "]}";
        }
    }

    @Override
    public ByteBuf snapshot(Event latest, ByteBufAllocator alloc) {
        if (!HlSubscription.USER_FILLS.equals(type)) {
            return null;
        }
        OrderUpdate update = latest instanceof OrderUpdate u && u.fill() != null ? u : null;
        return frame(alloc, update == null ? "{\"isSnapshot\":true,\"user\":\"" + user + "\",\"fills\":[]}"
            : fills(update, true));
    }

    private String fills(OrderUpdate update, boolean snapshot) {
        return "{" + (snapshot ? "\"isSnapshot\":true," : "") + "\"user\":\"" + user + "\",\"fills\":["
            + fill(update) + "]}";
    }

    static String order(OrderUpdate update) {
        Order order = update.order();
        Instrument instrument = order.instrument();
        StringBuilder json = new StringBuilder(260).append("{\"order\":{\"coin\":\"").append(instrument.symbol())
            .append("\",\"side\":\"").append(order.side() == Side.BUY ? "B" : "A").append("\",\"limitPx\":");
        HlJson.quoted(json, order.price(), instrument.priceScale()).append(",\"sz\":");
        HlJson.quoted(json, order.size() - order.filled(), instrument.sizeScale()).append(",\"oid\":")
            .append(order.orderId()).append(",\"timestamp\":").append(order.createdMillis()).append(",\"origSz\":");
        HlJson.quoted(json, order.size(), instrument.sizeScale()).append(",\"cloid\":null},\"status\":\"")
            .append(status(order.state())).append("\",\"statusTimestamp\":").append(order.updatedMillis());
        return json.append('}').toString();
    }

    private static String status(OrderState state) {
        switch (state) {
            case FILLED:
                return "filled";
            case CANCELED:
                return "canceled";
            default:
                return "open";
        }
    }

    /** A {@code WsFill}. */
    static String fill(OrderUpdate update) {
        Order order = update.order();
        Fill fill = update.fill();
        Instrument instrument = order.instrument();
        boolean buy = order.side() == Side.BUY;
        StringBuilder json = new StringBuilder(360).append("{\"coin\":\"").append(instrument.symbol())
            .append("\",\"px\":");
        HlJson.quoted(json, fill.price(), instrument.priceScale()).append(",\"sz\":");
        HlJson.quoted(json, fill.size(), instrument.sizeScale()).append(",\"side\":\"").append(buy ? "B" : "A")
            .append("\",\"time\":").append(update.tsMillis()).append(",\"startPosition\":\"0.0\",\"dir\":\"")
            .append(buy ? "Open Long" : "Open Short").append("\",\"closedPnl\":\"0.0\",\"hash\":\"")
            .append(HlJson.hash(fill.tradeId())).append("\",\"oid\":").append(order.orderId())
            .append(",\"crossed\":").append(!fill.maker()).append(",\"fee\":\"").append(fill.fee())
            .append("\",\"tid\":").append(fill.tradeId()).append(",\"feeToken\":\"")
            .append(instrument.quote()).append("\"}");
        return json.toString();
    }
}

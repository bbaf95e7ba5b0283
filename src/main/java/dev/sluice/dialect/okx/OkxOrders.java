package dev.sluice.dialect.okx;

import dev.sluice.bus.Event;
import dev.sluice.bus.Fill;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Order;
import dev.sluice.bus.OrderUpdate;
import dev.sluice.bus.Side;
import dev.sluice.bus.SlowPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * OKX {@code orders} of one account: one push per order change, {@code data} holding the order in OKX's fields
 * ({@code ordId, clOrdId, px, sz, side, state, accFillSz, avgPx, fillPx, fillSz, fillTime, tradeId, fee,
 * feeCcy, fillFee, execType, cTime, uTime}...), filtered by the subscription's {@code instType}, {@code instFamily}
 * and {@code instId}. Never dropped (queued for a slow client) and without a snapshot, as OKX pushes changes only.
 * Fees are negative (charged), in the quote currency, as the simulated account pays them; {@code fee} adds up the
 * order's fills.
 */
final class OkxOrders extends OkxPrivatePush {

    private final String instType;
    private final String instFamily;
    private final String instId;
    /** Fee paid so far per open order (bus thread only). */
    private final Map<Long, BigDecimal> fees = new HashMap<>();

    OkxOrders(String arg, String key, String instType, String instFamily, String instId) {
        super(arg, key);
        this.instType = instType;
        this.instFamily = instFamily;
        this.instId = instId;
    }

    @Override
    public SlowPolicy slowPolicy() {
        return SlowPolicy.QUEUE;
    }

    @Override
    public ByteBuf snapshot(Event latest, ByteBufAllocator alloc) {
        return null;
    }

    @Override
    public ByteBuf encode(Event event, ByteBufAllocator alloc) {
        if (!(event instanceof OrderUpdate update) || !matches(update.order().instrument())) {
            return null;
        }
        return frame(alloc, ",\"data\":[" + order(update) + "]}");
    }

    private boolean matches(Instrument instrument) {
        String type = OkxInstruments.instType(instrument);
        return ("ANY".equals(instType) || type.equals(instType))
            && (instFamily == null || instFamily.equals(instrument.base() + '-' + instrument.quote()))
            && (instId == null || instId.equals(instrument.symbol()));
    }

    private String order(OrderUpdate update) {
        Order order = update.order();
        Instrument instrument = order.instrument();
        int ps = instrument.priceScale();
        int ss = instrument.sizeScale();
        Fill fill = update.fill();
        BigDecimal fillFee = fill == null ? BigDecimal.ZERO : new BigDecimal(fill.fee()).negate();
        BigDecimal fee = fees.getOrDefault(order.orderId(), BigDecimal.ZERO).add(fillFee);
        if (order.state().open()) {
            fees.put(order.orderId(), fee);
        } else {
            fees.remove(order.orderId());
        }
        StringBuilder json = new StringBuilder(900)
            .append("{\"instType\":\"").append(OkxInstruments.instType(instrument))
            .append("\",\"instId\":\"").append(instrument.symbol())
            .append("\",\"tgtCcy\":\"\",\"ccy\":\"\",\"ordId\":\"").append(order.orderId())
            .append("\",\"clOrdId\":\"").append(order.clientOrderId())
            .append("\",\"tag\":\"\",\"px\":\"").append(plain(order.price(), ps))
            .append("\",\"sz\":\"").append(plain(order.size(), ss))
            .append("\",\"notionalUsd\":\"\",\"ordType\":\"limit\",\"side\":\"")
            .append(order.side() == Side.BUY ? "buy" : "sell")
            .append("\",\"posSide\":\"\",\"tdMode\":\"cash\",\"accFillSz\":\"").append(plain(order.filled(), ss))
            .append("\",\"fillNotionalUsd\":\"\",\"avgPx\":\"")
            .append(order.filled() == 0 ? "" : plain(order.avgPrice(), ps))
            .append("\",\"state\":\"").append(order.state().name().toLowerCase(Locale.ROOT))
            .append("\",\"lever\":\"\",\"pnl\":\"0\",\"feeCcy\":\"").append(instrument.quote())
            .append("\",\"fee\":\"").append(plain(fee))
            .append("\",\"rebateCcy\":\"").append(instrument.quote()).append("\",\"rebate\":\"0\"");
        fill(json, fill, instrument, update.tsMillis());
        return json.append(",\"category\":\"normal\",\"uTime\":\"").append(order.updatedMillis())
            .append("\",\"cTime\":\"").append(order.createdMillis())
            .append("\",\"source\":\"\",\"reqId\":\"\",\"amendResult\":\"\",\"code\":\"0\",\"msg\":\"\"}")
            .toString();
    }

    /** The last fill's fields; empty strings (and size 0) when the change had no fill. */
    private static void fill(StringBuilder json, Fill fill, Instrument instrument, long tsMillis) {
        boolean none = fill == null;
        json.append(",\"fillPx\":\"").append(none ? "" : plain(fill.price(), instrument.priceScale()))
            .append("\",\"tradeId\":\"").append(none ? "" : Long.toString(fill.tradeId()))
            .append("\",\"fillSz\":\"").append(none ? "0" : plain(fill.size(), instrument.sizeScale()))
            .append("\",\"fillTime\":\"").append(none ? "" : Long.toString(tsMillis))
            .append("\",\"fillFee\":\"").append(none ? "0" : plain(new BigDecimal(fill.fee()).negate()))
            .append("\",\"fillFeeCcy\":\"").append(none ? "" : instrument.quote())
            .append("\",\"execType\":\"").append(none ? "" : fill.maker() ? "M" : "T").append('"');
    }
}

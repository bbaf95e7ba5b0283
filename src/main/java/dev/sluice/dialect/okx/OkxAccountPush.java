package dev.sluice.dialect.okx;

import dev.sluice.bus.Balance;
import dev.sluice.bus.BalanceUpdate;
import dev.sluice.bus.Event;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * The account-level private channels of one account, all derived from its {@link BalanceUpdate}s (a spot account:
 * balances, no positions):
 * <ul>
 * <li>{@code account}: every currency (or the subscription's {@code ccy}) in {@code details}, as a snapshot on
 * subscribe ({@code eventType "snapshot"}) and on every change ({@code "event_update"});</li>
 * <li>{@code balance_and_position}: a snapshot of every cash balance on subscribe, then the currencies whose cash
 * balance changed (fills move cash; orders placed or cancelled only move what is frozen, which this channel does
 * not carry), {@code eventType "filled"}, {@code posData} empty;</li>
 * <li>{@code positions}: no positions, so an empty {@code data} snapshot on subscribe and nothing after;</li>
 * <li>{@code liquidation-warning}: a spot account is never near liquidation: nothing is ever pushed;</li>
 * <li>{@code account-greeks}: per currency, the delta of holding it (its balance, in coin, for both the
 * Black-Scholes and the coin-margined views) and no gamma, theta or vega; on subscribe and on every change.</li>
 * </ul>
 */
final class OkxAccountPush extends OkxPrivatePush {

    private final String channel;
    private final String ccy;
    /** balance_and_position: the cash balances last pushed (bus thread only). */
    private final Map<String, BigDecimal> cash = new HashMap<>();

    /** @param ccy the subscription's currency filter, or null */
    OkxAccountPush(String channel, String arg, String key, String ccy) {
        super(arg, key);
        this.channel = channel;
        this.ccy = ccy;
    }

    @Override
    public ByteBuf snapshot(Event latest, ByteBufAllocator alloc) {
        if ("positions".equals(channel)) {
            return frame(alloc, ",\"eventType\":\"snapshot\",\"curPage\":1,\"lastPage\":true,\"data\":[]}");
        }
        return latest instanceof BalanceUpdate update ? push(update, true, alloc) : null;
    }

    @Override
    public ByteBuf encode(Event event, ByteBufAllocator alloc) {
        return event instanceof BalanceUpdate update ? push(update, false, alloc) : null;
    }

    private ByteBuf push(BalanceUpdate update, boolean snapshot, ByteBufAllocator alloc) {
        switch (channel) {
            case "account":
                return frame(alloc, ",\"eventType\":\"" + (snapshot ? "snapshot" : "event_update")
                    + "\",\"curPage\":1,\"lastPage\":true,\"data\":[" + account(update) + "]}");
            case "balance_and_position":
                String balances = changedCash(update, snapshot);
                return balances == null ? null : frame(alloc, ",\"data\":[{\"pTime\":\"" + update.tsMillis()
                    + "\",\"eventType\":\"" + (snapshot ? "snapshot" : "filled") + "\",\"balData\":[" + balances
                    + "],\"posData\":[],\"trades\":[]}]}");
            case "account-greeks":
                return frame(alloc, ",\"data\":[" + greeks(update) + "]}");
            default:
                return null;
        }
    }

    private boolean selected(Balance balance) {
        return ccy == null || ccy.equals(balance.currency());
    }

    private String account(BalanceUpdate update) {
        StringBuilder details = new StringBuilder(400 * update.balances().size());
        for (Balance b : update.balances()) {
            if (!selected(b)) {
                continue;
            }
            String eq = plain(b.total());
            String avail = plain(b.available());
            details.append(details.length() == 0 ? "" : ",").append("{\"ccy\":\"").append(b.currency())
                .append("\",\"eq\":\"").append(eq).append("\",\"cashBal\":\"").append(eq)
                .append("\",\"uTime\":\"").append(update.tsMillis())
                .append("\",\"isoEq\":\"0\",\"availEq\":\"").append(avail)
                .append("\",\"disEq\":\"\",\"fixedBal\":\"0\",\"availBal\":\"").append(avail)
                .append("\",\"frozenBal\":\"").append(plain(b.held()))
                .append("\",\"ordFrozen\":\"").append(plain(b.held()))
                .append("\",\"liab\":\"0\",\"upl\":\"0\",\"uplLiab\":\"0\",\"crossLiab\":\"0\",\"isoLiab\":\"0\""
                    + ",\"mgnRatio\":\"\",\"interest\":\"0\",\"twap\":\"0\",\"maxLoan\":\"\",\"eqUsd\":\"\""
                    + ",\"notionalLever\":\"\",\"stgyEq\":\"0\",\"isoUpl\":\"0\",\"spotInUseAmt\":\"\"}");
        }
        return "{\"uTime\":\"" + update.tsMillis() + "\",\"totalEq\":\"\",\"isoEq\":\"0\",\"adjEq\":\"\","
            + "\"ordFroz\":\"\",\"imr\":\"\",\"mmr\":\"\",\"borrowFroz\":\"\",\"mgnRatio\":\"\",\"notionalUsd\":\"\","
            + "\"upl\":\"0\",\"details\":[" + details + "]}";
    }

    /** The cash balances to push: all on a snapshot, else those that changed; null when none did. */
    private String changedCash(BalanceUpdate update, boolean snapshot) {
        StringBuilder json = new StringBuilder();
        for (Balance b : update.balances()) {
            BigDecimal before = cash.put(b.currency(), b.total());
            if (snapshot || before == null || before.compareTo(b.total()) != 0) {
                json.append(json.length() == 0 ? "" : ",").append("{\"ccy\":\"").append(b.currency())
                    .append("\",\"cashBal\":\"").append(plain(b.total())).append("\"}");
            }
        }
        return json.length() == 0 ? null : json.toString();
    }

    private String greeks(BalanceUpdate update) {
        StringBuilder json = new StringBuilder();
        for (Balance b : update.balances()) {
            if (!selected(b)) {
                continue;
            }
            String delta = plain(b.total());
            json.append(json.length() == 0 ? "" : ",").append("{\"ccy\":\"").append(b.currency())
                .append("\",\"deltaBS\":\"").append(delta).append("\",\"deltaPA\":\"").append(delta)
                .append("\",\"gammaBS\":\"0\",\"gammaPA\":\"0\",\"thetaBS\":\"0\",\"thetaPA\":\"0\","
                    + "\"vegaBS\":\"0\",\"vegaPA\":\"0\",\"ts\":\"").append(update.tsMillis()).append("\"}");
        }
        return json.toString();
    }
}

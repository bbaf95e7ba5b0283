package dev.sluice.dialect.hyperliquid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dialect.Catalog;
import dev.sluice.dialect.Json;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One parsed subscription, normalised the way Hyperliquid echoes it ({@code l2Book} gains
 * {@code "nSigFigs":null,"mantissa":null}; addresses are lowercased). Its {@link #json} is the subscription's key on
 * a connection and the text of acks and errors.
 *
 * @param type     the subscription type ({@code l2Book}); also the limits' channel
 * @param coin     the coin, or null (allMids, user channels)
 * @param user     the lowercased user address of a user channel, or null
 * @param nSigFigs l2Book aggregation: 2 to 5 significant figures, or 0 for none
 * @param mantissa l2Book with 5 significant figures: 1, 2 or 5, or 0 for none
 * @param fast     l2Book: 5 levels a side instead of 20
 * @param json     the normalised subscription
 */
record HlSubscription(String type, String coin, String user, int nSigFigs, int mantissa, boolean fast,
                      String json) {

    static final String TRADES = "trades";
    static final String L2_BOOK = "l2Book";
    static final String BBO = "bbo";
    static final String ALL_MIDS = "allMids";
    static final String CANDLE = "candle";
    static final String ASSET_CTX = "activeAssetCtx";
    static final String ORDER_UPDATES = "orderUpdates";
    static final String USER_FILLS = "userFills";
    static final String USER_EVENTS = "userEvents";
    /** The candle interval the feed makes. */
    static final String INTERVAL = "1m";

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    boolean isUserChannel() {
        return user != null;
    }

    /** The subscription a client sent, normalised; null when it is not one this service serves. */
    static HlSubscription parse(JsonNode sub, Catalog catalog) {
        JsonNode type = sub == null || !sub.isObject() ? null : sub.get("type");
        if (type == null || !type.isTextual()) {
            return null;
        }
        ObjectNode norm = Json.object();
        norm.put("type", type.asText());
        switch (type.asText()) {
            case TRADES:
            case BBO:
            case ASSET_CTX:
                return coinOnly(type.asText(), sub, norm, catalog);
            case L2_BOOK:
                return book(sub, norm, catalog);
            case CANDLE:
                HlSubscription candle = coinOnly(CANDLE, sub, norm, catalog);
                JsonNode interval = sub.get("interval");
                if (candle == null || interval == null || !INTERVAL.equals(interval.asText()) || sub.size() != 3) {
                    return null;
                }
                norm.put("interval", INTERVAL);
                return new HlSubscription(CANDLE, candle.coin(), null, 0, 0, false, Json.write(norm));
            case ALL_MIDS:
                JsonNode dex = sub.get("dex");
                boolean mainDex = dex == null || dex.isNull() || dex.isTextual() && dex.asText().isEmpty();
                return mainDex && sub.size() <= 2
                    ? new HlSubscription(ALL_MIDS, null, null, 0, 0, false, Json.write(norm)) : null;
            case ORDER_UPDATES:
            case USER_FILLS:
            case USER_EVENTS:
                return user(type.asText(), sub, norm);
            default:
                return null;
        }
    }

    private static HlSubscription coinOnly(String type, JsonNode sub, ObjectNode norm, Catalog catalog) {
        JsonNode coin = sub.get("coin");
        if (coin == null || !coin.isTextual() || catalog.instrument(coin.asText()) == null) {
            return null;
        }
        if (!CANDLE.equals(type) && sub.size() != 2) {
            return null;
        }
        norm.put("coin", coin.asText());
        return new HlSubscription(type, coin.asText(), null, 0, 0, false, Json.write(norm));
    }

    private static HlSubscription book(JsonNode sub, ObjectNode norm, Catalog catalog) {
        JsonNode coin = sub.get("coin");
        if (coin == null || !coin.isTextual() || catalog.instrument(coin.asText()) == null) {
            return null;
        }
        int sigFigs = optionalInt(sub.get("nSigFigs"));
        int mantissa = optionalInt(sub.get("mantissa"));
        boolean sigOk = sigFigs == 0 || sigFigs >= 2 && sigFigs <= 5;
        boolean mantissaOk = mantissa == 0 || sigFigs == 5 && (mantissa == 1 || mantissa == 2 || mantissa == 5);
        JsonNode fast = sub.get("fast");
        if (!sigOk || !mantissaOk || fast != null && !fast.isBoolean() && !fast.isNull()) {
            return null;
        }
        norm.put("coin", coin.asText());
        putOrNull(norm, "nSigFigs", sigFigs);
        putOrNull(norm, "mantissa", mantissa);
        boolean isFast = fast != null && fast.asBoolean();
        norm.put("fast", isFast);
        return new HlSubscription(L2_BOOK, coin.asText(), null, sigFigs, mantissa, isFast, Json.write(norm));
    }

    private static HlSubscription user(String type, JsonNode sub, ObjectNode norm) {
        JsonNode user = sub.get("user");
        if (user == null || !user.isTextual() || !ADDRESS.matcher(user.asText()).matches()) {
            return null;
        }
        String address = user.asText().toLowerCase(Locale.ROOT);
        norm.put("user", address);
        JsonNode aggregate = sub.get("aggregateByTime");
        if (USER_FILLS.equals(type) && aggregate != null && aggregate.isBoolean()) {
            norm.put("aggregateByTime", aggregate.asBoolean());
        }
        return new HlSubscription(type, null, address, 0, 0, false, Json.write(norm));
    }

    /** A small positive integer, or 0 for absent or null; -1 for anything else. */
    private static int optionalInt(JsonNode value) {
        if (value == null || value.isNull()) {
            return 0;
        }
        return value.isInt() && value.asInt() > 0 ? value.asInt() : -1;
    }

    private static void putOrNull(ObjectNode node, String field, int value) {
        if (value == 0) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}

package dev.sluice.dialect.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.bus.Stream;
import dev.sluice.bus.StreamEncoder;
import dev.sluice.bus.Topic;
import dev.sluice.dialect.Catalog;
import dev.sluice.dialect.Command;
import dev.sluice.dialect.Connection;
import dev.sluice.dialect.Json;
import dev.sluice.limit.SubscriptionInfo;
import java.util.Set;

/**
 * The private channels of a logged-in connection on {@code /ws/v5/private}: {@code orders}, {@code account},
 * {@code positions}, {@code balance_and_position}, {@code liquidation-warning} and {@code account-greeks}. Each
 * subscription arg becomes a stream of the account's own topic (orders, or balances), keyed by account and filters,
 * so the account's connections share one encoded frame per event. The subscription key is the channel with its
 * filters: several args of one channel are several subscriptions but one channel connection (the limits count the
 * channel once per connection).
 */
final class OkxPrivateChannels {

    static final Set<String> CHANNELS = Set.of("orders", "account", "positions", "balance_and_position",
        "liquidation-warning", "account-greeks");
    private static final Set<String> INST_TYPES = Set.of("SPOT", "MARGIN", "SWAP", "FUTURES", "OPTION", "ANY");
    private static final Set<String> NEED_INST_TYPE = Set.of("orders", "positions", "liquidation-warning");

    private final Catalog catalog;
    private final String exchange;

    OkxPrivateChannels(Catalog catalog, String exchange) {
        this.catalog = catalog;
        this.exchange = exchange;
    }

    static boolean isPrivate(String channel) {
        return CHANNELS.contains(channel);
    }

    /** The outcome of one arg of a private channel (the caller has checked that the channel is one). */
    Command.Outcome outcome(String id, String op, String channel, JsonNode arg, Connection connection) {
        String connId = connection.connId();
        if (!connection.endpoint().path().equals(OkxDialect.PRIVATE.path())) {
            return new Command.Rejected(OkxReplies.error(id, OkxReplies.DOES_NOT_EXIST, "Wrong URL or channel:"
                + channel + " doesn't exist. Please use the correct URL, channel and parameters referring to API "
                + "document.", connId));
        }
        String account = connection.authenticatedAccount();
        if (account == null) {
            return new Command.Rejected(OkxReplies.error(id, OkxReplies.PLEASE_LOG_IN, "Please log in", connId));
        }
        String instType = text(arg, "instType");
        String instFamily = text(arg, "instFamily");
        String instId = text(arg, "instId");
        String ccy = text(arg, "ccy");
        if (NEED_INST_TYPE.contains(channel) && (instType == null || !INST_TYPES.contains(instType))) {
            return new Command.Rejected(OkxReplies.error(id, OkxReplies.INVALID_ARGS, "Invalid args: instType "
                + (instType == null ? "is required" : "must be one of " + INST_TYPES), connId));
        }
        if (instId != null && catalog.instrument(instId) == null) {
            return new Command.Rejected(OkxReplies.doesNotExist(id, channel, instId, connId));
        }
        String filters = channel + ':' + instType + ':' + instFamily + ':' + instId + ':' + ccy;
        String streamKey = filters + '@' + account;
        String wireArg = wireArg(channel, instType, instFamily, instId, ccy, account);
        Stream stream = catalog.stream(streamKey, k -> new Stream(Topic.ofUser(exchange,
            "orders".equals(channel) ? Topic.ORDERS : Topic.BALANCES, account),
            encoder(channel, wireArg, streamKey, instType, instFamily, instId, ccy)));
        return new Command.Accepted(SubscriptionInfo.of(filters, channel), stream,
            OkxReplies.ack(id, op, arg, connId));
    }

    private static StreamEncoder encoder(String channel, String arg, String key, String instType, String instFamily,
                                         String instId, String ccy) {
        return "orders".equals(channel) ? new OkxOrders(arg, key, instType, instFamily, instId)
            : new OkxAccountPush(channel, arg, key, ccy);
    }

    /** The arg of the pushes: the subscription's filters and the account's {@code uid}, as OKX adds it. */
    private static String wireArg(String channel, String instType, String instFamily, String instId, String ccy,
                                  String account) {
        ObjectNode node = Json.object().put("channel", channel);
        putIfAny(node, "instType", instType);
        putIfAny(node, "instFamily", instFamily);
        putIfAny(node, "instId", instId);
        putIfAny(node, "ccy", ccy);
        node.put("uid", account);
        return Json.write(node);
    }

    private static void putIfAny(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String text(JsonNode arg, String field) {
        JsonNode value = arg.get(field);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }
}

package dev.sluice.dialect.alltick;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Stream;
import dev.sluice.bus.Topic;
import dev.sluice.dialect.Catalog;
import dev.sluice.dialect.Command;
import dev.sluice.dialect.Connection;
import dev.sluice.dialect.Dialect;
import dev.sluice.dialect.Endpoint;
import dev.sluice.dialect.Json;
import dev.sluice.limit.Action;
import dev.sluice.limit.Decision;
import dev.sluice.limit.Op;
import dev.sluice.limit.SubscriptionInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * AllTick's WebSocket API: the stock endpoint ({@code /quote-stock-b-ws-api}: US, HK and CN stocks) and the forex
 * endpoint ({@code /quote-b-ws-api}: forex, metals, energy, crypto), both authenticated by {@code ?token=}. Requests
 * carry AllTick's header ({@code cmd_id}, {@code seq_id}, {@code trace}, {@code data}) and every response echoes it:
 * heartbeat 22000 (answered by 22001), order-book subscription 22002 (22003, pushes 22999), trade subscription 22004
 * (22005, pushes 22998) and cancel 22006 (22007). A subscription request replaces the connection's list for its
 * interface. A code is valid when it is one of the service's instruments and belongs to the endpoint's group
 * ({@link AllTickMarket}); otherwise the request is refused whole with 600 and nothing changes.
 */
public final class AllTickDialect implements Dialect {

    public static final String NAME = "alltick";
    public static final Endpoint STOCK = new Endpoint("/quote-stock-b-ws-api", AllTickMarket.STOCK_GROUP);
    public static final Endpoint FOREX = new Endpoint("/quote-b-ws-api", AllTickMarket.FOREX_GROUP);

    static final int HEARTBEAT = 22000;
    static final int SUBSCRIBE_DEPTH = 22002;
    static final int SUBSCRIBE_TRADE = 22004;
    static final int CANCEL = 22006;
    static final String DEPTH = "depth";
    static final String TRADE = "trade";

    /** AllTick's answer to a request when a configured error code is not a number (it never is in the preset). */
    private static final int FALLBACK_RET = 429;
    private static final CloseReason SLOW_CONSUMER = new CloseReason(1013, "slow consumer");

    private final Catalog catalog;

    /** @param instruments the products this service offers, by AllTick code */
    public AllTickDialect(Collection<Instrument> instruments) {
        this.catalog = new Catalog(instruments);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Endpoint> defaultEndpoints() {
        return List.of(STOCK, FOREX);
    }

    @Override
    public Command decode(Connection connection, String text) {
        JsonNode root = Json.parse(text);
        AllTickRequest request = AllTickRequest.parse(root);
        if (request == null) {
            return new Command.Reply(Op.OTHER, AllTickReplies.HEADER_INVALID_REPLY);
        }
        JsonNode data = root.get("data");
        return switch ((int) request.cmdId()) {
            case HEARTBEAT -> new Command.Reply(Op.PING, AllTickReplies.ok(request), request);
            case SUBSCRIBE_DEPTH -> subscribe(DEPTH, request, data, connection);
            case SUBSCRIBE_TRADE -> subscribe(TRADE, request, data, connection);
            case CANCEL -> cancel(request, data);
            default -> new Command.Reply(Op.OTHER, AllTickReplies.HEADER_INVALID_REPLY, request);
        };
    }

    @Override
    public Command decodeBinary(Connection connection, byte[] payload) {
        return new Command.Reply(Op.OTHER, AllTickReplies.HEADER_INVALID_REPLY);
    }

    /** The limit's error code as {@code ret} with its text as {@code msg}, echoing the refused request. */
    @Override
    public String limitError(Decision decision, Command refused, Connection connection) {
        Action action = decision.limit().action();
        AllTickRequest request = refused != null && refused.request() instanceof AllTickRequest r ? r : null;
        return AllTickReplies.error(ret(action.errorCode()), action.message(), request);
    }

    /** AllTick has no notify limits; a plan that configures one gets its count as an error-shaped message. */
    @Override
    public String limitNotice(Decision decision, SubscriptionInfo subscription, boolean breached,
                              Connection connection) {
        return AllTickReplies.error(ret(decision.limit().action().errorCode()), subscription.channel() + " "
            + (breached ? decision.limitValue() : decision.usage()), null);
    }

    @Override
    public String credential(Map<String, List<String>> query, Function<String, String> header) {
        List<String> tokens = query.get("token");
        return tokens == null || tokens.isEmpty() ? null : tokens.get(0);
    }

    @Override
    public boolean requiresCredential() {
        return true;
    }

    /** 401 with AllTick's body: "token is required" without a token, "token invalid" with an unknown one. */
    @Override
    public HttpAnswer authFailure(boolean missing) {
        return new HttpAnswer(401, "application/json",
            missing ? AllTickReplies.TOKEN_REQUIRED : AllTickReplies.TOKEN_INVALID);
    }

    @Override
    public CloseReason slowConsumerClose() {
        return SLOW_CONSUMER;
    }

    @Override
    public Optional<HttpAnswer> http(String method, String path, Map<String, List<String>> query) {
        return Optional.empty();
    }

    /**
     * 22002 or 22004: {@code data.symbol_list} of {@code {"code":..}} (with {@code depth_level} for the order book,
     * 1 when absent, capped at the market's maximum). A malformed list is refused with 202, any code that is
     * unknown or belongs to the other endpoint with 600; either way the connection's subscriptions stay as they were.
     */
    private Command subscribe(String iface, AllTickRequest request, JsonNode data, Connection connection) {
        JsonNode list = data.get("symbol_list");
        if (list == null || !list.isArray()) {
            return new Command.Reply(Op.SUBSCRIBE, AllTickReplies.dataInvalid(request), request);
        }
        List<Command.Outcome> outcomes = new ArrayList<>(list.size());
        for (JsonNode item : list) {
            JsonNode code = item.get("code");
            int depth = DEPTH.equals(iface) ? depthLevel(item.get("depth_level")) : 1;
            if (!item.isObject() || code == null || !code.isTextual() || depth < 1) {
                return new Command.Reply(Op.SUBSCRIBE, AllTickReplies.dataInvalid(request), request);
            }
            Instrument instrument = catalog.instrument(code.asText());
            AllTickMarket market = AllTickMarket.of(code.asText());
            if (instrument == null || !market.group().equals(connection.endpoint().group())) {
                return new Command.Reply(Op.SUBSCRIBE, AllTickReplies.codeInvalid(request), request);
            }
            outcomes.add(accepted(iface, instrument, market, Math.min(depth, market.maxDepth())));
        }
        return new Command.Subscribe(outcomes, iface, AllTickReplies.ok(request), request);
    }

    /** The requested depth: 1 when absent, -1 when it is not a positive integer. */
    private static int depthLevel(JsonNode node) {
        if (node == null || node.isNull()) {
            return 1;
        }
        return node.isIntegralNumber() && node.canConvertToInt() && node.intValue() >= 1 ? node.intValue() : -1;
    }

    /**
     * One code of a subscription. Its key is the interface and code, without the depth, so that asking again with
     * another {@code depth_level} replaces the stream; the stream (and its encoder) is per depth, shared by all.
     */
    private Command.Accepted accepted(String iface, Instrument instrument, AllTickMarket market, int depth) {
        String code = instrument.symbol();
        SubscriptionInfo info = new SubscriptionInfo(iface + ':' + code, market.channel(), iface, null);
        Stream stream = DEPTH.equals(iface)
            ? catalog.stream(DEPTH + ':' + code + ':' + depth, k -> new Stream(
                instrument.topic(Topic.BOOK), new AllTickDepth(instrument, market, depth)))
            : catalog.stream(TRADE + ':' + code, k -> new Stream(
                instrument.topic(Topic.TRADES), new AllTickTrades(instrument, market)));
        return new Command.Accepted(info, stream, null);
    }

    /** 22006: {@code data.cancel_type} 0 cancels everything, 1 the order book, 2 trades; anything else is 202. */
    private static Command cancel(AllTickRequest request, JsonNode data) {
        JsonNode type = data.get("cancel_type");
        int cancelType = type != null && type.isIntegralNumber() && type.canConvertToInt() ? type.intValue() : -1;
        Set<String> ifaces = switch (cancelType) {
            case 0 -> Set.of();
            case 1 -> Set.of(DEPTH);
            case 2 -> Set.of(TRADE);
            default -> null;
        };
        if (ifaces == null) {
            return new Command.Reply(Op.UNSUBSCRIBE, AllTickReplies.dataInvalid(request), request);
        }
        return new Command.Cancel(ifaces, AllTickReplies.ok(request), request);
    }

    private static int ret(String errorCode) {
        try {
            return Integer.parseInt(errorCode);
        } catch (NumberFormatException e) {
            return FALLBACK_RET;
        }
    }
}

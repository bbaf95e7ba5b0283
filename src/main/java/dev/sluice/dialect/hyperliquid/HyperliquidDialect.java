package dev.sluice.dialect.hyperliquid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.auth.Account;
import dev.sluice.bus.Bus;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Stream;
import dev.sluice.bus.Topic;
import dev.sluice.dialect.Catalog;
import dev.sluice.dialect.Command;
import dev.sluice.dialect.Connection;
import dev.sluice.dialect.Dialect;
import dev.sluice.dialect.Endpoint;
import dev.sluice.dialect.Json;
import dev.sluice.limit.Decision;
import dev.sluice.limit.Op;
import dev.sluice.limit.SubscriptionInfo;
import dev.sluice.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Hyperliquid's WebSocket API at {@code /ws} (hfun-feed speaks it too): {@code {"method":"subscribe"|"unsubscribe",
 * "subscription":{..}}} acked with {@code subscriptionResponse} echoing the normalised subscription,
 * {@code {"method":"ping"}} answered {@code {"channel":"pong"}}, and {@code {"method":"post","id":N,"request":
 * {"type":"info","payload":{..}}}} answered {@code {"channel":"post","data":{"id":N,"response":..}}} by the
 * {@link InfoBackend} after its latency; the same info requests on HTTP {@code POST /info}. Errors are the
 * official strings ({@code Already subscribed: {..}}, {@code Invalid subscription {..}}, {@code Error parsing JSON
 * into valid websocket request: ..}). Channels: {@code trades}, {@code l2Book}, {@code bbo}, {@code allMids},
 * {@code candle} (1m), {@code activeAssetCtx} and the user channels {@code orderUpdates}, {@code userFills},
 * {@code userEvents}, which follow any well-formed address: a configured account's identity gets its simulated
 * orders and fills, any other address the empty snapshot (as an address without activity would).
 */
public final class HyperliquidDialect implements Dialect {

    public static final String NAME = "hyperliquid";
    public static final Endpoint WS = new Endpoint("/ws", "ws");
    public static final String INFO_PATH = "/info";

    static final String PONG = "{\"channel\":\"pong\"}";
    static final String RATE_LIMITED = "rate limit exceeded";
    private static final CloseReason SLOW_CONSUMER = new CloseReason(1013, "slow consumer");

    private final Catalog catalog;
    private final String exchange;
    private final HyperliquidSettings settings;
    private final HyperliquidMarket market;
    private final InfoBackend backend;
    private final HfunIdentity identities;
    /** Account id by lowercased identity address, from {@link #attach}. */
    private final Map<String, String> accountOfAddress = new HashMap<>();

    public HyperliquidDialect(Collection<Instrument> instruments, Clock clock, HyperliquidSettings settings) {
        this.catalog = new Catalog(instruments);
        this.exchange = instruments.isEmpty() ? NAME : instruments.iterator().next().exchange();
        this.settings = settings;
        this.market = new HyperliquidMarket(List.copyOf(instruments));
        this.backend = new InfoBackend(market, catalog, clock, settings.infoLatencyMs());
        this.identities = settings.identities() ? new HfunIdentity(clock, settings) : null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Endpoint> defaultEndpoints() {
        return List.of(WS);
    }

    @Override
    public void attach(Bus bus, List<Account> accounts) {
        market.attach(bus);
        for (Account account : accounts) {
            if (account.identity() != null) {
                accountOfAddress.put(account.identity().toLowerCase(Locale.ROOT), account.id());
            }
        }
    }

    @Override
    public Command decode(Connection connection, String text) {
        JsonNode root = Json.parse(text);
        JsonNode method = root == null || !root.isObject() ? null : root.get("method");
        String name = method != null && method.isTextual() ? method.asText() : "";
        switch (name) {
            case "ping":
                return new Command.Reply(Op.PING, PONG);
            case "subscribe":
            case "unsubscribe":
                return subscription(connection, name, root.get("subscription"));
            case "post":
                return post(root, text);
            default:
                return new Command.Reply(Op.OTHER, HlReplies.parseError(text));
        }
    }

    private Command subscription(Connection connection, String method, JsonNode raw) {
        boolean subscribe = "subscribe".equals(method);
        Op op = subscribe ? Op.SUBSCRIBE : Op.UNSUBSCRIBE;
        HlSubscription sub = HlSubscription.parse(raw, catalog);
        if (sub == null) {
            return new Command.Reply(op, HlReplies.error("Invalid subscription " + (raw == null ? "null"
                : Json.write(raw))));
        }
        boolean has = connection.hasSubscription(sub.json());
        if (subscribe == has) {
            return new Command.Reply(op, HlReplies.error((subscribe ? "Already subscribed: "
                : "Already unsubscribed: ") + sub.json()));
        }
        SubscriptionInfo info = new SubscriptionInfo(sub.json(), sub.type(), sub.type(), sub.user());
        Command.Accepted accepted = new Command.Accepted(info, stream(sub), HlReplies.ack(method, sub.json()));
        return subscribe ? new Command.Subscribe(List.of(accepted), null, null, sub.json())
            : new Command.Unsubscribe(List.of(accepted));
    }

    /** The shared stream of a subscription (one per normalised subscription). */
    private Stream stream(HlSubscription sub) {
        if (sub.isUserChannel()) {
            String account = accountOfAddress.getOrDefault(sub.user(), "address:" + sub.user());
            return catalog.stream(sub.json(), k -> new Stream(Topic.ofUser(exchange, Topic.ORDERS, account),
                new HlUserStream(sub.type(), sub.user())));
        }
        if (HlSubscription.ALL_MIDS.equals(sub.type())) {
            Instrument first = catalog.instruments().iterator().next();
            return catalog.stream(sub.json(), k -> new Stream(first.topic(Topic.BOOK),
                new HlMarketStreams.AllMids(market)));
        }
        Instrument instrument = catalog.instrument(sub.coin());
        return catalog.stream(sub.json(), k -> {
            switch (sub.type()) {
                case HlSubscription.TRADES:
                    return new Stream(instrument.topic(Topic.TRADES), new HlMarketStreams.Trades(instrument));
                case HlSubscription.L2_BOOK:
                    return new Stream(instrument.topic(Topic.BOOK), new HlMarketStreams.Book(sub, instrument));
                case HlSubscription.BBO:
                    return new Stream(instrument.topic(Topic.BOOK), new HlMarketStreams.Bbo(instrument));
                case HlSubscription.CANDLE:
                    return new Stream(instrument.topic(Topic.CANDLE_1M), new HlMarketStreams.Candles(instrument));
                default:
                    return new Stream(instrument.topic(Topic.TICKER), new HlMarketStreams.AssetCtx(instrument));
            }
        });
    }

    /** A post: info requests go to the backend; anything else is answered at once with an error response. */
    private Command post(JsonNode root, String text) {
        JsonNode id = root.get("id");
        JsonNode request = root.get("request");
        JsonNode type = request == null || !request.isObject() ? null : request.get("type");
        if (id == null || !id.canConvertToLong() || type == null || !type.isTextual()) {
            return new Command.Reply(Op.POST, HlReplies.parseError(text));
        }
        long postId = id.asLong();
        if (!"info".equals(type.asText())) {
            return new Command.Reply(Op.POST, HlReplies.postError(postId,
                "Sluice serves market data only: " + type.asText() + " requests are not supported"), postId);
        }
        JsonNode payload = request.get("payload");
        return new Command.Post(answer -> backend.submit(payload, result -> answer.accept(result.ok()
            ? HlReplies.postInfo(postId, result.type(), result.data()) : HlReplies.postError(postId, result.error()))),
            postId);
    }

    @Override
    public Command decodeBinary(Connection connection, byte[] payload) {
        return new Command.Reply(Op.OTHER, HlReplies.parseError("<binary message>"));
    }

    /**
     * hfun's {@code {"channel":"error","data":{"error":"rate limit exceeded"}}}, or with {@code stringErrors} the
     * official string form, which names the refused request so that clients reject the right promise: a post's
     * {@code id=N} at the end, a subscription's envelope in braces.
     */
    @Override
    public String limitError(Decision decision, Command refused, Connection connection) {
        String message = decision.limit().action().message() == null ? RATE_LIMITED
            : decision.limit().action().message();
        if (!settings.stringErrors()) {
            ObjectNode data = Json.object().put("error", message);
            return Json.write(Json.object().put("channel", "error").set("data", data));
        }
        if (refused instanceof Command.Post post) {
            return HlReplies.error(message + " id=" + post.request());
        }
        if (refused instanceof Command.Subscribe subscribe && subscribe.request() != null) {
            return HlReplies.error(message + ": {\"method\":\"subscribe\",\"subscription\":" + subscribe.request()
                + "}");
        }
        return HlReplies.error(message);
    }

    @Override
    public String limitNotice(Decision decision, SubscriptionInfo subscription, boolean breached,
                              Connection connection) {
        return HlReplies.error(RATE_LIMITED);
    }

    @Override
    public IdentityProof proveIdentity(Map<String, List<String>> query, Function<String, String> header) {
        return identities == null ? null : identities.prove(query, header);
    }

    /** A valid proof of an identity that has no account: refused as hfun refuses addresses without a seat. */
    @Override
    public HttpAnswer authFailure(boolean missing) {
        return missing ? HfunIdentity.refuse("authentication required").refusal()
            : new HttpAnswer(403, "application/json", "{\"error\":\"identity has no access to hfun-feed\"}");
    }

    @Override
    public CloseReason slowConsumerClose() {
        return SLOW_CONSUMER;
    }

    @Override
    public Optional<HttpAnswer> http(String method, String path, Map<String, List<String>> query) {
        return INFO_PATH.equals(path) ? Optional.of(new HttpAnswer(405, "text/plain", "Method Not Allowed"))
            : Optional.empty();
    }

    @Override
    public boolean answersPost(String path) {
        return INFO_PATH.equals(path);
    }

    /** {@code POST /info}: the answer's data as the body, or 422 with Hyperliquid's text for a bad request. */
    @Override
    public void post(String path, String body, Consumer<HttpAnswer> answer) {
        JsonNode payload = Json.parse(body);
        if (payload == null || !payload.isObject()) {
            answer.accept(new HttpAnswer(422, "text/plain", InfoBackend.UNPARSEABLE));
            return;
        }
        backend.submit(payload, result -> answer.accept(result.ok()
            ? new HttpAnswer(200, "application/json", result.data())
            : new HttpAnswer(422, "text/plain", result.error())));
    }
}

package dev.sluice.dialect.okx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Stream;
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
import dev.sluice.time.Clock;
import dev.sluice.time.SystemClock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * OKX v5: public market data on {@code /ws/v5/public} (tickers, trades, books, books5, bbo-tbt, and
 * books-l2-tbt for logged-in connections) and {@code /ws/v5/business} (candle1m); {@code login} on every endpoint
 * ({@link OkxLogin}); the private channels of the logged-in account on {@code /ws/v5/private}
 * ({@link OkxPrivateChannels}); OKX's ack and error events and the text {@code ping}/{@code pong}. Public
 * channels are served on {@code /ws/v5/private} too (clients such as okx-api send every subscription to one URL).
 */
public final class OkxDialect implements Dialect {

    public static final String NAME = "okx";
    public static final Endpoint PUBLIC = new Endpoint("/ws/v5/public", "public");
    public static final Endpoint BUSINESS = new Endpoint("/ws/v5/business", "business");
    public static final Endpoint PRIVATE = new Endpoint("/ws/v5/private", "private");
    /** The order-by-order book that OKX serves to logged-in users of high fee tiers only. */
    static final String L2_TBT = "books-l2-tbt";
    static final String INSTRUMENTS_PATH = "/api/v5/public/instruments";

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9]{1,32}");
    private static final Set<String> PUBLIC_CHANNELS = Set.of("tickers", "trades", "books", "books5", "bbo-tbt",
        L2_TBT);
    private static final Set<String> BUSINESS_CHANNELS = Set.of("candle1m");
    private static final CloseReason BUFFER_FULL = new CloseReason(4005, "Buffer is full");

    private final Catalog catalog;
    private final OkxLogin login;
    private final OkxPrivateChannels privateChannels;

    /** @param instruments the OKX instruments this service offers; logins are checked on the system clock */
    public OkxDialect(Collection<Instrument> instruments) {
        this(instruments, SystemClock.INSTANCE);
    }

    /** @param clock the clock login timestamps are checked against */
    public OkxDialect(Collection<Instrument> instruments, Clock clock) {
        this.catalog = new Catalog(instruments);
        this.login = new OkxLogin(clock);
        String exchange = instruments.isEmpty() ? NAME : instruments.iterator().next().exchange();
        this.privateChannels = new OkxPrivateChannels(catalog, exchange);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Endpoint> defaultEndpoints() {
        return List.of(PUBLIC, PRIVATE, BUSINESS);
    }

    @Override
    public Command decode(Connection connection, String text) {
        if ("ping".equals(text)) {
            return new Command.Reply(Op.PING, "pong");
        }
        JsonNode root = Json.parse(text);
        if (root == null || !root.isObject()) {
            return invalidRequest(null, text, connection);
        }
        JsonNode idNode = root.get("id");
        String id = idNode != null && idNode.isTextual() ? idNode.asText() : null;
        if (idNode != null && (id == null || !REQUEST_ID.matcher(id).matches())) {
            return invalidRequest(null, text, connection);
        }
        JsonNode op = root.get("op");
        if (op == null || !op.isTextual()) {
            return invalidRequest(id, text, connection);
        }
        JsonNode args = root.get("args");
        return switch (op.asText()) {
            case "subscribe" -> validArgs(args)
                ? new Command.Subscribe(outcomes(id, "subscribe", args, connection))
                : invalidRequest(id, text, connection);
            case "unsubscribe" -> validArgs(args)
                ? new Command.Unsubscribe(outcomes(id, "unsubscribe", args, connection))
                : invalidRequest(id, text, connection);
            case "login" -> login.decode(id, args, connection);
            default -> new Command.Reply(Op.OTHER, OkxReplies.error(id, OkxReplies.INVALID_OP,
                "Invalid op: " + op.asText(), connection.connId()));
        };
    }

    @Override
    public Command decodeBinary(Connection connection, byte[] payload) {
        return new Command.Reply(Op.OTHER, OkxReplies.error(null, OkxReplies.INVALID_REQUEST,
            "Invalid request: binary messages are not supported", connection.connId()));
    }

    @Override
    public String limitError(Decision decision, Command refused, Connection connection) {
        Action action = decision.limit().action();
        return OkxReplies.error(null, action.errorCode(), action.message(), connection.connId());
    }

    @Override
    public String limitNotice(Decision decision, SubscriptionInfo subscription, boolean breached,
                              Connection connection) {
        long count = breached ? decision.limitValue() : decision.usage();
        return OkxReplies.channelConnCount(breached, subscription.channel(), count, connection.connId());
    }

    @Override
    public String shutdownNotice(Connection connection) {
        return OkxReplies.notice(OkxReplies.SERVICE_UPGRADE,
            "The connection will soon be closed for a service upgrade. Please reconnect.", connection.connId());
    }

    @Override
    public CloseReason slowConsumerClose() {
        return BUFFER_FULL;
    }

    @Override
    public Optional<HttpAnswer> http(String method, String path, Map<String, List<String>> query) {
        if ("GET".equals(method) && INSTRUMENTS_PATH.equals(path)) {
            return Optional.of(new HttpAnswer(200, "application/json",
                OkxInstruments.restBody(catalog.instruments(), query)));
        }
        if ("GET".equals(method) && OkxCurrencies.PATH.equals(path)) {
            return Optional.of(new HttpAnswer(200, "application/json", OkxCurrencies.restBody(catalog.instruments())));
        }
        return Optional.empty();
    }

    private List<Command.Outcome> outcomes(String id, String op, JsonNode args, Connection connection) {
        List<Command.Outcome> outcomes = new ArrayList<>(args.size());
        for (JsonNode arg : args) {
            outcomes.add(outcome(id, op, arg, connection));
        }
        return outcomes;
    }

    private Command.Outcome outcome(String id, String op, JsonNode arg, Connection connection) {
        String connId = connection.connId();
        JsonNode channelNode = arg.get("channel");
        if (channelNode == null || !channelNode.isTextual()) {
            return new Command.Rejected(OkxReplies.error(id, OkxReplies.INVALID_ARGS,
                "Invalid args: channel is required", connId));
        }
        String channel = channelNode.asText();
        if (OkxPrivateChannels.isPrivate(channel)) {
            return privateChannels.outcome(id, op, channel, arg, connection);
        }
        JsonNode instIdNode = arg.get("instId");
        String instId = instIdNode != null && instIdNode.isTextual() ? instIdNode.asText() : "";
        boolean business = connection.endpoint().path().equals(BUSINESS.path());
        if (!business && BUSINESS_CHANNELS.contains(channel)) {
            return new Command.Rejected(OkxReplies.error(id, OkxReplies.MOVED_TO_BUSINESS,
                "The channel " + channel + " is served on /ws/v5/business. Please subscribe using that URL.", connId));
        }
        if (business && PUBLIC_CHANNELS.contains(channel)) {
            return new Command.Rejected(OkxReplies.error(id, OkxReplies.NOT_ON_BUSINESS,
                "The channel " + channel + " is not served on /ws/v5/business. Please use /ws/v5/public.", connId));
        }
        if (L2_TBT.equals(channel) && "subscribe".equals(op) && connection.authenticatedAccount() == null) {
            return new Command.Rejected(OkxReplies.error(id, OkxReplies.PLEASE_LOG_IN, "Please log in", connId));
        }
        Instrument instrument = catalog.instrument(instId);
        Function<Instrument, OkxEncoder> encoder = encoderFor(channel);
        if (instrument == null || encoder == null) {
            return new Command.Rejected(OkxReplies.doesNotExist(id, channel, instId, connId));
        }
        String key = channel + ':' + instId;
        Stream stream = catalog.stream(key, k -> new Stream(
            instrument.topic(topicChannel(channel)), encoder.apply(instrument)));
        return new Command.Accepted(SubscriptionInfo.of(key, channel), stream, OkxReplies.ack(id, op, arg, connId));
    }

    private Function<Instrument, OkxEncoder> encoderFor(String channel) {
        return switch (channel) {
            case "tickers" -> OkxTickers::new;
            case "trades" -> OkxTrades::new;
            case "books" -> OkxBooks::new;
            case L2_TBT -> instrument -> new OkxBooks(L2_TBT, instrument);
            case "books5" -> instrument -> new OkxBookTop("books5", 5, instrument);
            case "bbo-tbt" -> instrument -> new OkxBookTop("bbo-tbt", 1, instrument);
            case "candle1m" -> OkxCandles::new;
            default -> null;
        };
    }

    private static String topicChannel(String channel) {
        return switch (channel) {
            case "tickers" -> dev.sluice.bus.Topic.TICKER;
            case "trades" -> dev.sluice.bus.Topic.TRADES;
            case "candle1m" -> dev.sluice.bus.Topic.CANDLE_1M;
            default -> dev.sluice.bus.Topic.BOOK;
        };
    }

    private static boolean validArgs(JsonNode args) {
        if (args == null || !args.isArray() || args.isEmpty()) {
            return false;
        }
        for (JsonNode arg : args) {
            if (!arg.isObject()) {
                return false;
            }
        }
        return true;
    }

    private static Command invalidRequest(String id, String text, Connection connection) {
        return new Command.Reply(Op.OTHER, OkxReplies.error(id, OkxReplies.INVALID_REQUEST,
            "Invalid request: " + text, connection.connId()));
    }
}

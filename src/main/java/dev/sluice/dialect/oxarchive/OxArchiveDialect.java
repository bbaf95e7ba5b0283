package dev.sluice.dialect.oxarchive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Stream;
import dev.sluice.bus.StreamEncoder;
import dev.sluice.bus.Topic;
import dev.sluice.dialect.Catalog;
import dev.sluice.dialect.Command;
import dev.sluice.dialect.Connection;
import dev.sluice.dialect.CreditLookup;
import dev.sluice.dialect.Dialect;
import dev.sluice.dialect.Endpoint;
import dev.sluice.dialect.Json;
import dev.sluice.history.ReplaySource;
import dev.sluice.limit.Action;
import dev.sluice.limit.Decision;
import dev.sluice.limit.Op;
import dev.sluice.limit.SubscriptionInfo;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * 0xArchive's WebSocket API at {@code /ws?apiKey=}: {@code {"op":"subscribe"|"unsubscribe","channel","symbol"}}
 * answered with {@code subscribed} / {@code unsubscribed}, {@code {"op":"ping"}} with {@code {"type":"pong"}}, live
 * {@code data} for Hyperliquid, HIP-3 and Lighter channels, replays of recorded history ({@link OxReplayDecoder})
 * and errors {@code {"type":"error","message","error_code"}} with 0xArchive's codes. The server pings every 30 s.
 * Instruments are kept per exchange: {@code BTC} on Hyperliquid and on Lighter are different markets.
 */
public final class OxArchiveDialect implements Dialect {

    public static final String NAME = "oxarchive";
    public static final Endpoint WS = new Endpoint("/ws", "ws");
    /** "The server sends ping frames every 30 seconds." */
    public static final long SERVER_PING_INTERVAL_MS = 30_000;

    private static final CloseReason SLOW_CONSUMER = new CloseReason(1008, "slow_consumer");

    /** The REST path of the usage report. */
    public static final String USAGE_PATH = "/v1/usage";

    private final Map<String, Catalog> catalogs = new HashMap<>();
    private final OxReplayDecoder replays;
    private volatile CreditLookup credits = CreditLookup.NONE;

    /** @param history where replays read, or null when the service has no history store */
    public OxArchiveDialect(Collection<Instrument> instruments, ReplaySource history) {
        Map<String, List<Instrument>> byExchange = new HashMap<>();
        for (Instrument instrument : instruments) {
            byExchange.computeIfAbsent(instrument.exchange(), e -> new java.util.ArrayList<>()).add(instrument);
        }
        byExchange.forEach((exchange, list) -> catalogs.put(exchange, new Catalog(list)));
        this.replays = new OxReplayDecoder(this, history);
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
    public Command decode(Connection connection, String text) {
        JsonNode root = Json.parse(text);
        if (root == null || !root.isObject()) {
            return error(Op.OTHER, OxReplies.INVALID_PARAMETER, "Invalid JSON message");
        }
        JsonNode op = root.get("op");
        if (op == null || !op.isTextual()) {
            return error(Op.OTHER, OxReplies.INVALID_PARAMETER, "Missing field: op");
        }
        switch (op.asText()) {
            case "ping":
                return new Command.Reply(Op.PING, OxReplies.PONG);
            case "subscribe":
                return subscription(root, Op.SUBSCRIBE);
            case "unsubscribe":
                return subscription(root, Op.UNSUBSCRIBE);
            case "replay":
                return replays.replay(root);
            case "replay.pause":
            case "replay.resume":
            case "replay.seek":
            case "replay.stop":
                return replays.control(op.asText(), root);
            case "stream":
            case "stream.stop":
                return error(Op.OTHER, OxReplies.INVALID_PARAMETER, "The server no longer streams bulk data; use "
                    + "replay");
            default:
                return error(Op.OTHER, OxReplies.INVALID_PARAMETER, "Unknown op: " + op.asText());
        }
    }

    private Command subscription(JsonNode root, Op op) {
        String channelName = text(root, "channel");
        String symbol = symbolOf(root);
        if (channelName == null || symbol == null) {
            return error(op, OxReplies.INVALID_PARAMETER, "Missing field: " + (channelName == null ? "channel"
                : "symbol"));
        }
        OxChannel channel = OxChannel.of(channelName);
        if (channel == null) {
            return error(op, OxReplies.INVALID_PARAMETER, "Unknown channel: " + channelName);
        }
        if (!channel.live() || channel.topic() == null) {
            return error(op, OxReplies.UNSUPPORTED_FOR_VENUE, "Channel " + channelName
                + " does not support live streaming");
        }
        Instrument instrument = instrument(channel, symbol);
        if (instrument == null) {
            return error(op, OxReplies.INVALID_SYMBOL, "Unknown symbol " + symbol + " for channel " + channelName);
        }
        Stream stream = stream(channel, instrument, false);
        String key = channel.wire() + ':' + instrument.symbol();
        String ack = OxReplies.ack(op == Op.SUBSCRIBE ? "subscribed" : "unsubscribed", channel.wire(),
            instrument.symbol());
        Command.Accepted accepted = new Command.Accepted(SubscriptionInfo.of(key, channel.wire()), stream, ack);
        return op == Op.SUBSCRIBE ? new Command.Subscribe(List.of(accepted)) : new Command.Unsubscribe(
            List.of(accepted));
    }

    /** The instrument a channel's symbol names on its exchange, or null. */
    Instrument instrument(OxChannel channel, String symbol) {
        Catalog catalog = catalogs.get(channel.exchange());
        return catalog == null ? null : catalog.instrument(channel.normalise(symbol));
    }

    /**
     * The shared stream of a channel and instrument: live ({@code record} false) or the recorder's form. Every
     * connection subscribing to one channel of one symbol gets the same stream, so each event is encoded once.
     */
    Stream stream(OxChannel channel, Instrument instrument, boolean record) {
        Catalog catalog = catalogs.get(channel.exchange());
        String key = (record ? "record:" : "") + channel.wire() + ':' + instrument.symbol();
        return catalog.stream(key, k -> new Stream(instrument.topic(channel.topic()),
            encoder(channel, instrument, record)));
    }

    private static StreamEncoder encoder(OxChannel channel, Instrument instrument, boolean record) {
        switch (channel.topic()) {
            case Topic.BOOK:
                return new OxBook(channel, instrument, record);
            case Topic.TRADES:
                return new OxTrades(channel, instrument, record);
            default:
                return new OxContext(channel, instrument, record);
        }
    }

    /**
     * The streams the history recorder joins: every live, replayable channel of every instrument, in the
     * recorder's form (see {@link OxEncoder}), each with its wire channel name.
     */
    @Override
    public Map<Stream, String> recordedStreams() {
        Map<Stream, String> streams = new java.util.LinkedHashMap<>();
        for (OxChannel channel : OxChannel.all()) {
            Catalog catalog = catalogs.get(channel.exchange());
            if (catalog == null || !channel.live() || !channel.replay() || channel.topic() == null) {
                continue;
            }
            for (Instrument instrument : catalog.instruments()) {
                streams.put(stream(channel, instrument, true), channel.wire());
            }
        }
        return streams;
    }

    static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node != null && node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }

    /** {@code symbol}, or {@code coin} as SDKs up to 0.7 sent it. */
    static String symbolOf(JsonNode root) {
        String symbol = text(root, "symbol");
        return symbol != null ? symbol : text(root, "coin");
    }

    static Command error(Op op, String code, String message) {
        return new Command.Reply(op, OxReplies.error(code, message));
    }

    @Override
    public Command decodeBinary(Connection connection, byte[] payload) {
        return error(Op.OTHER, OxReplies.INVALID_PARAMETER, "Binary messages are not supported");
    }

    @Override
    public String limitError(Decision decision, Command refused, Connection connection) {
        Action action = decision.limit().action();
        return OxReplies.error(action.errorCode() == null ? "rate_limited" : action.errorCode(),
            action.message() == null ? "Rate limit exceeded" : action.message());
    }

    @Override
    public String limitNotice(Decision decision, SubscriptionInfo subscription, boolean breached,
                              Connection connection) {
        return OxReplies.error("rate_limited", subscription.channel() + ": limit " + decision.limitValue());
    }

    @Override
    public String credential(Map<String, List<String>> query, Function<String, String> header) {
        List<String> keys = query.get("apiKey");
        return keys == null || keys.isEmpty() ? null : keys.get(0);
    }

    @Override
    public boolean requiresCredential() {
        return true;
    }

    /** 401 with 0xArchive's error envelope and its {@code unauthorized} code. */
    @Override
    public HttpAnswer authFailure(boolean missing) {
        return new HttpAnswer(401, "application/json", OxReplies.error(OxReplies.UNAUTHORIZED,
            missing ? "API key required: connect with ?apiKey=" : "Invalid API key"));
    }

    @Override
    public long serverPingIntervalMs() {
        return SERVER_PING_INTERVAL_MS;
    }

    /** 0xArchive's documented error; its text for Sluice, which closes rather than drops live data. */
    @Override
    public String slowConsumerError() {
        return OxReplies.error(OxReplies.SLOW_CONSUMER, "Your connection fell behind the live stream and is closed");
    }

    @Override
    public CloseReason slowConsumerClose() {
        return SLOW_CONSUMER;
    }

    @Override
    public void creditsFrom(CreditLookup lookup) {
        this.credits = java.util.Objects.requireNonNull(lookup, "lookup");
    }

    /**
     * {@code GET /v1/usage?apiKey=}: the key's credits this month, {@code {"account","plan","credits_used",
     * "credits_limit","credits_remaining"}} ({@code credits_limit} -1 for a plan without a quota); 401 with
     * {@code unauthorized} for a missing or unknown key.
     */
    @Override
    public Optional<HttpAnswer> http(String method, String path, Map<String, List<String>> query) {
        if (!USAGE_PATH.equals(path) || !"GET".equals(method)) {
            return Optional.empty();
        }
        String key = credential(query, name -> null);
        Optional<CreditLookup.Usage> usage = key == null ? Optional.empty() : credits.usage(key);
        if (usage.isEmpty()) {
            return Optional.of(authFailure(key == null));
        }
        CreditLookup.Usage u = usage.get();
        com.fasterxml.jackson.databind.node.ObjectNode body = Json.object();
        body.put("account", u.account());
        body.put("plan", u.plan());
        body.put("credits_used", u.used());
        body.put("credits_limit", u.max());
        body.put("credits_remaining", u.max() < 0 ? -1 : Math.max(0, u.max() - u.used()));
        return Optional.of(new HttpAnswer(200, "application/json", Json.write(body)));
    }
}

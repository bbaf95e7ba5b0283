package dev.sluice.dialect.sfox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Stream;
import dev.sluice.bus.StreamEncoder;
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
import dev.sluice.time.Clock;
import dev.sluice.limit.SubscriptionInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * sFOX's WebSocket API at {@code /ws}: {@code {"type":"authenticate","apiKey":..}} and
 * {@code {"type":"subscribe"|"unsubscribe","feeds":[..]}} (many feeds per request; subscribes add to the set).
 * Both are answered with {@code {"type":"success"|"error","sequence","timestamp","payload":{"action",..}}}; a
 * subscribe or unsubscribe with the full list of the connection's feeds in {@code payload.feeds}. Feeds are
 * {@code ticker.sfox.<pair>}, {@code trades.sfox.<pair>}, {@code orderbook.sfox.<pair>} and
 * {@code orderbook.net.<pair>} for the service's lowercase pairs; every message carries the connection's own
 * increasing {@code sequence} and a nanosecond {@code timestamp}. The private feeds
 * {@code private.user.open-orders} and {@code private.user.balances} carry the authenticated account's simulated
 * orders and balances ({@link SfoxPrivate}) and always need {@code authenticate}; market-data feeds need it when
 * the connection's plan says {@code feedsRequireAuth} (current sFOX docs: all feeds; the legacy API: none).
 */
public final class SfoxDialect implements Dialect {

    public static final String NAME = "sfox";
    public static final Endpoint WS = new Endpoint("/ws", "ws");

    static final String SUBSCRIBE = "subscribe";
    static final String UNSUBSCRIBE = "unsubscribe";
    static final String AUTHENTICATE = "authenticate";
    private static final CloseReason SLOW_CONSUMER = new CloseReason(1013, "slow consumer");

    private final Catalog catalog;
    private final String exchange;
    private final Clock clock;

    /** @param clock stamps the {@code timestamp} of replies */
    public SfoxDialect(Collection<Instrument> instruments, Clock clock) {
        this.catalog = new Catalog(instruments);
        this.exchange = instruments.isEmpty() ? NAME : instruments.iterator().next().exchange();
        this.clock = clock;
    }

    private long now() {
        return clock.epochNanos();
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
        JsonNode type = root == null || !root.isObject() ? null : root.get("type");
        if (type == null || !type.isTextual()) {
            return new Command.Reply(Op.OTHER, SfoxReplies.error(now(), connection, "unknown", "invalid message"));
        }
        String action = type.asText();
        switch (action) {
            case AUTHENTICATE:
                JsonNode key = root.get("apiKey");
                return new Command.Authenticate(key != null && key.isTextual() ? key.asText() : null,
                    SfoxReplies.success(now(), connection, AUTHENTICATE),
                    SfoxReplies.error(now(), connection, AUTHENTICATE, "invalid api key"));
            case SUBSCRIBE:
            case UNSUBSCRIBE:
                return feeds(connection, action, root.get("feeds"));
            default:
                return new Command.Reply(Op.OTHER, SfoxReplies.error(now(), connection, action, "unknown type"),
                    action);
        }
    }

    private Command feeds(Connection connection, String action, JsonNode feeds) {
        Op op = SUBSCRIBE.equals(action) ? Op.SUBSCRIBE : Op.UNSUBSCRIBE;
        if (feeds == null || !feeds.isArray()) {
            return new Command.Reply(op, SfoxReplies.error(now(), connection, action, "feeds must be a list"), action);
        }
        String account = connection.authenticatedAccount();
        if (op == Op.SUBSCRIBE && connection.feedsRequireAuth() && account == null) {
            return new Command.Reply(op, SfoxReplies.error(now(), connection, action, "authentication required"),
                action);
        }
        List<Command.Outcome> outcomes = new ArrayList<>(feeds.size());
        for (JsonNode feed : feeds) {
            boolean personal = feed.isTextual() && isPrivate(feed.asText());
            Stream stream = !feed.isTextual() ? null : personal ? privateStream(feed.asText(), account)
                : stream(feed.asText());
            if (personal && account == null && op == Op.SUBSCRIBE) {
                outcomes.add(new Command.Rejected(SfoxReplies.error(now(), connection, action,
                    "authentication required: " + feed.asText())));
            } else if (stream == null) {
                outcomes.add(new Command.Rejected(SfoxReplies.error(now(), connection, action,
                    "unknown feed: " + (feed.isTextual() ? feed.asText() : feed.toString()))));
            } else {
                String name = feed.asText();
                String channel = personal ? name : name.substring(0, name.lastIndexOf('.'));
                outcomes.add(new Command.Accepted(new SubscriptionInfo(name, channel, channel, null), stream, null));
            }
        }
        return op == Op.SUBSCRIBE ? new Command.Subscribe(outcomes, null, null, action)
            : new Command.Unsubscribe(outcomes);
    }

    private static boolean isPrivate(String feed) {
        return SfoxPrivate.OPEN_ORDERS.equals(feed) || SfoxPrivate.BALANCES.equals(feed);
    }

    /** The account's own stream of a private feed; null without an account (nothing to unsubscribe from). */
    private Stream privateStream(String feed, String account) {
        if (account == null) {
            return null;
        }
        String channel = SfoxPrivate.OPEN_ORDERS.equals(feed) ? Topic.ORDERS : Topic.BALANCES;
        return catalog.stream(feed + "@" + account,
            k -> new Stream(Topic.ofUser(exchange, channel, account), new SfoxPrivate(feed, account)));
    }

    /** The shared stream of a feed name, or null when it names no feed of this service. */
    private Stream stream(String feed) {
        int dot = feed.lastIndexOf('.');
        Instrument instrument = dot < 0 ? null : catalog.instrument(feed.substring(dot + 1));
        if (instrument == null) {
            return null;
        }
        String channel = feed.substring(0, dot);
        String topic;
        switch (channel) {
            case "ticker.sfox":
                topic = Topic.TICKER;
                break;
            case "trades.sfox":
                topic = Topic.TRADES;
                break;
            case "orderbook.sfox":
            case "orderbook.net":
                topic = Topic.BOOK;
                break;
            default:
                return null;
        }
        return catalog.stream(feed, k -> new Stream(instrument.topic(topic), encoder(topic, k, instrument)));
    }

    private static StreamEncoder encoder(String topic, String feed, Instrument instrument) {
        if (Topic.TICKER.equals(topic)) {
            return new SfoxTicker(feed, instrument);
        }
        return Topic.TRADES.equals(topic) ? new SfoxTrades(feed, instrument) : new SfoxBook(feed, instrument);
    }

    @Override
    public String subscriptionsChanged(Connection connection, Command applied, List<SubscriptionInfo> current) {
        List<String> feeds = new ArrayList<>(current.size());
        current.forEach(info -> feeds.add(info.key()));
        return SfoxReplies.feeds(now(), connection, applied.op() == Op.SUBSCRIBE ? SUBSCRIBE : UNSUBSCRIBE, feeds);
    }

    @Override
    public Command decodeBinary(Connection connection, byte[] payload) {
        return new Command.Reply(Op.OTHER,
            SfoxReplies.error(now(), connection, "unknown", "binary messages not supported"));
    }

    /** The limit's code and text, with the milliseconds until the IP's block ends ({@code retryAfterMs}). */
    @Override
    public String limitError(Decision decision, Command refused, Connection connection) {
        Action action = decision.limit().action();
        String requested = refused != null && refused.request() instanceof String s ? s
            : refused instanceof Command.Authenticate ? AUTHENTICATE : "unknown";
        return SfoxReplies.limit(now(), connection, requested, action.errorCode(),
            action.message() == null ? "Rate limit exceeded" : action.message(), decision.retryAfterMs());
    }

    @Override
    public String limitNotice(Decision decision, SubscriptionInfo subscription, boolean breached,
                              Connection connection) {
        return SfoxReplies.error(now(), connection, SUBSCRIBE, subscription.key() + ": limit "
            + (breached ? decision.limitValue() : decision.usage()));
    }

    /** Numbers a reply as it is sent: replies rendered for requests that are never answered take no number. */
    @Override
    public String numbered(String reply, Connection connection) {
        return SfoxReplies.numbered(reply, connection);
    }

    @Override
    public CloseReason slowConsumerClose() {
        return SLOW_CONSUMER;
    }

    @Override
    public Optional<HttpAnswer> http(String method, String path, Map<String, List<String>> query) {
        return Optional.empty();
    }
}

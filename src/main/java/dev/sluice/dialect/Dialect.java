package dev.sluice.dialect;

import dev.sluice.auth.Account;
import dev.sluice.bus.Bus;
import dev.sluice.limit.Decision;
import dev.sluice.limit.SubscriptionInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One vendor's wire protocol. A dialect decodes client messages into {@link Command}s and renders every reply and
 * market-data frame; it never touches the network itself. Sibling implementations live in one package each.
 */
public interface Dialect {

    /** The name used in configuration ({@code okx}). */
    String name();

    /** The WebSocket endpoints a service of this dialect serves unless configured otherwise. */
    List<Endpoint> defaultEndpoints();

    /** Decodes one complete inbound text message. Never throws: bad input becomes a reply or a close. */
    Command decode(Connection connection, String text);

    /** Decodes a complete binary message; most vendors speak text only and answer with an error. */
    Command decodeBinary(Connection connection, byte[] payload);

    /** Whether services of this dialect serve market data (and so need instruments in the feed). */
    default boolean servesMarketData() {
        return true;
    }

    /**
     * The vendor's error message for a refused request (the limit's action names the code and text).
     *
     * @param refused the refused command, or null when no request is involved (a timer, outbound credits)
     */
    String limitError(Decision decision, Command refused, Connection connection);

    /**
     * The notice of a notify limit: the count after a new channel subscription, or (when {@code breached}) the
     * message that ends a subscription over the limit (OKX {@code channel-conn-count} and
     * {@code channel-conn-count-error}).
     */
    String limitNotice(Decision decision, SubscriptionInfo subscription, boolean breached, Connection connection);

    /**
     * The credential in an upgrade request (AllTick: {@code ?token=}), or null when it has none. Dialects whose
     * clients authenticate later, or never, keep the default.
     */
    default String credential(Map<String, List<String>> query, Function<String, String> header) {
        return null;
    }

    /** Whether an upgrade without a credential is refused (with {@link #authFailure}). */
    default boolean requiresCredential() {
        return false;
    }

    /** The HTTP answer to an upgrade whose credential is missing ({@code missing}) or unknown. */
    default HttpAnswer authFailure(boolean missing) {
        return new HttpAnswer(401, "application/json", missing ? "{\"error\":\"credential required\"}"
            : "{\"error\":\"invalid credential\"}");
    }

    /**
     * The message sent after a subscribe or unsubscribe request has been applied, given every subscription the
     * connection now has (sFOX acknowledges with the full list of feeds); null (the default) sends nothing.
     */
    default String subscriptionsChanged(Connection connection, Command applied, List<SubscriptionInfo> current) {
        return null;
    }

    /** How often the server sends WebSocket ping frames (0xArchive: every 30 s); 0 (the default) for never. */
    default long serverPingIntervalMs() {
        return 0;
    }

    /**
     * The streams a history recorder joins to record this dialect's live data, each with the channel name it is
     * stored under (0xArchive); empty (the default) for dialects without history.
     */
    default Map<dev.sluice.bus.Stream, String> recordedStreams() {
        return Map.of();
    }

    /** How the dialect's REST calls learn an account's credit usage (0xArchive {@code GET /v1/usage}). */
    default void creditsFrom(CreditLookup lookup) {
        // Most dialects report no usage.
    }

    /**
     * A reply as it goes out, for dialects whose every message carries the connection's next number (sFOX
     * {@code sequence}). Replies are rendered when a request is decoded, before the limits decide whether it is
     * answered at all (and an authenticate renders both its answers), so the number is filled in here, as the reply
     * is written: only messages the client receives take one. The default sends the reply as rendered.
     */
    default String numbered(String reply, Connection connection) {
        return reply;
    }

    /** The message sent before that close (0xArchive's {@code slow_consumer} error), or null (the default). */
    default String slowConsumerError() {
        return null;
    }

    /**
     * The message every connection gets when the server starts shutting down, before the drain period (OKX
     * {@code notice} 64008: "The connection will soon be closed for a service upgrade"); null (the default) sends
     * nothing.
     */
    default String shutdownNotice(Connection connection) {
        return null;
    }

    /** The close code and reason for a connection whose outbound backlog overflowed. */
    CloseReason slowConsumerClose();

    /** Answers a plain HTTP request on the service's port (REST metadata some clients need), if this dialect does. */
    Optional<HttpAnswer> http(String method, String path, Map<String, List<String>> query);

    /**
     * Called once before the service starts, with the bus and the service's accounts, for dialects that answer
     * requests from market state or map user addresses to accounts (Hyperliquid). Most dialects need neither.
     */
    default void attach(Bus bus, List<Account> accounts) {
    }

    /**
     * For dialects whose clients prove an identity at the upgrade instead of presenting a stored secret (hfun: a
     * signed timestamp or Telegram Login data): the verified identity, or the refusal. Null (the default) means
     * the dialect uses {@link #credential} instead.
     */
    default IdentityProof proveIdentity(Map<String, List<String>> query, Function<String, String> header) {
        return null;
    }

    /** Whether this dialect answers HTTP POST requests (with their body) on the path (Hyperliquid {@code /info}). */
    default boolean answersPost(String path) {
        return false;
    }

    /** Answers such a POST; {@code answer} may be called later, on any thread. */
    default void post(String path, String body, Consumer<HttpAnswer> answer) {
        answer.accept(new HttpAnswer(404, "text/plain", "not found: " + path));
    }

    /** An identity proved at the upgrade, or the answer that refuses it ({@code identity} null). */
    record IdentityProof(String identity, HttpAnswer refusal) {
    }

    /** A WebSocket close code and reason. */
    record CloseReason(int code, String reason) {
    }

    /** A complete HTTP response body with its status and content type. */
    record HttpAnswer(int status, String contentType, String body) {
    }
}

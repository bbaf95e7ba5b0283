package dev.sluice.dialect.hyperliquid;

import static dev.sluice.dialect.hyperliquid.HlPreset.NOW_S;
import static dev.sluice.dialect.hyperliquid.HlPreset.SEAT;
import static dev.sluice.dialect.hyperliquid.HlPreset.next;
import static dev.sluice.dialect.hyperliquid.HlPreset.post;
import static dev.sluice.dialect.hyperliquid.HlPreset.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import dev.sluice.dialect.sfox.SfoxClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hfun page's limits over real sockets and the manual clock, each shared by two (or more) connections of one
 * identity: connections, subscriptions, unique users, inbound messages, in-flight posts.
 */
class HfunLimitsTest {

    static final String RATE_LIMITED = "{\"channel\":\"error\",\"data\":{\"error\":\"rate limit exceeded\"}}";
    /** The refill interval of 1,000 messages a minute. */
    static final long TOKEN_MS = 60;

    private long nextTs = NOW_S - 59;

    @Test
    void shouldRefuseTheEleventhSeatConnectionWith429AndAdmitOneAgainOnceOneCloses() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HFUN)) {
            List<SfoxClient> open = seat(fixture, 10);
            SfoxClient eleventh = seatConnection(fixture);
            assertThat(eleventh.status()).as("connection 11 of 10").isEqualTo(429);
            assertThat(eleventh.response()).endsWith(RATE_LIMITED);
            open.remove(0).close();
            SfoxClient again = awaitAdmitted(fixture);
            assertThat(again.status()).as("a slot freed by the close").isEqualTo(101);
            open.forEach(SfoxClient::close);
        }
    }

    @Test
    void shouldAllowTwentyTelegramConnections() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HFUN)) {
            String data = HlPreset.telegram(HlPreset.TELEGRAM_ID, NOW_S, HlPreset.BOT_TOKEN);
            List<SfoxClient> open = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                SfoxClient client = SfoxClient.connectTo(fixture.port(HlPreset.HFUN), "127.0.0.1", "/ws?" + data);
                assertThat(client.status()).as("Telegram connection %d of 20", i + 1).isEqualTo(101);
                open.add(client);
            }
            SfoxClient over = SfoxClient.connectTo(fixture.port(HlPreset.HFUN), "127.0.0.1", "/ws?" + data);
            assertThat(over.status()).as("connection 21 of 20").isEqualTo(429);
            open.forEach(SfoxClient::close);
        }
    }

    @Test
    void shouldAnswerTheConnectionLimitWith403WhenConfiguredSo() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HFUN, Map.of("status: 429", "status: 403"))) {
            List<SfoxClient> open = seat(fixture, 10);
            assertThat(seatConnection(fixture).status()).isEqualTo(403);
            open.forEach(SfoxClient::close);
        }
    }

    @Test
    void shouldShareHundredSubscriptionsAcrossTwoConnectionsAndKeepTheExistingOnes() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HFUN)) {
            SfoxClient a = seatConnection(fixture);
            SfoxClient b = seatConnection(fixture);
            a.send(subscribe("{\"type\":\"trades\",\"coin\":\"BTC\"}"));
            next(a, "subscriptionResponse");
            for (int i = 1; i < 100; i++) {
                fixture.advanceClock(TOKEN_MS);
                SfoxClient client = i % 2 == 0 ? a : b;
                client.send(subscribe(userEvents(i)));
                assertThat(next(client, "subscriptionResponse")).as("subscription %d of 100", i + 1).isNotNull();
            }
            fixture.advanceClock(TOKEN_MS);
            b.send(subscribe(userEvents(100)));
            assertThat(b.next()).as("subscription 101 of 100").isEqualTo(RATE_LIMITED);
            fixture.advanceFeed(2_000);
            assertThat(next(a, "trades").at("/data/0/coin").asText()).as("existing subscriptions keep working")
                .isEqualTo("BTC");
            fixture.advanceClock(TOKEN_MS);
            a.send(HlPreset.unsubscribe(userEvents(2)));
            next(a, "subscriptionResponse");
            fixture.advanceClock(TOKEN_MS);
            b.send(subscribe(userEvents(100)));
            assertThat(next(b, "subscriptionResponse").at("/data/method").asText()).isEqualTo("subscribe");
        }
    }

    @Test
    void shouldCountAUserOnOrderUpdatesAndUserFillsOnceAcrossConnectionsAndFreeItOnClose() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HFUN)) {
            SfoxClient a = seatConnection(fixture);
            SfoxClient b = seatConnection(fixture);
            SfoxClient c = seatConnection(fixture);
            for (int i = 1; i <= 6; i++) {
                assertThat(subscribed(fixture, a, userChannel("orderUpdates", i))).isTrue();
                assertThat(subscribed(fixture, b, userChannel("userFills", i))).as("user %d again", i).isTrue();
            }
            for (int i = 7; i <= 10; i++) {
                assertThat(subscribed(fixture, b, userChannel("orderUpdates", i))).as("user %d of 10", i).isTrue();
            }
            fixture.advanceClock(TOKEN_MS);
            c.send(subscribe(userChannel("userFills", 11)));
            assertThat(next(c, "error").toString()).as("user 11 of 10").isEqualTo(RATE_LIMITED);
            b.close();
            boolean freed = false;
            for (int attempt = 0; attempt < 40 && !freed; attempt++) {
                freed = subscribed(fixture, c, userChannel("userFills", 11));
            }
            assertThat(freed).as("users 7 to 10 freed when the connection holding them closed").isTrue();
        }
    }

    @Test
    void shouldLimitInboundMessagesOfAllConnectionsIncludingPingsToABurstOfFiftyThenOneEvery60Ms() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HFUN)) {
            SfoxClient a = seatConnection(fixture);
            SfoxClient b = seatConnection(fixture);
            for (int i = 0; i < 50; i++) {
                SfoxClient client = i % 2 == 0 ? a : b;
                client.send("{\"method\":\"ping\"}");
                assertThat(client.next()).as("message %d of the burst of 50", i + 1).isEqualTo(HlPreset.PONG);
            }
            a.send("{\"method\":\"ping\"}");
            assertThat(a.next()).as("message 51").isEqualTo(RATE_LIMITED);
            fixture.advanceClock(TOKEN_MS - 1);
            b.send("{\"method\":\"ping\"}");
            assertThat(b.next()).as("59 ms later").isEqualTo(RATE_LIMITED);
            fixture.advanceClock(1);
            b.send("{\"method\":\"ping\"}");
            assertThat(b.next()).as("60 ms later: one more").isEqualTo(HlPreset.PONG);
        }
    }

    @Test
    void shouldCapInFlightPostsAtHundredAcrossTwoConnectionsUntilSomeAreAnswered() {
        // A minute of latency keeps posts in flight; a wide burst keeps the message rate out of the way.
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HFUN, Map.of("infoLatencyMs: 20",
            "infoLatencyMs: 60000", "burst: 50", "burst: 1000"))) {
            SfoxClient a = seatConnection(fixture);
            SfoxClient b = seatConnection(fixture);
            sendPosts(a, 0, 50);
            sendPosts(b, 50, 50);
            b.send(post(100, "{\"type\":\"allMids\"}"));
            assertThat(b.next()).as("post 101 of 100 in flight").isEqualTo(RATE_LIMITED);
            fixture.advanceClock(60_000);
            assertThat(next(a, "post").at("/data/id").asLong()).isZero();
            for (int i = 0; i < 50; i++) {
                assertThat(next(b, "post").at("/data/id").asLong()).isEqualTo(50 + i);
            }
            b.send(post(101, "{\"type\":\"allMids\"}"));
            b.send("{\"method\":\"ping\"}");
            assertThat(b.next()).as("answered posts free their slots").isEqualTo(HlPreset.PONG);
        }
    }

    @Test
    void shouldNameTheRefusedRequestInTheOfficialStringForm() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HFUN, Map.of("limitErrors: object",
            "limitErrors: string", "infoLatencyMs: 20", "infoLatencyMs: 60000", "burst: 50", "burst: 1000"))) {
            SfoxClient a = seatConnection(fixture);
            sendPosts(a, 0, 100);
            a.send(post(100, "{\"type\":\"allMids\"}"));
            JsonNode error = next(a, "error");
            assertThat(error.get("data").asText()).isEqualTo("rate limit exceeded id=100");
        }
    }

    private static void sendPosts(SfoxClient client, int firstId, int count) {
        for (int i = 0; i < count; i++) {
            client.send(post(firstId + i, "{\"type\":\"allMids\"}"));
        }
        // A ping answered after them: every post before it has been counted.
        client.send("{\"method\":\"ping\"}");
        assertThat(client.next()).isEqualTo(HlPreset.PONG);
    }

    /** Subscribes after a token's worth of time; true if acknowledged, false if refused. */
    private static boolean subscribed(GatewayFixture fixture, SfoxClient client, String subscription) {
        fixture.advanceClock(TOKEN_MS);
        client.send(subscribe(subscription));
        // Skip data (a userFills snapshot follows its ack) up to the answer: an ack or the error.
        for (JsonNode reply = client.nextJson(); reply != null; reply = client.nextJson()) {
            String channel = reply.path("channel").asText();
            if ("subscriptionResponse".equals(channel) || "error".equals(channel)) {
                return "subscriptionResponse".equals(channel);
            }
        }
        return false;
    }

    private static String userEvents(int i) {
        return userChannel("userEvents", i);
    }

    private static String userChannel(String type, int i) {
        return "{\"type\":\"" + type + "\",\"user\":\"0x" + String.format("%040x", i) + "\"}";
    }

    private List<SfoxClient> seat(GatewayFixture fixture, int count) {
        List<SfoxClient> open = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SfoxClient client = seatConnection(fixture);
            assertThat(client.status()).as("seat connection %d of %d", i + 1, count).isEqualTo(101);
            open.add(client);
        }
        return open;
    }

    /** A connection of the demo seat with a fresh signature (each is single use). */
    private SfoxClient seatConnection(GatewayFixture fixture) {
        return HlPreset.signed(fixture, SEAT, nextTs++);
    }

    /** Connects until admitted: the server frees a closed connection's slot when it sees the close. */
    private SfoxClient awaitAdmitted(GatewayFixture fixture) {
        SfoxClient client = seatConnection(fixture);
        for (int attempt = 0; attempt < 40 && client.status() != 101; attempt++) {
            client = seatConnection(fixture);
        }
        return client;
    }
}

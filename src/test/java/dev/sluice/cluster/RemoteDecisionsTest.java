package dev.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.GatewayFixture;
import dev.sluice.limit.redis.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A gateway whose limits live in a real {@code redis-server}: a request's shared decision runs off the event loop
 * while the connection reads nothing more, so pipelined requests are answered in order; subscriptions counted per
 * IP hold across connections and are given back when a connection closes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteDecisionsTest {

    private static final String SUBSCRIBE = "{\"id\":\"%d\",\"op\":\"subscribe\",\"args\":[{\"channel\":\"%s\","
        + "\"instId\":\"BTC-USDT\"}]}";

    private RedisProcess redis;
    private RedisClient client;
    private StatefulRedisConnection<String, String> inspector;
    private GatewayFixture gateway;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        redis = RedisProcess.start();
        client = RedisClient.create();
        inspector = redis.connect(client);
        gateway = GatewayFixture.start("""
            server:
              ioThreads: 1
            state:
              type: redis
              uri: redis://127.0.0.1:%d
              timeoutMs: 3000
            plans:
              - name: shared
                limits:
                  - kind: connections
                    scope: ip
                    max: 100
                  - kind: subscriptions
                    scope: ip
                    max: 2
                    errorCode: "60014"
                    errorMessage: Too many subscriptions
                  - kind: message-rate
                    scope: ip
                    permits: 1000
                    periodMs: 1000
            services:
              - name: okx
                dialect: okx
                port: 0
                plan: shared
            feed:
              instruments:
            %s
            """.formatted(redis.port(), GatewayFixture.OKX_BTC_USDT.stripTrailing()));
    }

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        gateway.close();
        inspector.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
        redis.close();
    }

    @Test
    void shouldAnswerPipelinedRequestsInOrderWhileDecisionsWaitOnRedis() throws Exception {
        WsClient ws = open();

        ws.send(SUBSCRIBE.formatted(1, "tickers"));
        ws.send(SUBSCRIBE.formatted(2, "trades"));
        ws.send(SUBSCRIBE.formatted(3, "books5"));
        ws.send("ping");

        assertThat(next(ws)).as("1st answer").contains("\"id\":\"1\"").contains("\"event\":\"subscribe\"");
        assertThat(next(ws)).as("2nd answer").contains("\"id\":\"2\"").contains("\"event\":\"subscribe\"");
        assertThat(next(ws)).as("3rd answer: a 3rd subscription of a cap-2 IP").contains("\"code\":\"60014\"");
        assertThat(next(ws)).as("4th answer").isEqualTo("pong");
        assertThat(subscriptionSlots()).as("subscription slots held in Redis").isEqualTo(2);
    }

    @Test
    void shouldCountSubscriptionsOfOneIpAcrossConnectionsAndGiveThemBackOnClose() throws Exception {
        WsClient first = open();
        first.send(SUBSCRIBE.formatted(1, "tickers"));
        first.send(SUBSCRIBE.formatted(2, "trades"));
        assertThat(next(first)).contains("\"id\":\"1\"");
        assertThat(next(first)).contains("\"id\":\"2\"");
        WsClient second = open();

        second.send(SUBSCRIBE.formatted(3, "books5"));
        assertThat(next(second)).as("subscription on another connection of the same IP").contains("60014");

        first.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (subscriptionSlots() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(subscriptionSlots()).as("slots after the first connection closed").isZero();
        second.send(SUBSCRIBE.formatted(4, "books5"));
        assertThat(next(second)).contains("\"id\":\"4\"").contains("\"event\":\"subscribe\"");
    }

    @Test
    void shouldKeepServingOnTheEventLoopWhileAHandshakeWaitsOnRedis() throws Exception {
        open();
        // Redis answers nobody for 1.5 s; the handshake's decision waits that long (the timeout is 3 s).
        inspector.sync().clientPause(1_500);
        long pausedAt = System.nanoTime();
        java.util.concurrent.CompletableFuture<WsClient> handshake = java.util.concurrent.CompletableFuture
            .supplyAsync(() -> {
                try {
                    return open();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        long healthStart = System.nanoTime();
        java.net.http.HttpResponse<String> health = WsClient.HTTP.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + gateway.port("okx") + "/health")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        long healthMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healthStart);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(healthMs).as("ms for /health on the only event loop while a handshake waits on Redis")
            .isLessThan(500);
        assertThat(handshake.get(10, TimeUnit.SECONDS).admitted()).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt))
            .as("ms until the handshake was answered (it waited for Redis)").isGreaterThanOrEqualTo(1_000);
    }

    @Test
    void shouldReCountAReplacingSubscribeAgainstWhatItGivesBackFirst() throws Exception {
        try (GatewayFixture alltick = GatewayFixture.start(ALLTICK.formatted(redis.port()))) {
            WsClient ws = WsClient.open(alltick.port("alltick"), "/quote-stock-b-ws-api?token=carol");
            clients.add(ws);
            assertThat(ws.admitted()).isTrue();

            ws.send(TRADES.formatted(1, "{\"code\":\"AAPL.US\"},{\"code\":\"UNH.US\"},{\"code\":\"TSLA.US\"}"));
            assertThat(reply(ws, 1)).as("ack of 3 codes, cap 2 per account: the 3rd ignored")
                .contains("\"ret\":200");
            assertThat(slotMembers()).as("codes held in Redis").hasSize(2).anyMatch(m -> m.contains("AAPL.US"))
                .anyMatch(m -> m.contains("UNH.US"));

            ws.send(TRADES.formatted(2, "{\"code\":\"TSLA.US\"},{\"code\":\"AAPL.US\"}"));
            assertThat(reply(ws, 2)).contains("\"ret\":200");
            assertThat(slotMembers()).as("codes held after a replace listing TSLA.US, AAPL.US").hasSize(2)
                .anyMatch(m -> m.contains("TSLA.US")).anyMatch(m -> m.contains("AAPL.US"))
                .noneMatch(m -> m.contains("UNH.US"));
        }
    }

    private static final String TRADES = "{\"cmd_id\":22004,\"seq_id\":%d,\"trace\":\"t\",\"data\":"
        + "{\"symbol_list\":[%s]}}";

    private static final String ALLTICK = """
        state:
          type: redis
          uri: redis://127.0.0.1:%d
        plans:
          - name: shared-codes
            limits:
              - kind: subscriptions
                scope: account
                perInterface: true
                max: 2
                action: ignore-excess
        services:
          - name: alltick
            dialect: alltick
            port: 0
        accounts:
          - service: alltick
            token: carol
            plan: shared-codes
        feed:
          instruments:
            - {exchange: alltick, symbol: AAPL.US, base: AAPL, quote: USD, tickSize: 0.01, lotSize: 1, price: 189.5}
            - {exchange: alltick, symbol: UNH.US, base: UNH, quote: USD, tickSize: 0.01, lotSize: 1, price: 521.3}
            - {exchange: alltick, symbol: TSLA.US, base: TSLA, quote: USD, tickSize: 0.01, lotSize: 1, price: 248.7}
        """;

    /** AllTick's answer to the request with this seq_id (market data skipped), waiting at most 5 s. */
    private static String reply(WsClient ws, int seqId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            String text = ws.messages.poll(100, TimeUnit.MILLISECONDS);
            if (text != null && text.contains("\"seq_id\":" + seqId + ",")) {
                return text;
            }
        }
        throw new AssertionError("no reply to seq_id " + seqId + " within 5 s");
    }

    /** Members of the alltick service's subscription sets in Redis. */
    private java.util.Set<String> slotMembers() {
        java.util.Set<String> members = new java.util.HashSet<>();
        for (String key : inspector.sync().keys("sluice:set:{alltick|*}:h")) {
            members.addAll(inspector.sync().hkeys(key));
        }
        return members;
    }

    private WsClient open() throws InterruptedException {
        WsClient ws = WsClient.open(gateway.port("okx"), "/ws/v5/public");
        clients.add(ws);
        assertThat(ws.admitted()).isTrue();
        return ws;
    }

    /** The next control reply (market data frames skipped), waiting at most 5 s. */
    private static String next(WsClient ws) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            String text = ws.messages.poll(100, TimeUnit.MILLISECONDS);
            if (text != null && !text.contains("\"data\"")) {
                return text;
            }
        }
        throw new AssertionError("no reply within 5 s");
    }

    private long subscriptionSlots() {
        long total = 0;
        for (String key : inspector.sync().keys("sluice:set:{okx|*subscriptions*}:h")) {
            total += inspector.sync().hlen(key);
        }
        return total;
    }
}

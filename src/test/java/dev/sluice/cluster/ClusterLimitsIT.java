package dev.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.GatewayFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two gateway JVMs sharing a real {@code redis-server}: an identity's connection cap holds across both, a crashed
 * node's slots come free within one lease, a Redis outage applies the failure policy without stopping streams, a
 * Redis restart is repaired within a renewal interval, and a node's skewed clock changes nothing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterLimitsIT extends RedisNodesHarness {

    static final long LEASE_TTL_MS = 3_000;
    static final long RENEWAL_MS = 1_000;
    static final String ALLTICK = "/quote-stock-b-ws-api?token=";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldAdmitExactlyThreeOfFiftyInterleavedAttemptsOnTwoNodesNeverMoreLive() throws Exception {
        NodeProcess a = node("a", 0);
        NodeProcess b = node("b", 0);
        AtomicBoolean storming = new AtomicBoolean(true);
        AtomicLong mostLive = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (storming.get()) {
                mostLive.accumulateAndGet(liveSlots(), Math::max);
            }
        });
        sampler.start();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<WsClient>> attempts = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                int port = (i % 2 == 0 ? a : b).port("alltick");
                attempts.add(pool.submit(() -> WsClient.open(port, ALLTICK + "alice")));
            }
            int admitted = 0;
            int refused429 = 0;
            for (Future<WsClient> attempt : attempts) {
                WsClient ws = attempt.get(30, TimeUnit.SECONDS);
                clients.add(ws);
                admitted += ws.admitted() ? 1 : 0;
                refused429 += ws.status == 429 ? 1 : 0;
            }
            assertThat(admitted).as("admitted of 50 attempts on 2 nodes, identity cap 3").isEqualTo(3);
            assertThat(refused429).as("refused with 429").isEqualTo(47);
        } finally {
            storming.set(false);
            sampler.join();
            pool.shutdownNow();
        }
        assertThat(mostLive.get()).as("most slots held at once in Redis, sampled throughout").isLessThanOrEqualTo(3);
        assertThat(liveSlots()).isEqualTo(3);
    }

    @Test
    void shouldFreeSlotsOfKilledNodeWithinLeaseTtlPlusOneSecond() throws Exception {
        NodeProcess a = node("a", 0);
        NodeProcess b = node("b", 0);
        for (int i = 0; i < 3; i++) {
            assertThat(open(a.port("alltick"), "alice").admitted()).as("connection %d on node A", i + 1).isTrue();
        }
        assertThat(open(b.port("alltick"), "alice").status).as("4th connection, on node B").isEqualTo(429);

        a.kill();
        long killedAt = System.nanoTime();
        long deadline = killedAt + TimeUnit.MILLISECONDS.toNanos(LEASE_TTL_MS + 1_000);
        int admitted = 0;
        while (admitted < 3 && System.nanoTime() < deadline) {
            admitted += open(b.port("alltick"), "alice").admitted() ? 1 : 0;
        }
        long freedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        assertThat(admitted).as("slots taken through node B within %d ms of SIGKILL (took %d ms)",
            LEASE_TTL_MS + 1_000, freedMs).isEqualTo(3);
        assertThat(open(b.port("alltick"), "alice").status).as("4th again").isEqualTo(429);
    }

    @Test
    void shouldCloseConnectionsOfNodePausedPastItsLeasesOnceOthersTookTheirSlots() throws Exception {
        NodeProcess a = node("a", 0);
        NodeProcess b = node("b", 0);
        List<WsClient> onA = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            onA.add(open(a.port("alltick"), "alice"));
            assertThat(onA.get(i).admitted()).as("connection %d on node A", i + 1).isTrue();
        }

        a.pause(true);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEASE_TTL_MS + 1_000);
        int takenByB = 0;
        while (takenByB < 3 && System.nanoTime() < deadline) {
            takenByB += open(b.port("alltick"), "alice").admitted() ? 1 : 0;
        }
        assertThat(takenByB).as("slots taken through B while A is frozen past its lease").isEqualTo(3);
        a.pause(false);
        long resumedAt = System.nanoTime();
        long closeDeadline = resumedAt + TimeUnit.MILLISECONDS.toNanos(RENEWAL_MS + 1_000);
        while (onA.stream().anyMatch(ws -> !ws.closed()) && System.nanoTime() < closeDeadline) {
            Thread.onSpinWait();
        }

        assertThat(onA).as("A's connections closed within a renewal interval (+1 s) of resuming")
            .allMatch(WsClient::closed);
        assertThat(liveSlots()).as("slots in Redis after A noticed").isEqualTo(3);
        assertThat(open(a.port("alltick"), "alice").status).as("a new connection on A").isEqualTo(429);
    }

    @Test
    void shouldKeepStreamsWithoutGapAndRefuseNewConnectionsWithinOneSecondWhileRedisIsDown() throws Exception {
        NodeProcess a = node("a", 0);
        WsClient subscriber = open(a.port("okx"), "/ws/v5/public");
        assertThat(subscriber.admitted()).isTrue();
        subscriber.send("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}");
        BookChain chain = new BookChain();
        chain.readFor(subscriber, 1_000);

        redis.stop();
        long stoppedAt = System.nanoTime();
        WsClient refused = open(a.port("alltick"), "alice");
        long answeredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
        assertThat(refused.status).as("handshake while Redis is down, policy closed").isEqualTo(503);
        assertThat(answeredMs).as("ms until the closed policy answered").isLessThan(1_000);
        chain.readFor(subscriber, 2_000);

        redis.restart();
        chain.readFor(subscriber, 500);
        assertThat(chain.updates).as("book updates received across the outage").isGreaterThan(10);
        assertThat(chain.gaps).as("seqId gaps in the books stream across the outage").isZero();
    }

    @Test
    void shouldReRegisterLiveConnectionsWithinOneRenewalIntervalAfterRedisRestartsEmpty() throws Exception {
        NodeProcess a = node("a", 0);
        for (int i = 0; i < 2; i++) {
            assertThat(open(a.port("alltick"), "alice").admitted()).isTrue();
        }
        assertThat(liveSlots()).isEqualTo(2);

        redis.stop();
        redis.restart();
        inspector.close();
        inspector = redis.connect(client);
        long restartedAt = System.nanoTime();
        // Bounded by one renewal interval, plus the probe that notices the outage when a renewal fell into it.
        long deadline = restartedAt + TimeUnit.MILLISECONDS.toNanos(RENEWAL_MS + 500);
        while (liveSlots() != 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(liveSlots()).as("slots in Redis %d ms after it restarted empty",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt)).isEqualTo(2);
        assertThat(open(a.port("alltick"), "alice").admitted()).as("third").isTrue();
        assertThat(open(a.port("alltick"), "alice").status).as("fourth after the restart").isEqualTo(429);
    }

    @Test
    void shouldAdmitTheSameOnNodeWhoseClockRunsFiveSecondsAhead() throws Exception {
        NodeProcess a = node("a", 0);
        NodeProcess skewed = node("skewed", 5_000);
        // bob: connect-rate 12 a minute (one token per 5 s), burst 5, per identity. On its own clock node "skewed"
        // would see 5 s of refill since node A drained the bucket, a whole new token; on Redis TIME it sees the
        // fraction of a token that really refilled (the test takes well under 5 s), so none.
        for (int i = 0; i < 5; i++) {
            assertThat(open(a.port("alltick"), "bob").admitted()).as("burst connection %d on A", i + 1).isTrue();
        }
        int admittedBySkewed = 0;
        int admittedByA = 0;
        for (int i = 0; i < 3; i++) {
            admittedBySkewed += open(skewed.port("alltick"), "bob").admitted() ? 1 : 0;
            admittedByA += open(a.port("alltick"), "bob").admitted() ? 1 : 0;
        }
        assertThat(admittedBySkewed).as("admitted by the node 5 s ahead, bucket drained").isZero();
        assertThat(admittedByA).as("admitted by the unskewed node, bucket drained").isZero();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private NodeProcess node(String name, long skewMs) throws Exception {
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, config(redis.port()));
        NodeProcess node = NodeProcess.start(config, skewMs, NodeProcess.logFile(getClass().getSimpleName() + "-"
            + name));
        nodes.add(node);
        return node;
    }

    private WsClient open(int port, String tokenOrPath) throws InterruptedException {
        WsClient ws = WsClient.open(port, tokenOrPath.startsWith("/") ? tokenOrPath : ALLTICK + tokenOrPath);
        clients.add(ws);
        return ws;
    }

    /** Members of alice's connection set in Redis (its holders hash). */
    private long liveSlots() {
        long total = 0;
        for (String key : inspector.sync().keys("sluice:set:{alltick|*identity:alice}:h")) {
            total += inspector.sync().hlen(key);
        }
        return total;
    }

    static String config(int redisPort) {
        return """
            state:
              type: redis
              uri: redis://127.0.0.1:%d
              timeoutMs: 200
              leaseTtlMs: %d
              renewalIntervalMs: %d
              failurePolicy: closed
            feed:
              instruments:
            %s
                - exchange: alltick
                  symbol: AAPL.US
                  base: AAPL
                  quote: USD
                  tickSize: 0.01
                  lotSize: 1
                  price: 189.5
                  depth: 10
            plans:
              - name: capped
                limits:
                  - kind: connections
                    scope: identity
                    max: 3
              - name: paced
                limits:
                  - kind: connect-rate
                    scope: identity
                    permits: 12
                    periodMs: 60000
                    window: bucket
                    burst: 5
              - name: per-ip
                limits:
                  - kind: connections
                    scope: ip
                    max: 100
            services:
              - name: alltick
                dialect: alltick
                port: 0
              - name: okx
                dialect: okx
                port: 0
                plan: per-ip
            accounts:
              - service: alltick
                token: alice
                identity: alice
                plan: capped
              - service: alltick
                token: bob
                identity: bob
                plan: paced
            """.formatted(redisPort, LEASE_TTL_MS, RENEWAL_MS, GatewayFixture.OKX_BTC_USDT.stripTrailing());
    }

    /** Follows an OKX {@code books} stream: every update's prevSeqId must be the seqId before it. */
    static final class BookChain {
        long lastSeqId = Long.MIN_VALUE;
        int updates;
        int gaps;

        void readFor(WsClient ws, long millis) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (System.nanoTime() < deadline) {
                String text = ws.messages.poll(50, TimeUnit.MILLISECONDS);
                if (text == null || !text.contains("\"seqId\"")) {
                    continue;
                }
                JsonNode data = JSON.readTree(text).path("data").get(0);
                long seqId = data.path("seqId").asLong();
                long prev = data.path("prevSeqId").asLong();
                if (lastSeqId != Long.MIN_VALUE && prev != -1 && prev != lastSeqId) {
                    gaps++;
                }
                lastSeqId = seqId;
                updates++;
            }
        }
    }
}

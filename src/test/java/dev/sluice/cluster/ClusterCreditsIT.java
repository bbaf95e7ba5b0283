package dev.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, item 5, across nodes: two gateway JVMs on one {@code redis-server} serve one account whose quota is 200
 * credits, four connections at once (two per node) on fast live streams. The account never receives more than 200
 * data messages in total, the shared count in Redis never passes 200 (sampled throughout), {@code GET /v1/usage}
 * on either node never reports more than 200, and once every connection has closed and given back its unspent
 * credits the count in Redis is exactly what was delivered.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterCreditsIT extends RedisNodesHarness {

    static final long QUOTA = 200;
    static final String KEY = "/ws?apiKey=0xa_metered";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldNeverDeliverMoreThanTheQuotaOfOneAccountServedByTwoNodes() throws Exception {
        NodeProcess a = node("a");
        NodeProcess b = node("b");
        List<WsClient> streams = new ArrayList<>();
        for (NodeProcess node : List.of(a, b, a, b)) {
            WsClient ws = WsClient.open(node.port("oxarchive"), KEY);
            clients.add(ws);
            assertThat(ws.admitted()).as("connection %d of the metered account", streams.size() + 1).isTrue();
            streams.add(ws);
        }
        AtomicBoolean sampling = new AtomicBoolean(true);
        AtomicLong mostCounted = new AtomicLong();
        AtomicLong mostReported = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                mostCounted.accumulateAndGet(counted(), Math::max);
                mostReported.accumulateAndGet(Math.max(usedReported(a), usedReported(b)), Math::max);
                // A sample every few milliseconds: enough to catch an overrun, and leaves the two cores to the nodes.
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3));
            }
        }, "credit-sampler");
        sampler.start();
        long[] data = new long[streams.size()];
        boolean[] refused = new boolean[streams.size()];
        try {
            for (WsClient ws : streams) {
                for (String symbol : List.of("BTC", "ETH")) {
                    for (String channel : List.of("trades", "orderbook")) {
                        ws.send("{\"op\":\"subscribe\",\"channel\":\"" + channel + "\",\"symbol\":\"" + symbol
                            + "\"}");
                    }
                }
            }
            readUntilRefusedOrClosed(streams, data, refused);
        } finally {
            sampling.set(false);
            sampler.join();
        }

        long delivered = 0;
        for (long received : data) {
            delivered += received;
        }
        assertThat(delivered).as("data messages to one account on two nodes (%d, %d, %d, %d), quota %d", data[0],
            data[1], data[2], data[3], QUOTA).isLessThanOrEqualTo(QUOTA).isPositive();
        assertThat(data[0] + data[2]).as("delivered by node a").isPositive();
        assertThat(data[1] + data[3]).as("delivered by node b").isPositive();
        assertThat(refused).as("insufficient_credits on every connection").containsOnly(true);
        assertThat(mostCounted.get()).as("highest count of the account in Redis, sampled throughout")
            .isLessThanOrEqualTo(QUOTA);
        assertThat(mostReported.get()).as("highest credits_used of GET /v1/usage on either node")
            .isLessThanOrEqualTo(QUOTA);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (counted() != delivered && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(counted()).as("the count in Redis once every connection gave back its unspent credits")
            .isEqualTo(delivered);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** Counts each connection's data messages until it gets insufficient_credits or closes (at most 30 s). */
    private static void readUntilRefusedOrClosed(List<WsClient> streams, long[] data, boolean[] refused)
        throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean open = true;
        while (open && System.nanoTime() < deadline) {
            open = false;
            for (int i = 0; i < streams.size(); i++) {
                WsClient ws = streams.get(i);
                for (String text = ws.messages.poll(5, TimeUnit.MILLISECONDS); text != null;
                     text = ws.messages.poll()) {
                    JsonNode message = JSON.readTree(text);
                    String type = message.path("type").asText();
                    if ("data".equals(type)) {
                        data[i]++;
                    } else if ("error".equals(type)
                        && "insufficient_credits".equals(message.path("error_code").asText())) {
                        refused[i] = true;
                    }
                }
                open |= !refused[i] && !ws.closed();
            }
        }
    }

    /** The account's credit count in Redis (0 before its first reservation). */
    private long counted() {
        long total = 0;
        for (String key : inspector.sync().keys("sluice:count:{oxarchive|*credits|account:metered*}")) {
            String value = inspector.sync().get(key);
            total += value == null ? 0 : Long.parseLong(value);
        }
        return total;
    }

    /** credits_used as {@code GET /v1/usage} on a node reports it. */
    private static long usedReported(NodeProcess node) {
        try {
            HttpResponse<String> response = WsClient.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + node.port("oxarchive") + "/v1/usage?apiKey=0xa_metered")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET /v1/usage").isEqualTo(200);
            return JSON.readTree(response.body()).path("credits_used").asLong();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private NodeProcess node(String name) throws Exception {
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, config(redis.port()));
        NodeProcess node = NodeProcess.start(config, 0, NodeProcess.logFile(getClass().getSimpleName() + "-"
            + name));
        nodes.add(node);
        return node;
    }

    static String config(int redisPort) {
        return """
            state:
              type: redis
              uri: redis://127.0.0.1:%d
              timeoutMs: 200
              failurePolicy: closed
            feed:
              type: synthetic
              seed: 42
              instruments:
                - exchange: hyperliquid
                  symbol: "BTC"
                  base: BTC
                  quote: USD
                  tickSize: 1
                  lotSize: 0.00001
                  minSize: 0.0001
                  price: 97000
                  depth: 10
                  levelSize: 0.5
                  tradesPerSecond: 40
                  bookUpdatesPerSecond: 40
                - exchange: hyperliquid
                  symbol: "ETH"
                  base: ETH
                  quote: USD
                  tickSize: 0.1
                  lotSize: 0.0001
                  minSize: 0.001
                  price: 3200
                  depth: 10
                  levelSize: 5
                  tradesPerSecond: 40
                  bookUpdatesPerSecond: 40
            plans:
              - name: metered
                limits:
                  - kind: credits
                    scope: account
                    max: %d
                    action: error-frame
                    errorCode: insufficient_credits
                    errorMessage: Monthly credit quota exhausted
                    closeAfterError: true
                    closeCode: 1008
            services:
              - name: oxarchive
                dialect: oxarchive
                port: 0
                exchange: hyperliquid
                plan: metered
            accounts:
              - service: oxarchive
                token: 0xa_metered
                id: metered
                plan: metered
            """.formatted(redisPort, QUOTA);
    }
}

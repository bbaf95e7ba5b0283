package dev.sluice.cluster;

import dev.sluice.limit.redis.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code redis-server} per test, a connection to look into it, and the gateway JVMs and WebSocket clients a
 * test starts against it, all stopped after the test: what the cluster tests share.
 */
abstract class RedisNodesHarness {

    @TempDir
    Path dir;
    RedisProcess redis;
    StatefulRedisConnection<String, String> inspector;
    final List<NodeProcess> nodes = new ArrayList<>();
    final List<WsClient> clients = new ArrayList<>();
    RedisClient client;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisProcess.start();
        client = RedisClient.create();
        inspector = redis.connect(client);
    }

    @AfterEach
    void stopEverything() throws Exception {
        clients.forEach(WsClient::close);
        for (NodeProcess node : nodes) {
            node.close();
        }
        inspector.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
        redis.close();
    }
}

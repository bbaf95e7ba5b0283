package dev.sluice.dialect.hyperliquid;

import static dev.sluice.dialect.hyperliquid.HlPreset.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import dev.sluice.dialect.sfox.SfoxClient;
import dev.sluice.limit.redis.RedisProcess;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Posts of the {@code hyperliquid} preset with its limits in a real {@code redis-server}: the in-flight check of a
 * post is decided off the event loop, the requests read after it keep their order, and the per-IP in-flight cap
 * (at most 1 here) holds until the answer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HyperliquidRedisPostTest {

    @Test
    void shouldHoldAPostsInFlightSlotInRedisUntilItIsAnswered() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             GatewayFixture fixture = HlPreset.start(HlPreset.HYPERLIQUID, Map.of(
                 "\nplans:\n", "\nstate:\n  type: redis\n  uri: redis://127.0.0.1:" + redis.port() + "\nplans:\n",
                 "        max: 100\n        ops: post", "        max: 1\n        ops: post"));
             SfoxClient client = HlPreset.connect(fixture)) {
            client.send(post(1, "{\"type\":\"allMids\"}"));
            client.send(post(2, "{\"type\":\"allMids\"}"));
            client.send("{\"method\":\"ping\"}");

            JsonNode refused = HlPreset.next(client, "error");
            assertThat(refused.get("data").asText()).as("the 2nd post while the 1st is in flight (cap 1), named")
                .isEqualTo("too many pending post requests id=2");
            assertThat(client.next()).as("the ping, after both posts").isEqualTo("{\"channel\":\"pong\"}");

            fixture.advanceClock(20);
            assertThat(HlPreset.next(client, "post").at("/data/id").asLong()).isEqualTo(1);
            client.send(post(3, "{\"type\":\"allMids\"}"));
            fixture.advanceClock(20);
            assertThat(HlPreset.next(client, "post").at("/data/id").asLong())
                .as("a post after the 1st was answered: its slot was given back").isEqualTo(3);
        }
    }
}

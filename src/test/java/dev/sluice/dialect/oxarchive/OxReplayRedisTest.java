package dev.sluice.dialect.oxarchive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import dev.sluice.limit.redis.RedisProcess;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code oxarchive} preset with its limits in a real {@code redis-server}: a replay's caps and its one-replay
 * slot are decided off the event loop, and a second replay on the connection is still refused until the first
 * ends.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OxReplayRedisTest {

    @Test
    void shouldHoldTheOneReplaySlotInRedis() throws Exception {
        assertThat(OxPreset.yaml()).as("where the state section goes").contains("\nplans:\n");
        try (RedisProcess redis = RedisProcess.start();
             GatewayFixture fixture = OxPreset.start(OxPreset.yaml().replace("\nplans:\n",
                 "\nstate:\n  type: redis\n  uri: redis://127.0.0.1:" + redis.port() + "\nplans:\n"));
             OxClient client = OxPreset.connect(fixture, OxPreset.PRO)) {
            OxReplayFixture.generate(fixture);
            String replay = OxReplayFixture.replay("\"channel\":\"trades\"", "BTC", OxReplayFixture.H10,
                OxReplayFixture.H11, 10);
            client.send(replay);
            assertThat(client.nextReply().get("type").asText()).isEqualTo("replay_started");
            client.send(replay);
            JsonNode refused = client.nextOfType("error");
            assertThat(refused.get("error_code").asText()).isEqualTo("rate_limited");
            client.send("{\"op\":\"replay.stop\"}");
            assertThat(client.nextOfType("replay_stopped")).isNotNull();
            client.send(replay);
            assertThat(client.nextOfType("replay_started")).as("a new replay once the slot is back").isNotNull();
        }
    }
}

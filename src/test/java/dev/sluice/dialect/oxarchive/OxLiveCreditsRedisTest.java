package dev.sluice.dialect.oxarchive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import dev.sluice.limit.redis.RedisProcess;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Live data against a credit quota kept in a real {@code redis-server}: 30 s of BTC trades (about 240) arrive in
 * one burst while the connection's credits come from Redis in ever smaller batches, so frames find the hand empty
 * and wait for the next batch. Exactly the quota's worth is delivered, in order and none twice, then
 * {@code insufficient_credits}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OxLiveCreditsRedisTest {

    @Test
    void shouldDeliverExactlyTwentyLiveTradesOfATwentyCreditQuotaKeptInRedis() throws Exception {
        String yaml = OxPreset.yaml().replace("max: 80000000", "max: 20");
        try (RedisProcess redis = RedisProcess.start();
             GatewayFixture fixture = OxPreset.start(yaml.replace("\nplans:\n",
                 "\nstate:\n  type: redis\n  uri: redis://127.0.0.1:" + redis.port() + "\nplans:\n"));
             OxClient client = OxPreset.connect(fixture, OxPreset.BUILD)) {
            client.send(OxPreset.subscribe("trades", "BTC"));
            client.nextReply();
            fixture.advanceFeed(30_000);
            fixture.gateway().tickSessions();
            int data = 0;
            long lastTid = 0;
            boolean ascending = true;
            JsonNode message = client.next(m -> true);
            while (message != null && "data".equals(message.path("type").asText())) {
                data++;
                long tid = message.path("data").path(0).path("tid").asLong();
                ascending &= tid > lastTid;
                lastTid = tid;
                message = client.next(m -> true);
            }

            assertThat(data).as("BTC trades received of about 240, quota 20 credits in Redis").isEqualTo(20);
            assertThat(ascending).as("trade ids strictly ascending (in order, none twice) across the waits for "
                + "credits, last %d", lastTid).isTrue();
            assertThat(message).isNotNull();
            assertThat(message.get("error_code").asText()).isEqualTo("insufficient_credits");
            assertThat(client.awaitClose()).isTrue();
            assertThat(OxCreditsTest.usage(fixture, OxPreset.BUILD).get("credits_used").asLong())
                .as("credits_used, quota 20").isEqualTo(20);
        }
    }
}

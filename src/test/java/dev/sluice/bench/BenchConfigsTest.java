package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.ConfigLoader;
import dev.sluice.config.SluiceConfig;
import dev.sluice.limit.LimitKind;
import org.junit.jupiter.api.Test;

class BenchConfigsTest {

    @Test
    void shouldDeclareOneSilentBenchInstrumentPerChannelInChannelOrder() throws Exception {
        SluiceConfig config = ConfigLoader.parse("fanout", BenchConfigs.fanout(12));

        assertThat(BenchServer.benchInstruments(config)).extracting(i -> i.symbol())
            .containsExactly("BENCH0-USDT", "BENCH1-USDT", "BENCH2-USDT", "BENCH3-USDT", "BENCH4-USDT", "BENCH5-USDT",
                "BENCH6-USDT", "BENCH7-USDT", "BENCH8-USDT", "BENCH9-USDT", "BENCH10-USDT", "BENCH11-USDT");
        assertThat(config.feed().instruments()).allSatisfy(spec -> {
            assertThat(spec.tradesPerSecond()).as("the synthetic feed publishes no trades of its own").isZero();
            assertThat(spec.bookUpdatesPerSecond()).isZero();
        });
        assertThat(config.server().maxBacklogBytes()).isEqualTo(BenchConfigs.BACKLOG_BYTES);
    }

    @Test
    void shouldLimitMessagesPerConnectionOnlyWhenTheLimiterIsOn() throws Exception {
        SluiceConfig on = ConfigLoader.parse("on", BenchConfigs.limiter(50, true, null));
        SluiceConfig off = ConfigLoader.parse("off", BenchConfigs.limiter(50, false, null));
        SluiceConfig redis = ConfigLoader.parse("redis", BenchConfigs.limiter(50, true, "redis://127.0.0.1:6390"));

        assertThat(on.services().get(0).plan()).isEqualTo("bench-limited");
        assertThat(on.plans().get(0).limits()).extracting(l -> l.kind())
            .containsExactly(LimitKind.MESSAGE_RATE, LimitKind.MESSAGE_RATE);
        assertThat(off.services().get(0).plan()).isEqualTo("unlimited");
        assertThat(on.state().redis()).isFalse();
        assertThat(redis.state().redis()).as("the same plan with its shared limit in Redis").isTrue();
        assertThat(redis.state().uri()).isEqualTo("redis://127.0.0.1:6390");
        assertThat(redis.plans()).isEqualTo(on.plans());
    }

    @Test
    void shouldCapStormConnectionsPerTokenAndPerIp() throws Exception {
        SluiceConfig config = ConfigLoader.parse("storm", BenchConfigs.storm(1, 40, 25, 120));

        assertThat(config.services()).extracting(s -> s.name()).containsExactly("okx", "storm");
        assertThat(config.accounts()).hasSize(40);
        assertThat(config.plans().get(0).limits()).extracting(l -> l.kind())
            .containsExactly(LimitKind.CONNECTIONS, LimitKind.CONNECTIONS);
    }
}

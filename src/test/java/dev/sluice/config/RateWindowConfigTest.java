package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.limit.Limit;
import dev.sluice.limit.RateWindow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code window:} of the rate limits: sliding by default, checked like every other key, burst for buckets only. */
class RateWindowConfigTest {

    private static final String SERVICE = """
        services:
          - name: okx
            dialect: okx
            port: 0
            plan: p
        feed:
          instruments:
            - exchange: okx
              symbol: BTC-USDT
              base: BTC
              quote: USDT
              tickSize: 0.1
              lotSize: 0.001
              price: 65000
        """;

    @Test
    void shouldCountEveryRateKindInASlidingWindowWhenNoWindowIsWritten() throws ConfigException {
        List<Limit> limits = limits("""
                  - kind: message-rate
                    permits: 480
                    periodMs: 3600000
                  - kind: connect-rate
                    permits: 3
                    periodMs: 1000
                  - kind: http-rate
                    permits: 30
                    periodMs: 60000
            """);

        assertThat(limits).extracting(Limit::window).containsOnly(RateWindow.SLIDING);
    }

    @Test
    void shouldReadEachWindowKindAndABucketsBurst() throws ConfigException {
        List<Limit> limits = limits("""
                  - kind: message-rate
                    permits: 40
                    periodMs: 60000
                    window: fixed
                  - kind: message-rate
                    permits: 1000
                    periodMs: 60000
                    window: bucket
                    burst: 50
            """);

        assertThat(limits).extracting(Limit::window).containsExactly(RateWindow.FIXED, RateWindow.BUCKET);
        assertThat(limits.get(1).burst()).isEqualTo(50);
    }

    @Test
    void shouldNameLineColumnAndSuggestionForAMisspeltWindow() {
        assertThatThrownBy(() -> limits("""
                  - kind: message-rate
                    permits: 40
                    periodMs: 60000
                    window: slidng
            """)).isInstanceOf(ConfigException.class).hasMessage("t.yaml:7:17: plans[0].limits[0].window = \"slidng\": "
                + "must be one of sliding, fixed, bucket; did you mean 'sliding'?");
    }

    @Test
    void shouldRefuseABurstOutsideABucket() {
        assertThatThrownBy(() -> limits("""
                  - kind: message-rate
                    permits: 40
                    periodMs: 60000
                    burst: 80
            """)).isInstanceOf(ConfigException.class).hasMessageContaining("plans[0].limits[0].burst")
            .hasMessageContaining("applies only to window: bucket");
    }

    @Test
    void shouldRefuseAWindowOnALimitThatCountsNoRate() {
        assertThatThrownBy(() -> limits("""
                  - kind: connections
                    max: 3
                    window: sliding
            """)).isInstanceOf(ConfigException.class).hasMessageContaining("plans[0].limits[0].window: unknown key");
    }

    private static List<Limit> limits(String limitsYaml) throws ConfigException {
        String yaml = "plans:\n  - name: p\n    limits:\n" + limitsYaml + SERVICE;
        return ConfigLoader.parse("t.yaml", yaml).plans().get(0).limits();
    }
}

package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/** The {@code state:} section: memory by default, Redis with its URI, timeouts, leases and failure policy. */
class StateConfigTest {

    private static final String SERVICE = """
        services:
          - name: echo
            dialect: echo
            port: 0
        """;

    @Test
    void shouldKeepLimitStateInMemoryByDefault() throws Exception {
        SluiceConfig config = ConfigLoader.parse("t.yaml", SERVICE);

        assertThat(config.state()).isEqualTo(StateConfig.DEFAULTS);
        assertThat(config.state().redis()).isFalse();
    }

    @Test
    void shouldReadEveryRedisSetting() throws Exception {
        SluiceConfig config = ConfigLoader.parse("t.yaml", SERVICE + """
            state:
              type: redis
              uri: redis://127.0.0.1:6390/2
              timeoutMs: 100
              connectTimeoutMs: 500
              leaseTtlMs: 4000
              renewalIntervalMs: 1000
              failurePolicy: local
              keyPrefix: "eu1:"
            """);

        assertThat(config.state()).isEqualTo(new StateConfig("redis", "redis://127.0.0.1:6390/2", 100, 500, 4_000,
            1_000, "local", "eu1:"));
    }

    @Test
    void shouldRequireUriForRedis() {
        ConfigException e = rejected(SERVICE + """
            state:
              type: redis
            """);

        assertThat(e.getMessage()).isEqualTo("t.yaml:6:3: state.uri: is required (redis://host:port or "
            + "rediss://host:port)");
    }

    @Test
    void shouldRejectBadUriWithoutShowingIt() {
        ConfigException e = rejected(SERVICE + """
            state:
              type: redis
              uri: http://user:hunter2@cache:6379
            """);

        assertThat(e.errors()).hasSize(1);
        assertThat(e.errors().get(0).path()).isEqualTo("state.uri");
        assertThat(e.errors().get(0).line()).isEqualTo(7);
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void shouldNameBadPolicyAndItsChoices() {
        ConfigException e = rejected(SERVICE + """
            state:
              type: redis
              uri: redis://127.0.0.1:6379
              failurePolicy: maybe
            """);

        assertThat(e.getMessage()).startsWith("t.yaml:8:18: state.failurePolicy = ").contains("maybe")
            .contains(": must be one of");
        assertThat(e.getMessage()).contains("closed").contains("open").contains("local");
    }

    @Test
    void shouldRefuseRenewalIntervalAboveHalfTheLease() {
        ConfigException e = rejected(SERVICE + """
            state:
              type: redis
              uri: redis://127.0.0.1:6379
              leaseTtlMs: 3000
              renewalIntervalMs: 2000
            """);

        assertThat(e.getMessage()).isEqualTo("t.yaml:9:22: state.renewalIntervalMs = 2000: must be at most half "
            + "of state.leaseTtlMs (3000), so that a lease is renewed at least twice before it ends");
    }

    @Test
    void shouldRefuseRedisSettingsForMemoryState() {
        ConfigException e = rejected(SERVICE + """
            state:
              type: memory
              uri: redis://127.0.0.1:6379
            """);

        assertThat(e.errors()).extracting(ConfigError::path).containsExactly("state.uri");
        assertThat(e.errors().get(0).problem()).isEqualTo("applies only with state.type: redis");
    }

    @Test
    void shouldMaskPasswordInUriWhenShown() {
        StateConfig state = new StateConfig("redis", "redis://app:s3cret@cache:6379/0", 100, 500, 4_000, 1_000,
            "closed", "sluice:");

        assertThat(state.maskedUri()).isEqualTo("redis://app:***@cache:6379/0");
        assertThat(state.toString()).doesNotContain("s3cret");
        assertThat(StateConfig.mask("redis://cache:6379")).isEqualTo("redis://cache:6379");
    }

    private static ConfigException rejected(String yaml) {
        try {
            return fail("expected a ConfigException, but loaded " + ConfigLoader.parse("t.yaml", yaml));
        } catch (ConfigException e) {
            return e;
        }
    }

}

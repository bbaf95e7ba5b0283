package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sluice.GatewayFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code feed.type: nats} and its {@code feed.nats} block: defaults, and one located error per rule. */
class NatsFeedConfigTest {

    private static final String SOURCE = "t.yaml";

    private static final String INSTRUMENTS = "  instruments:\n" + GatewayFixture.OKX_BTC_USDT
        + "services:\n  - name: okx\n    dialect: okx\n    port: 0\n";

    @Test
    void shouldTakeDefaultsBesideTheUrl() throws ConfigException {
        FeedConfig feed = ConfigLoader.parse(SOURCE, """
            feed:
              type: nats
              nats:
                url: nats://10.0.0.5:4222
            """ + INSTRUMENTS).feed();

        assertThat(feed.isNats()).isTrue();
        assertThat(feed.instruments()).hasSize(1);
        assertThat(feed.nats()).isEqualTo(new NatsConfig("nats://10.0.0.5:4222", NatsConfig.DEFAULT_SUBJECT_PREFIX,
            NatsConfig.DEFAULT_CONNECT_TIMEOUT_MS, NatsConfig.DEFAULT_RECONNECT_WAIT_MS,
            NatsConfig.DEFAULT_SNAPSHOT_TIMEOUT_MS));
    }

    @Test
    void shouldReadEveryKey() throws ConfigException {
        NatsConfig nats = ConfigLoader.parse(SOURCE, """
            feed:
              type: nats
              nats:
                url: tls://nats.internal:4443
                subjectPrefix: md.prod
                connectTimeoutMs: 500
                reconnectWaitMs: 250
                snapshotTimeoutMs: 3000
            """ + INSTRUMENTS).feed().nats();

        assertThat(nats).isEqualTo(new NatsConfig("tls://nats.internal:4443", "md.prod", 500, 250, 3000));
    }

    @Test
    void shouldKeepSyntheticFeedWithoutNatsBlock() throws ConfigException {
        FeedConfig feed = ConfigLoader.parse(SOURCE, "feed:\n" + INSTRUMENTS).feed();

        assertThat(feed.isNats()).isFalse();
        assertThat(feed.nats()).isNull();
    }

    @Test
    void shouldRequireNatsBlockForNatsFeed() {
        ConfigError error = onlyError("""
            feed:
              type: nats
            """ + INSTRUMENTS);

        assertThat(error.path()).isEqualTo("feed.nats");
        assertThat(error.problem()).isEqualTo("is required with feed.type: nats (at least url: nats://host:port)");
    }

    @Test
    void shouldRejectNatsBlockOnSyntheticFeed() {
        ConfigError error = onlyError("""
            feed:
              nats:
                url: nats://127.0.0.1:4222
            """ + INSTRUMENTS);

        assertThat(error.path()).isEqualTo("feed.nats");
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.problem()).isEqualTo("applies only with feed.type: nats");
    }

    @Test
    void shouldNameLineAndValueOfUrlThatIsNotNats() {
        ConfigError error = onlyError("""
            feed:
              type: nats
              nats:
                url: http://127.0.0.1:4222
            """ + INSTRUMENTS);

        assertThat(error.toString()).isEqualTo("t.yaml:4:10: feed.nats.url = http://127.0.0.1:4222: must be a NATS "
            + "URL: nats://host:port or tls://host:port");
    }

    @Test
    void shouldRejectSubjectPrefixWithWildcardOrEmptyToken() {
        assertThat(onlyError(withNats("subjectPrefix: md.*")).problem())
            .isEqualTo("must not contain whitespace, '*' or '>'");
        assertThat(onlyError(withNats("subjectPrefix: md..prod")).toString())
            .isEqualTo("t.yaml:5:20: feed.nats.subjectPrefix = md..prod: must be one or more subject tokens "
                + "separated by dots, none empty");
    }

    @Test
    void shouldNameRangeOfTimeout() {
        assertThat(onlyError(withNats("snapshotTimeoutMs: 5")).toString())
            .isEqualTo("t.yaml:5:24: feed.nats.snapshotTimeoutMs = 5: must be an integer from 100 to 60000");
    }

    @Test
    void shouldSuggestKnownKeyForMisspeltOne() {
        assertThat(onlyError(withNats("reconectWaitMs: 100")).problem())
            .startsWith("unknown key; did you mean 'reconnectWaitMs'?");
    }

    @Test
    void shouldNotAcceptUnknownFeedType() {
        assertThat(onlyError("feed:\n  type: kafka\n" + INSTRUMENTS).problem())
            .startsWith("must be one of ").contains("synthetic").contains("nats");
    }

    private static String withNats(String line) {
        return "feed:\n  type: nats\n  nats:\n    url: nats://127.0.0.1:4222\n    " + line + "\n" + INSTRUMENTS;
    }

    private static ConfigError onlyError(String yaml) {
        try {
            ConfigLoader.parse(SOURCE, yaml);
            return fail("expected a ConfigException");
        } catch (ConfigException e) {
            List<ConfigError> errors = e.errors();
            assertThat(errors).as("errors:%n%s", e.getMessage()).hasSize(1);
            return errors.get(0);
        }
    }
}

package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sluice.bus.SyntheticSpec;
import dev.sluice.dialect.Dialects;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String SOURCE = "t.yaml";

    /** One valid okx instrument; appended after the services so that the services start on line 1. */
    private static final String FEED = """
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

    private static final String OKX_SERVICE = """
        services:
          - name: okx
            dialect: okx
            port: 8443
        """;

    // ---- unknown keys and bad values -------------------------------------------------------------------------

    @Test
    void shouldNameKeyPathLineAndSuggestionForMisspeltKey() {
        String yaml = """
            services:
              - name: okx
                dialect: okx
                prot: 8443
            """ + FEED;

        ConfigException e = rejected(yaml);

        ConfigError error = onlyErrorAt(e, "services[0].prot");
        assertThat(error.line()).isEqualTo(4);
        assertThat(error.column()).isEqualTo(5);
        assertThat(error.value()).isNull();
        assertThat(error.problem()).startsWith("unknown key; did you mean 'port'?");
        assertThat(e.getMessage()).contains("t.yaml:4:5: services[0].prot: unknown key; did you mean 'port'?");
    }

    @Test
    void shouldNameValueAndRangeOnceForPortOutOfRange() {
        String yaml = """
            services:
              - name: okx
                dialect: okx
                port: 70000
            """ + FEED;

        ConfigException e = rejected(yaml);

        assertThat(e.errors()).hasSize(1);
        assertError(onlyErrorAt(e, "services[0].port"), 4, 11, "70000", "must be an integer from 0 to 65535");
        assertThat(e.getMessage())
            .isEqualTo("t.yaml:4:11: services[0].port = 70000: must be an integer from 0 to 65535");
    }

    @Test
    void shouldNameValueAndWhatIsAllowedForNegativeTickSize() {
        String yaml = FEED.replace("tickSize: 0.1", "tickSize: -1") + OKX_SERVICE;

        ConfigException e = rejected(yaml);

        assertError(onlyErrorAt(e, "feed.instruments[0].tickSize"), 7, 17, "-1",
            "must be a positive decimal number with at most 18 decimal places");
        assertThat(e.getMessage()).contains("t.yaml:7:17: feed.instruments[0].tickSize = -1: must be a positive");
    }

    @Test
    void shouldListAllowedDialectsForUnknownDialect() {
        String yaml = """
            services:
              - name: okx
                dialect: "okz"
                port: 8443
            """ + FEED;

        ConfigException e = rejected(yaml);

        String allowed = "must be one of " + String.join(", ", Dialects.NAMES) + "; did you mean 'okx'?";
        assertError(onlyErrorAt(e, "services[0].dialect"), 3, 14, "\"okz\"", allowed);
        assertThat(e.getMessage()).isEqualTo("t.yaml:3:14: services[0].dialect = \"okz\": " + allowed);
    }

    // ---- missing keys ----------------------------------------------------------------------------------------

    @Test
    void shouldReportEveryMissingRequiredServiceKeyAtTheServiceMapping() {
        String yaml = """
            services:
              - exchange: okx
            """ + FEED;

        ConfigException e = rejected(yaml);

        assertThat(paths(e)).containsExactly("services[0].name", "services[0].dialect", "services[0].port");
        assertError(onlyErrorAt(e, "services[0].name"), 2, 5, null, "is required (a unique service name)");
        assertThat(onlyErrorAt(e, "services[0].dialect").problem()).isEqualTo("is required (one of "
            + String.join(", ", Dialects.NAMES) + ")");
        assertThat(e.getMessage()).contains("t.yaml:2:5: services[0].port: is required (0 to 65535");
    }

    @Test
    void shouldReportOnlyLotSizeWhenLotSizeIsMissingAndMinSizeAndLevelSizeDefaultFromIt() {
        String yaml = FEED.replace("      lotSize: 0.001\n", "") + OKX_SERVICE;

        ConfigException e = rejected(yaml);

        assertError(onlyErrorAt(e, "feed.instruments[0].lotSize"), 3, 7, null,
            "is required (a positive decimal number)");
        assertThat(paths(e)).doesNotContain("feed.instruments[0].minSize", "feed.instruments[0].levelSize");
    }

    @Test
    void shouldRequireAtLeastOneService() {
        ConfigException e = rejected(FEED);

        assertError(onlyErrorAt(e, "services"), 1, 1, null, "at least one service is required");
        assertThat(e.getMessage()).isEqualTo("t.yaml:1:1: services: at least one service is required");
    }

    @Test
    void shouldReportMissingServicesTogetherWithOtherErrors() {
        String yaml = """
            server:
              hots: 0.0.0.0
            """ + FEED;

        ConfigException e = rejected(yaml);

        assertThat(paths(e)).containsExactly("server.hots", "services");
    }

    // ---- several errors at once ------------------------------------------------------------------------------

    @Test
    void shouldReportEveryErrorInOneException() {
        String yaml = """
            server:
              ioThread: 4
            services:
              - name: okx
                dialect: okx
                port: -1
            colour: blue
            """ + FEED.replace("price: 65000", "price: cheap");

        ConfigException e = rejected(yaml);

        assertThat(paths(e)).containsExactly("server.ioThread", "feed.instruments[0].price", "services[0].port",
            "colour");
        assertThat(e.getMessage().lines()).hasSize(4);
        assertThat(onlyErrorAt(e, "server.ioThread").problem()).startsWith("unknown key; did you mean 'ioThreads'?");
        assertThat(onlyErrorAt(e, "colour").problem()).startsWith("unknown key (known keys here: ");
    }

    // ---- wrong node types ------------------------------------------------------------------------------------

    @Test
    void shouldRejectListWhereMappingExpected() {
        String yaml = "server: [1, 2]\n" + OKX_SERVICE + FEED;

        ConfigException e = rejected(yaml);

        assertThat(e.errors()).hasSize(1);
        assertError(onlyErrorAt(e, "server"), 1, 9, "(a list)", "must be a mapping of keys to values");
        assertThat(e.getMessage()).isEqualTo("t.yaml:1:9: server = (a list): must be a mapping of keys to values");
    }

    @Test
    void shouldRejectScalarWhereListExpectedWithoutAlsoAskingForAService() {
        ConfigException e = rejected("services: okx\n" + FEED);

        assertThat(e.errors()).hasSize(1);
        assertError(onlyErrorAt(e, "services"), 1, 11, "okx", "must be a list");
    }

    @Test
    void shouldRejectListItemThatIsNotAMapping() {
        ConfigException e = rejected("services:\n  - okx\n" + FEED);

        assertThat(e.errors()).hasSize(1);
        assertError(onlyErrorAt(e, "services[0]"), 2, 5, "okx", "must be a mapping of keys to values");
    }

    @Test
    void shouldRejectMappingWhereSingleValueExpected() {
        String yaml = """
            services:
              - name: okx
                dialect: okx
                port: {number: 8443}
            """ + FEED;

        ConfigException e = rejected(yaml);

        assertError(onlyErrorAt(e, "services[0].port"), 4, 11, "(a mapping)", "must be a single value");
    }

    @Test
    void shouldRejectDocumentThatIsNotAMapping() {
        ConfigException e = rejected("just text\n");

        assertThat(e.errors()).hasSize(1);
        assertError(onlyErrorAt(e, ""), 1, 1, null, "the document must be a mapping of keys to values");
        assertThat(e.getMessage())
            .isEqualTo("t.yaml:1:1: (document): the document must be a mapping of keys to values");
    }

    // ---- YAML itself -----------------------------------------------------------------------------------------

    @Test
    void shouldRejectDuplicateKeyAtItsSecondOccurrence() {
        String yaml = """
            services:
              - name: okx
                dialect: okx
                port: 8443
                port: 8444
            """ + FEED;

        ConfigException e = rejected(yaml);

        assertError(onlyErrorAt(e, ""), 5, 5, null, "not valid YAML: duplicate key 'port'");
        assertThat(e.getMessage()).isEqualTo("t.yaml:5:5: (document): not valid YAML: duplicate key 'port'");
    }

    @Test
    void shouldReportLineAndColumnOfInvalidYamlSyntax() {
        String yaml = """
            services:
              - name: okx
               dialect: [okx
            """;

        ConfigException e = rejected(yaml);

        ConfigError error = onlyErrorAt(e, "");
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.column()).isEqualTo(4);
        assertThat(error.problem()).startsWith("not valid YAML: ");
        assertThat(e.getMessage()).startsWith("t.yaml:3:4: (document): not valid YAML: ");
    }

    // ---- rules across keys -----------------------------------------------------------------------------------

    @Test
    void shouldRejectTwoServicesWithTheSameName() {
        String yaml = OKX_SERVICE + """
              - name: okx
                dialect: okx
                port: 8444
            """ + FEED;

        ConfigException e = rejected(yaml);

        assertThat(e.errors()).hasSize(1);
        assertError(onlyErrorAt(e, "services[1].name"), 5, 11, "okx", "is already used by another service");
    }

    @Test
    void shouldRejectTwoServicesOnTheSamePort() {
        String yaml = OKX_SERVICE + """
              - name: okx-copy
                dialect: okx
                port: 8443
            """ + FEED;

        ConfigException e = rejected(yaml);

        assertThat(e.errors()).hasSize(1);
        assertError(onlyErrorAt(e, "services[1].port"), 7, 11, "8443", "is already used by service okx");
        assertThat(e.getMessage()).isEqualTo("t.yaml:7:11: services[1].port = 8443: is already used by service okx");
    }

    @Test
    void shouldReportEachClashOnceWhenThreeServicesShareNameAndPort() {
        String yaml = OKX_SERVICE + OKX_SERVICE.replace("services:\n", "") + OKX_SERVICE.replace("services:\n", "")
            + FEED;

        ConfigException e = rejected(yaml);

        assertThat(paths(e)).containsExactly("services[1].name", "services[1].port", "services[2].name",
            "services[2].port");
    }

    @Test
    void shouldAllowSeveralServicesOnPortZero() throws ConfigException {
        String yaml = """
            services:
              - name: a
                dialect: okx
                port: 0
              - name: b
                dialect: okx
                port: 0
            """ + FEED;

        assertThat(ConfigLoader.parse(SOURCE, yaml).services()).extracting(ServiceConfig::port).containsExactly(0, 0);
    }

    @Test
    void shouldRejectServiceWhoseExchangeHasNoInstruments() {
        String yaml = """
            services:
              - name: binance
                dialect: okx
                exchange: binance
                port: 9443
            """ + FEED;

        ConfigException e = rejected(yaml);

        assertError(onlyErrorAt(e, "services[0].exchange"), 4, 15, "binance",
            "has no instruments in feed.instruments (exchanges there: okx)");
    }

    @Test
    void shouldRejectMaxMessageBytesBelowMaxFramePayloadBytes() {
        String yaml = """
            server:
              maxFramePayloadBytes: 4096
              maxMessageBytes: 1024
            """ + OKX_SERVICE + FEED;

        ConfigException e = rejected(yaml);

        assertError(onlyErrorAt(e, "server.maxMessageBytes"), 3, 20, "1024",
            "must be at least server.maxFramePayloadBytes (4096)");
    }

    @Test
    void shouldRejectMaxFramePayloadBytesAboveTheDefaultMaxMessageBytes() {
        int frame = ServerConfig.DEFAULT_MAX_MESSAGE_BYTES + 1;
        String yaml = "server:\n  maxFramePayloadBytes: " + frame + "\n" + OKX_SERVICE + FEED;

        ConfigException e = rejected(yaml);

        assertError(onlyErrorAt(e, "server.maxMessageBytes"), 2, 3, null,
            "must be at least server.maxFramePayloadBytes (" + frame + ")");
    }

    @Test
    void shouldRejectTheSameSymbolTwiceForOneExchange() {
        String instrument = FEED.substring(FEED.indexOf("    - exchange"));

        ConfigException e = rejected(FEED + instrument + OKX_SERVICE);

        assertError(onlyErrorAt(e, "feed.instruments[1].symbol"), 11, 15, "BTC-USDT",
            "is listed twice for exchange okx");
    }

    @Test
    void shouldReportLevelSizeBelowTheSizeGridInsteadOfFailing() {
        String yaml = FEED + "      levelSize: 0.0001\n" + OKX_SERVICE;

        ConfigException e = rejected(yaml);

        assertError(onlyErrorAt(e, "feed.instruments[0].levelSize"), 10, 18, "0.0001",
            "must be at least one step of the instrument's grid (0.001)");
    }

    // ---- defaults --------------------------------------------------------------------------------------------

    @Test
    void shouldApplyServerFeedAndServiceDefaultsWhenKeysAreAbsent() throws ConfigException {
        SluiceConfig config = ConfigLoader.parse(SOURCE, OKX_SERVICE + FEED);

        assertThat(config.description()).isEmpty();
        ServerConfig server = config.server();
        assertThat(server.host()).isEqualTo(ServerConfig.DEFAULT_HOST);
        assertThat(server.maxFramePayloadBytes()).isEqualTo(ServerConfig.DEFAULT_MAX_FRAME_PAYLOAD_BYTES);
        assertThat(server.maxMessageBytes()).isEqualTo(ServerConfig.DEFAULT_MAX_MESSAGE_BYTES);
        assertThat(server.maxBacklogBytes()).isEqualTo(ServerConfig.DEFAULT_MAX_BACKLOG_BYTES);
        assertThat(server.ioThreads()).isEqualTo(ServerConfig.DEFAULT_IO_THREADS);
        assertThat(config.feed().type()).isEqualTo(FeedConfig.DEFAULT_TYPE);
        assertThat(config.feed().seed()).isEqualTo(FeedConfig.DEFAULT_SEED);
        ServiceConfig service = config.services().get(0);
        assertThat(service.exchange()).as("exchange defaults to the dialect").isEqualTo("okx");
        assertThat(service.endpoints()).as("empty means the dialect's defaults").isEmpty();
    }

    @Test
    void shouldApplyInstrumentDefaultsWhenKeysAreAbsent() throws ConfigException {
        SyntheticSpec spec = ConfigLoader.parse(SOURCE, OKX_SERVICE + FEED).feed().instruments().get(0);

        assertThat(spec.depth()).isEqualTo(InstrumentConfig.DEFAULT_DEPTH);
        assertThat(spec.tradesPerSecond()).isEqualTo(InstrumentConfig.DEFAULT_TRADES_PER_SECOND);
        assertThat(spec.bookUpdatesPerSecond()).isEqualTo(InstrumentConfig.DEFAULT_BOOK_UPDATES_PER_SECOND);
        assertThat(spec.maxStepTicks()).isEqualTo(InstrumentConfig.DEFAULT_MAX_STEP_TICKS);
        assertThat(spec.instrument().minSize()).as("minSize defaults to lotSize").isEqualByComparingTo("0.001");
        assertThat(spec.levelSize()).as("levelSize in lots of 0.001")
            .isEqualTo(InstrumentConfig.DEFAULT_LEVEL_SIZE_IN_MIN_SIZES);
        assertThat(spec.initialPrice()).as("price in ticks of 0.1").isEqualTo(650_000);
    }

    // ---- files ----------------------------------------------------------------------------------------------

    @Test
    void shouldReportAFileThatCannotBeRead(@TempDir Path dir) {
        Path missing = dir.resolve("missing.yaml");

        ConfigException e = thrownBy(() -> ConfigLoader.load(missing));

        assertError(onlyErrorAt(e, ""), 0, 0, null, "cannot read the file: " + missing);
        assertThat(e.getMessage()).startsWith(missing + ": (document): cannot read the file");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private interface Load {
        SluiceConfig run() throws ConfigException;
    }

    private static ConfigException rejected(String yaml) {
        return thrownBy(() -> ConfigLoader.parse(SOURCE, yaml));
    }

    private static ConfigException thrownBy(Load load) {
        try {
            return fail("expected a ConfigException, but loaded " + load.run());
        } catch (ConfigException e) {
            return e;
        }
    }

    private static List<String> paths(ConfigException e) {
        return e.errors().stream().map(ConfigError::path).toList();
    }

    /** The one error at {@code path}; fails, listing every error, when there is none or more than one. */
    private static ConfigError onlyErrorAt(ConfigException e, String path) {
        List<ConfigError> matching = e.errors().stream().filter(error -> error.path().equals(path)).toList();
        assertThat(matching).as("errors at '%s' among:%n%s", path, e.getMessage()).hasSize(1);
        return matching.get(0);
    }

    private static void assertError(ConfigError error, int line, int column, String value, String problem) {
        assertThat(error.line()).as("line of %s", error).isEqualTo(line);
        assertThat(error.column()).as("column of %s", error).isEqualTo(column);
        assertThat(error.value()).as("value of %s", error).isEqualTo(value);
        assertThat(error.problem()).as("problem of %s", error).isEqualTo(problem);
    }

    @Test
    void shouldReadAccountsAndRejectUnknownServicesAndPlansWithoutRepeatingTheToken() throws Exception {
        String yaml = """
            plans:
              - name: basic
            services:
              - name: echo
                dialect: echo
                port: 0
            accounts:
              - service: echo
                token: secret-one
                plan: basic
              - service: nope
                token: secret-two
                plan: basic
              - service: echo
                token: secret-three
                plan: gold
              - service: echo
                token: secret-one
                plan: basic
            """;

        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
            () -> ConfigLoader.parse("accounts.yaml", yaml));

        assertThat(e.getMessage()).contains("accounts[1].service = nope: names no service")
            .contains("accounts[2].plan = gold: names no plan")
            .contains("accounts[3].token: is already the credential of another account of service echo")
            .doesNotContain("secret-one").doesNotContain("secret-two").doesNotContain("secret-three");
    }

    @Test
    void shouldGiveAnAccountWithoutIdAStableIdThatIsNotTheToken() throws Exception {
        SluiceConfig config = ConfigLoader.parse("accounts.yaml", """
            services:
              - name: echo
                dialect: echo
                port: 0
            accounts:
              - service: echo
                token: secret-one
                plan: unlimited
            """);

        assertThat(config.accounts()).hasSize(1);
        assertThat(config.accounts().get(0).account().id()).startsWith("acct-").doesNotContain("secret");
        assertThat(config.toString()).doesNotContain("secret-one");
    }
}

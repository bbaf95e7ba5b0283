package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sluice.dialect.hyperliquid.HyperliquidSettings;
import org.junit.jupiter.api.Test;

/** The {@code services[].hyperliquid} block and identity-only accounts. */
class HyperliquidConfigTest {

    private static final String FEED = """
        feed:
          instruments:
            - exchange: hyperliquid
              symbol: BTC
              base: BTC
              quote: USDC
              tickSize: 1
              lotSize: 0.00001
              price: 65000
        """;

    @Test
    void shouldReadEveryKeyOfTheHyperliquidBlock() throws ConfigException {
        SluiceConfig config = ConfigLoader.parse("t.yaml", service("""
                hyperliquid:
                  identities: true
                  infoLatencyMs: 5
                  limitErrors: object
                  signatureWindowS: 30
                  telegramMaxAgeS: 600
                  telegramBotToken: "1:secret-bot-token"
            """) + FEED);

        HyperliquidSettings settings = config.services().get(0).hyperliquid();
        assertThat(settings).isEqualTo(new HyperliquidSettings(true, 5, false, 30, 600, "1:secret-bot-token"));
        assertThat(settings.toString()).doesNotContain("secret-bot-token");
        assertThat(config.services().get(0).toString()).doesNotContain("secret-bot-token");
    }

    @Test
    void shouldDefaultToAnonymousClientsAndOfficialStringErrors() throws ConfigException {
        SluiceConfig config = ConfigLoader.parse("t.yaml", service("") + FEED);

        assertThat(config.services().get(0).hyperliquid()).isEqualTo(HyperliquidSettings.DEFAULTS);
    }

    @Test
    void shouldRefuseAnUnknownErrorFormAndAnUnknownKey() {
        ConfigException e = rejected(service("""
                hyperliquid:
                  limitErrors: json
                  latencyMs: 5
            """) + FEED);

        assertThat(e.getMessage()).contains("services[0].hyperliquid.limitErrors = \"json\": must be one of")
            .contains("services[0].hyperliquid.latencyMs: unknown key");
    }

    @Test
    void shouldRefuseTheBlockOnAnotherDialect() {
        ConfigException e = rejected("""
            services:
              - name: okx
                dialect: okx
                port: 0
                hyperliquid:
                  identities: true
            """ + FEED.replace("hyperliquid", "okx"));

        assertThat(e.getMessage()).contains("services[0].hyperliquid").contains("only for services of dialect");
    }

    @Test
    void shouldAcceptAnAccountWithAnIdentityAndNoTokenButNotTheSameIdentityTwice() throws ConfigException {
        String accounts = """
            accounts:
              - service: hl
                identity: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"
                plan: unlimited
            """;
        SluiceConfig config = ConfigLoader.parse("t.yaml", service("") + FEED + accounts);
        assertThat(config.accounts()).hasSize(1);
        assertThat(config.accounts().get(0).secret()).isNull();
        assertThat(config.accounts().get(0).account().id()).startsWith("acct-");

        ConfigException e = rejected(service("") + FEED + accounts + """
              - service: hl
                identity: "0xF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266"
                plan: unlimited
            """);
        assertThat(e.getMessage()).contains("accounts[1].identity").contains("already the identity");
    }

    @Test
    void shouldStillRequireATokenWithoutAnIdentity() {
        ConfigException e = rejected(service("") + FEED + """
            accounts:
              - service: hl
                plan: unlimited
            """);

        assertThat(e.getMessage()).contains("accounts[0].token: is required");
    }

    private static String service(String block) {
        return """
            services:
              - name: hl
                dialect: hyperliquid
                port: 0
            """ + block;
    }

    private static ConfigException rejected(String yaml) {
        try {
            return fail("expected a ConfigException, but loaded " + ConfigLoader.parse("t.yaml", yaml));
        } catch (ConfigException e) {
            return e;
        }
    }
}

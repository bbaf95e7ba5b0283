package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.auth.Accounts;
import dev.sluice.auth.SignedLogin;
import org.junit.jupiter.api.Test;

/** {@code accounts[].secret} and {@code passphrase}: the signed login of OKX accounts, never shown. */
class SignedLoginAccountConfigTest {

    private static final String SERVICES = """
        services:
          - name: okx
            dialect: echo
            port: 0
        accounts:
        """;

    @Test
    void shouldCheckASignedLoginWithTheConfiguredSecretAndPassphrase() throws Exception {
        SluiceConfig config = ConfigLoader.parse("accounts.yaml", SERVICES + """
              - service: okx
                token: key-1
                secret: secret-1
                passphrase: pass-1
                plan: unlimited
            """);
        Accounts accounts = new Accounts(config.accounts());
        String payload = "1704067200GET/users/self/verify";

        assertThat(accounts.checkSignedLogin("okx", "key-1", "pass-1", payload, SignedLogin.sign("secret-1", payload)))
            .isEqualTo(SignedLogin.Result.OK);
        assertThat(accounts.checkSignedLogin("okx", "key-1", "pass-1", payload, SignedLogin.sign("secret-2", payload)))
            .isEqualTo(SignedLogin.Result.BAD_SIGNATURE);
        assertThat(accounts.checkSignedLogin("okx", "key-1", "pass-2", payload, SignedLogin.sign("secret-1", payload)))
            .isEqualTo(SignedLogin.Result.WRONG_PASSPHRASE);
        assertThat(accounts.checkSignedLogin("okx", "key-2", "pass-1", payload, SignedLogin.sign("secret-1", payload)))
            .isEqualTo(SignedLogin.Result.UNKNOWN_KEY);
        assertThat(config.toString()).doesNotContain("secret-1").doesNotContain("pass-1");
    }

    @Test
    void shouldRefuseAnAccountWithoutSignedLoginForASignedLogin() throws Exception {
        SluiceConfig config = ConfigLoader.parse("accounts.yaml", SERVICES + """
              - service: okx
                token: key-1
                plan: unlimited
            """);

        assertThat(new Accounts(config.accounts()).checkSignedLogin("okx", "key-1", "", "x", "y"))
            .isEqualTo(SignedLogin.Result.UNKNOWN_KEY);
    }

    @Test
    void shouldRejectAPassphraseWithoutSecretAndAnEmptySecretWithoutShowingThem() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("accounts.yaml", SERVICES
            + """
              - service: okx
                token: key-1
                passphrase: pass-1
                plan: unlimited
              - service: okx
                token: key-2
                secret: " "
                passphrase: pass-2
                plan: unlimited
            """));

        assertThat(e.getMessage()).contains("accounts[0].passphrase: needs a secret (the key that signs logins)")
            .contains("accounts[1].secret: must not be empty").doesNotContain("pass-1").doesNotContain("pass-2");
    }
}

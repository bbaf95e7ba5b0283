package dev.sluice.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Credential lookup: by digest, per service, confirmed in constant time, never shown. */
class AccountsTest {

    private final Account basic = new Account("alltick", "acct-basic", null, null, "basic");
    private final Account pro = new Account("alltick", "acct-pro", "desk-7", null, "professional");
    private final Accounts accounts = new Accounts(List.of(
        new Accounts.Credential(basic, "tok-basic"), new Accounts.Credential(pro, "tok-pro")));

    @Test
    void shouldFindTheAccountOfACredentialOfItsService() {
        assertThat(accounts.find("alltick", "tok-pro")).contains(pro);
        assertThat(accounts.find("alltick", "tok-basic")).contains(basic);
    }

    @Test
    void shouldNotFindUnknownCredentialsOrCredentialsOfAnotherService() {
        assertThat(accounts.find("alltick", "tok-pr")).isEmpty();
        assertThat(accounts.find("alltick", "")).isEmpty();
        assertThat(accounts.find("okx", "tok-pro")).isEmpty();
    }

    @Test
    void shouldRefuseTwoAccountsWithOneCredentialWithoutNamingIt() {
        assertThatThrownBy(() -> new Accounts(List.of(new Accounts.Credential(basic, "same"),
            new Accounts.Credential(pro, "same"))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("acct-basic").hasMessageContaining("acct-pro")
            .hasMessageNotContaining("same");
    }

    @Test
    void shouldNeverShowTheSecretInStrings() {
        assertThat(new Accounts.Credential(pro, "tok-pro").toString()).doesNotContain("tok-pro").contains("***");
        assertThat(Accounts.fingerprint("tok-pro")).hasSize(12).doesNotContain("tok");
    }
}

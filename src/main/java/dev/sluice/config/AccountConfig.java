package dev.sluice.config;

import dev.sluice.auth.Account;
import dev.sluice.auth.Accounts;
import dev.sluice.limit.Plan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code accounts:}: each a credential ({@code token}) of one service, the account it stands for and its
 * plan, and for signed logins (OKX) the {@code secret} that signs them and the {@code passphrase}. Errors never
 * repeat a credential: they name the account's position and id instead.
 */
final class AccountConfig {

    private AccountConfig() {
    }

    static List<Accounts.Credential> read(List<ConfigReader> items, List<ServiceConfig> services, List<Plan> plans) {
        List<Accounts.Credential> credentials = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConfigReader in : items) {
            String service = in.requiredString("service", "the name of the service the credential is for");
            // An account with an identity may have no token: its clients prove the identity instead (hfun).
            String token = in.has("identity") ? in.string("token", null)
                : in.requiredString("token", "the credential clients present (a token or API key)");
            String plan = in.requiredString("plan", "the plan whose limits apply to the account");
            String identity = in.string("identity", null);
            String named = token != null ? token : identity;
            String id = in.string("id", named == null ? null : "acct-" + Accounts.fingerprint(named));
            String subAccount = in.string("subAccount", id);
            // OKX signed login: the token is the API key; secret and passphrase sign and confirm the login.
            String secret = in.string("secret", null);
            String passphrase = in.string("passphrase", null);
            in.finish();
            if (service == null || named == null || plan == null) {
                continue;
            }
            if (services.stream().noneMatch(s -> s.name().equals(service))) {
                in.invalid("service", "names no service in services");
            } else if (!Plan.UNLIMITED.equals(plan) && plans.stream().noneMatch(p -> p.name().equals(plan))) {
                in.invalid("plan", "names no plan in plans");
            } else if (token != null && token.isBlank()) {
                in.invalidSecret("token", "must not be empty");
            } else if (passphrase != null && secret == null) {
                in.invalidSecret("passphrase", "needs a secret (the key that signs logins)");
            } else if (secret != null && secret.isBlank()) {
                in.invalidSecret("secret", "must not be empty");
            } else if (token == null && !seen.add(service + "|identity|" + identity.toLowerCase(Locale.ROOT))) {
                in.invalid("identity", "is already the identity of another account of service " + service);
            } else if (token != null && !seen.add(service + '|' + token)) {
                in.invalidSecret("token", "is already the credential of another account of service " + service
                    + " (value not shown)");
            } else {
                credentials.add(new Accounts.Credential(new Account(service, id, identity, subAccount, plan), token,
                    secret, passphrase));
            }
        }
        return credentials;
    }
}

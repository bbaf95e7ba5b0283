package dev.sluice.auth;

import java.util.Objects;

/**
 * An account of a service: who a credential belongs to and which plan applies. The credential itself is not
 * here: {@link Accounts} keeps only its digest, so an account can be logged or shown safely.
 *
 * @param service    the service the credential is valid for
 * @param id         the account id used in limit scopes and logs (never the credential)
 * @param identity   the identity behind the account (an address, a user id), or null
 * @param subAccount the sub-account, or null
 * @param plan       the plan whose limits apply
 */
public record Account(String service, String id, String identity, String subAccount, String plan) {

    public Account {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(plan, "plan");
    }
}

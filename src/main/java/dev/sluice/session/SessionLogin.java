package dev.sluice.session;

import dev.sluice.auth.Account;
import dev.sluice.auth.Accounts;
import dev.sluice.auth.SignedLogin;
import dev.sluice.dialect.Command;
import dev.sluice.dialect.Endpoint;
import dev.sluice.limit.Admission;
import dev.sluice.limit.Admitter;
import dev.sluice.limit.ConnectionLimits;
import dev.sluice.limit.Decision;
import dev.sluice.limit.Principal;
import java.util.Objects;

/**
 * A signed login (OKX) of one connection: checks it against the service's accounts and re-decides the
 * connection's limits for the account it names (its plan, its sub-account for channel connections). The old
 * limits are released first, so that the new ones can take the same slots.
 */
final class SessionLogin {

    /**
     * What a login came to: the account and its limits, or the text that answers a failure, with the close code
     * when the connection cannot go on (0 when it can).
     */
    record Outcome(Account account, ConnectionLimits limits, String failure, int closeCode) {
    }

    private final Accounts accounts;
    private final Admitter admitter;

    SessionLogin(Accounts accounts, Admitter admitter) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.admitter = Objects.requireNonNull(admitter, "admitter");
    }

    /** Answers a login on a connection without accounts to check it against. */
    static Outcome unknownKey(Command.Login signed) {
        return new Outcome(null, null, signed.failure().apply(SignedLogin.Result.UNKNOWN_KEY), 0);
    }

    Outcome attempt(Command.Login signed, ConnectionLimits previous, Endpoint endpoint, String connId) {
        Principal before = previous.principal();
        SignedLogin.Result result = accounts.checkSignedLogin(before.service(), signed.apiKey(),
            signed.passphrase(), signed.payload(), signed.sign());
        Account found = result == SignedLogin.Result.OK
            ? accounts.find(before.service(), signed.apiKey()).orElse(null) : null;
        if (found == null) {
            return new Outcome(null, null, signed.failure().apply(result == SignedLogin.Result.OK
                ? SignedLogin.Result.UNKNOWN_KEY : result), 0);
        }
        Principal after = new Principal(before.service(), found.id(), found.identity(), found.subAccount(),
            before.ip(), found.plan());
        previous.release();
        Admission admission = admitter.readmit(after, endpoint, connId, previous);
        if (admission instanceof Admission.Admitted admitted) {
            return new Outcome(found, admitted.limits(), null, 0);
        }
        // The account is over a connection limit: the connection cannot go on as that account.
        Decision refused = admission instanceof Admission.Refused r ? r.decision()
            : ((Admission.AcceptThenClose) admission).decision();
        return new Outcome(null, null, signed.failure().apply(null),
            refused == null ? 1008 : refused.limit().action().closeCode());
    }
}

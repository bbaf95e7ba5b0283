package dev.sluice.session;

import dev.sluice.auth.Account;
import dev.sluice.auth.Accounts;
import dev.sluice.auth.SignedLogin;
import dev.sluice.dialect.Command;
import dev.sluice.dialect.Endpoint;
import dev.sluice.limit.Admission;
import dev.sluice.limit.Admitter;
import dev.sluice.limit.ConnectionLimits;
import dev.sluice.limit.DecidedRequest;
import dev.sluice.limit.Decision;
import dev.sluice.limit.Principal;
import dev.sluice.limit.SubscriptionInfo;
import java.util.List;
import java.util.Objects;

/**
 * A signed login (OKX) of one connection: checks it against the service's accounts and re-decides the
 * connection's limits for the account it names (its plan, its sub-account for channel connections). The old
 * limits are released first, so that the new ones can take the same slots.
 */
final class SessionLogin {

    /**
     * What a login came to: the account and its limits, with the decisions counting the connection's current
     * subscriptions under them ({@code recount}), or the text that answers a failure, with the close code when the
     * connection cannot go on (0 when it can).
     */
    record Outcome(Account account, ConnectionLimits limits, DecidedRequest recount, String failure, int closeCode) {
    }

    private final Accounts accounts;
    private final Admitter admitter;

    SessionLogin(Accounts accounts, Admitter admitter) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.admitter = Objects.requireNonNull(admitter, "admitter");
    }

    /** Answers a login on a connection without accounts to check it against. */
    static Outcome unknownKey(Command.Login signed) {
        return new Outcome(null, null, null, signed.failure().apply(SignedLogin.Result.UNKNOWN_KEY), 0);
    }

    /** Checks the signature: the outcome names the account (and no limits yet), or the failure's answer. */
    Outcome check(Command.Login signed, ConnectionLimits current) {
        String service = current.principal().service();
        SignedLogin.Result result = accounts.checkSignedLogin(service, signed.apiKey(), signed.passphrase(),
            signed.payload(), signed.sign());
        Account found = result == SignedLogin.Result.OK ? accounts.find(service, signed.apiKey()).orElse(null) : null;
        if (found == null) {
            return new Outcome(null, null, null, signed.failure().apply(result == SignedLogin.Result.OK
                ? SignedLogin.Result.UNKNOWN_KEY : result), 0);
        }
        return new Outcome(found, null, null, null, 0);
    }

    /**
     * Gives back the previous limits, admits the connection again as the account and decides its current
     * subscriptions ({@code held}) under the new limits. With a remote state this waits on it: call it off the
     * event loop ({@link ConnectionLimits#offLoop}).
     */
    Outcome readmit(Account found, Command.Login signed, ConnectionLimits previous, List<SubscriptionInfo> held,
                    Endpoint endpoint, String connId) {
        Principal before = previous.principal();
        Principal after = new Principal(before.service(), found.id(), found.identity(), found.subAccount(),
            before.ip(), found.plan());
        previous.release();
        Admission admission = admitter.readmit(after, endpoint, connId, previous);
        if (admission instanceof Admission.Admitted admitted) {
            ConnectionLimits next = admitted.limits();
            return new Outcome(found, next, next.decideSubscriptions(held), null, 0);
        }
        // The account is over a connection limit: the connection cannot go on as that account.
        Decision refused = admission instanceof Admission.Refused r ? r.decision()
            : ((Admission.AcceptThenClose) admission).decision();
        return new Outcome(null, null, null, signed.failure().apply(null),
            refused == null ? 1008 : refused.limit().action().closeCode());
    }
}

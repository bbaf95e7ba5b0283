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

    private final Session session;
    private final OutboundWriter out;
    private final RemoteInbound remote;
    /** The service's accounts and who re-decides limits; null until {@link #authenticateWith} (none known). */
    private Accounts accounts;
    private Admitter admitter;

    SessionLogin(Session session, OutboundWriter out, RemoteInbound remote) {
        this.session = session;
        this.out = out;
        this.remote = remote;
    }

    void authenticateWith(Accounts serviceAccounts, Admitter limitsAdmitter) {
        this.accounts = Objects.requireNonNull(serviceAccounts, "serviceAccounts");
        this.admitter = Objects.requireNonNull(limitsAdmitter, "limitsAdmitter");
    }

    /** sFOX's authenticate: the connection becomes the credential's account (its limits stay the handshake's). */
    void authenticate(Command.Authenticate authenticate) {
        String resolved = authenticate.credential() == null || accounts == null ? null
            : accounts.find(session.principal().service(), authenticate.credential()).map(Account::id).orElse(null);
        if (resolved != null) {
            session.authenticated(resolved);
        }
        out.sendText(resolved != null ? authenticate.success() : authenticate.failure());
    }

    /**
     * A login on the session's loop: a bad one is answered at once; a good one re-admits the connection as the
     * account (off the loop when the limit state is remote) and hands the outcome to {@link Session#loggedIn}.
     */
    void start(Command.Login signed) {
        if (accounts == null) {
            out.sendText(unknownKey(signed).failure());
            return;
        }
        ConnectionLimits previous = session.limits();
        Outcome checked = check(signed, previous);
        if (checked.account() == null) {
            out.sendText(checked.failure());
            return;
        }
        List<SubscriptionInfo> held = session.subscriptions().infos();
        Endpoint endpoint = session.endpoint();
        String connId = session.connId();
        if (previous.stateIsRemote()) {
            remote.await(previous.offLoop(() -> readmit(checked.account(), signed, previous, held, endpoint, connId)),
                outcome -> session.loggedIn(signed, previous, outcome));
        } else {
            session.loggedIn(signed, previous, readmit(checked.account(), signed, previous, held, endpoint, connId));
        }
    }

    /** Answers a login on a connection without accounts to check it against. */
    private static Outcome unknownKey(Command.Login signed) {
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

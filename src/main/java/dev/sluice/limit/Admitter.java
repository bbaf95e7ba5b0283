package dev.sluice.limit;

import dev.sluice.dialect.Endpoint;
import java.util.concurrent.CompletableFuture;

/**
 * Decides whether a connection may be opened, before the server answers 101. {@link LimitEngine} is the real
 * one; {@link #ADMIT_ALL} admits everyone with no limits.
 */
@FunctionalInterface
public interface Admitter {

    Admitter ADMIT_ALL = (principal, endpoint, connId) ->
        new Admission.Admitted(LimitEngine.unlimited(principal, endpoint, connId));

    Admission admit(Principal principal, Endpoint endpoint, String connId);

    /**
     * The same decision, completed later when it waits on shared state (Redis); an admitter that decides locally
     * completes it at once. The server answers the handshake when it completes.
     */
    default CompletableFuture<Admission> admitAsync(Principal principal, Endpoint endpoint, String connId) {
        return CompletableFuture.completedFuture(admit(principal, endpoint, connId));
    }

    /**
     * {@link #admitAsync(Principal, Endpoint, String)} for an upgrade request read from the socket at
     * {@code readNanos} (epoch nanoseconds on the admitter's clock); an admitter with rates judges it at that time.
     * The default ignores the time.
     */
    default CompletableFuture<Admission> admitAsync(Principal principal, Endpoint endpoint, String connId,
                                                    long readNanos) {
        return admitAsync(principal, endpoint, connId);
    }

    /**
     * Decides the limits of an open connection whose principal changed (a login after the upgrade). The caller has
     * released {@code previous}; what it counted per connection (the operations of the hour) carries over, and no
     * connect-rate is charged again, as no new connection is opened. The default admits as a new connection.
     */
    default Admission readmit(Principal principal, Endpoint endpoint, String connId, ConnectionLimits previous) {
        return admit(principal, endpoint, connId);
    }
}

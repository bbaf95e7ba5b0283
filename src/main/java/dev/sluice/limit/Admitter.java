package dev.sluice.limit;

import dev.sluice.dialect.Endpoint;

/**
 * Decides whether a connection may be opened, before the server answers 101. {@link LimitEngine} is the real
 * one; {@link #ADMIT_ALL} admits everyone with no limits.
 */
@FunctionalInterface
public interface Admitter {

    Admitter ADMIT_ALL = (principal, endpoint, connId) ->
        new Admission.Admitted(LimitEngine.unlimited(principal, endpoint, connId));

    Admission admit(Principal principal, Endpoint endpoint, String connId);
}

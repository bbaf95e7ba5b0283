package dev.sluice.limit;

/**
 * Decides whether a connection may be opened, before the server answers 101. The limits engine implements it;
 * until plans are configured every handshake is admitted.
 */
@FunctionalInterface
public interface Admitter {

    Admitter ADMIT_ALL = principal -> new Admission.Admitted(Admission.Lease.NONE);

    Admission admit(Principal principal);
}

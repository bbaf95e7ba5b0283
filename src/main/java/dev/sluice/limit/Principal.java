package dev.sluice.limit;

import java.util.Objects;

/**
 * Who is connected, as resolved from the upgrade request: the service, the account and identity behind the
 * credentials (null for anonymous public access), the sub-account, the client IP and the plan whose limits apply.
 */
public record Principal(String service, String account, String identity, String subAccount, String ip,
                        String plan) {

    public Principal {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(plan, "plan");
    }

    /** An anonymous client of a public service. */
    public static Principal anonymous(String service, String ip, String plan) {
        return new Principal(service, null, null, null, ip, plan);
    }
}

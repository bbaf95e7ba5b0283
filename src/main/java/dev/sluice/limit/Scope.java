package dev.sluice.limit;

import java.util.Locale;

/** What is counted together. */
public enum Scope {
    CONNECTION, ACCOUNT, IDENTITY, SUB_ACCOUNT, IP, SERVICE;

    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Scope fromConfig(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The principal's value for this scope, or null when the principal has none (an anonymous identity). */
    String valueOf(Principal principal, String connId) {
        return switch (this) {
            case CONNECTION -> connId;
            case ACCOUNT -> principal.account();
            case IDENTITY -> principal.identity();
            case SUB_ACCOUNT -> principal.subAccount();
            case IP -> principal.ip();
            case SERVICE -> principal.service();
        };
    }
}

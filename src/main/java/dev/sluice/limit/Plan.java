package dev.sluice.limit;

import java.util.List;
import java.util.Objects;

/**
 * A named tier and its limits.
 *
 * @param feedsRequireAuth whether a connection must authenticate after the upgrade before it may subscribe to
 *                         market-data feeds (sFOX today: yes; its legacy API and most vendors: no). Dialects without
 *                         an in-band authentication ignore it.
 */
public record Plan(String name, List<Limit> limits, boolean feedsRequireAuth) {

    /** The plan of a service that configures none: no limits. */
    public static final String UNLIMITED = "unlimited";

    public Plan {
        Objects.requireNonNull(name, "name");
        limits = List.copyOf(limits);
    }

    /** A plan whose feeds need no authentication. */
    public Plan(String name, List<Limit> limits) {
        this(name, limits, false);
    }

    public List<Limit> limits(LimitKind kind) {
        return limits.stream().filter(limit -> limit.kind() == kind).toList();
    }
}

package dev.sluice.limit;

import java.util.List;
import java.util.Objects;

/** A named tier and its limits. */
public record Plan(String name, List<Limit> limits) {

    /** The plan of a service that configures none: no limits. */
    public static final String UNLIMITED = "unlimited";

    public Plan {
        Objects.requireNonNull(name, "name");
        limits = List.copyOf(limits);
    }

    public List<Limit> limits(LimitKind kind) {
        return limits.stream().filter(limit -> limit.kind() == kind).toList();
    }
}

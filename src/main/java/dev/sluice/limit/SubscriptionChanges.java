package dev.sluice.limit;

import java.util.List;

/**
 * What a request would do to a connection's subscription limits, for a decision taken before it is applied: give
 * back {@code released}, then take {@code taken}, in order.
 */
public record SubscriptionChanges(List<SubscriptionInfo> released, List<SubscriptionInfo> taken) {

    public static final SubscriptionChanges NONE = new SubscriptionChanges(List.of(), List.of());

    public SubscriptionChanges {
        released = List.copyOf(released);
        taken = List.copyOf(taken);
    }
}

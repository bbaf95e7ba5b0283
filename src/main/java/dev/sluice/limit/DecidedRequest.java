package dev.sluice.limit;

import java.util.List;
import java.util.Map;

/**
 * What {@link ConnectionLimits#decideAsync} decided off the event loop for one request: its inbound decision, the
 * decisions of the subscriptions it takes (in order), and the subscriptions it gave back first.
 */
public record DecidedRequest(Decision inbound, Map<SubscriptionInfo, Decision> subscriptions,
                             List<SubscriptionInfo> released) {
}

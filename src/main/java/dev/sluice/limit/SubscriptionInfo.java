package dev.sluice.limit;

import java.util.Objects;

/**
 * What the limits need to know of one subscription.
 *
 * @param key       identifies it on the connection (the dialect's subscription key)
 * @param channel   the vendor's channel name (OKX {@code orders}, Hyperliquid {@code userFills})
 * @param iface     the interface it counts under (AllTick {@code trade} or {@code depth}); the channel otherwise
 * @param user      the user address a user channel follows, or null
 */
public record SubscriptionInfo(String key, String channel, String iface, String user) {

    public SubscriptionInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(iface, "iface");
    }

    public static SubscriptionInfo of(String key, String channel) {
        return new SubscriptionInfo(key, channel, channel, null);
    }
}

package dev.sluice.limit;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which traffic a limit applies to.
 *
 * @param ops              inbound message kinds counted (message-rate, request-spacing, heartbeat, inflight)
 * @param channels         channels counted (channel-connections, unique-users, subscriptions); empty means all
 * @param perInterface     subscriptions counted separately per interface (AllTick trade and depth)
 * @param perEndpointGroup connections counted separately per endpoint group (AllTick stock and forex)
 * @param paths            HTTP paths counted (http-rate); empty means all
 * @param outbound         idle-timeout: messages sent to the client count as activity too (OKX: "data pushed")
 */
public record Selector(Set<Op> ops, Set<String> channels, boolean perInterface, boolean perEndpointGroup,
                       Set<String> paths, boolean outbound) {

    public static final Selector ALL = new Selector(EnumSet.allOf(Op.class), Set.of(), false, false, Set.of(),
        false);

    public Selector {
        ops = ops.isEmpty() ? EnumSet.noneOf(Op.class) : EnumSet.copyOf(ops);
        channels = Set.copyOf(channels);
        paths = Set.copyOf(paths);
    }

    public boolean counts(Op op) {
        return ops.contains(op);
    }

    public boolean countsChannel(String channel) {
        return channels.isEmpty() || channels.contains(channel);
    }

    public boolean countsPath(String path) {
        return paths.isEmpty() || paths.contains(path);
    }
}

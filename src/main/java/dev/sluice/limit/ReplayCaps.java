package dev.sluice.limit;

import java.util.HashSet;
import java.util.Set;

/**
 * The replay caps of a plan (0xArchive: speed by tier, history depth, range per request, one exchange per
 * multi-channel replay, data availability per channel), checked once per replay request. Connection-local: no
 * shared state.
 */
final class ReplayCaps {

    static final long DAY_MS = 86_400_000L;

    private ReplayCaps() {
    }

    /** The first cap the request breaks, as a breach; or ALLOWED. */
    static Decision check(Limit limit, ReplayRequest request, long nowNanos, LimitEngine engine, Principal principal,
                          String connId) {
        long nowMillis = nowNanos / LimitEngine.NANOS_PER_MS;
        String scopeKey = "connection:" + connId;
        switch (limit.kind()) {
            case REPLAY_SPEED -> {
                if (request.speed() > limit.max()) {
                    return engine.breach(limit, scopeKey, (long) Math.ceil(request.speed()), 0, principal, connId,
                        nowNanos);
                }
            }
            case REPLAY_DEPTH -> {
                long earliest = nowMillis - limit.max() * DAY_MS;
                if (request.startMillis() < earliest) {
                    return engine.breach(limit, scopeKey, (nowMillis - request.startMillis() + DAY_MS - 1) / DAY_MS,
                        0, principal, connId, nowNanos);
                }
            }
            case REPLAY_RANGE -> {
                long range = request.endMillis() - request.startMillis();
                if (range > limit.max() * DAY_MS) {
                    return engine.breach(limit, scopeKey, (range + DAY_MS - 1) / DAY_MS, 0, principal, connId,
                        nowNanos);
                }
            }
            case REPLAY_EXCHANGES -> {
                Set<String> exchanges = new HashSet<>();
                for (String stream : request.streams()) {
                    exchanges.add(ReplayRequest.exchangeOf(stream));
                }
                if (exchanges.size() > limit.max()) {
                    return engine.breach(limit, scopeKey, exchanges.size(), 0, principal, connId, nowNanos);
                }
            }
            case REPLAY_COVERAGE -> {
                for (String stream : request.streams()) {
                    Long from = limit.coverage().get(stream);
                    if (from == null) {
                        from = limit.coverage().get(ReplayRequest.exchangeOf(stream) + "/*");
                    }
                    if (from != null && request.startMillis() < from) {
                        return engine.breach(limit, scopeKey + '|' + stream, request.startMillis(), 0, principal,
                            connId, nowNanos);
                    }
                }
            }
            default -> {
                return Decision.ALLOWED;
            }
        }
        engine.allowed(limit);
        return Decision.ALLOWED;
    }
}

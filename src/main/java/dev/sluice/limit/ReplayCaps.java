package dev.sluice.limit;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * The replay caps of a plan (0xArchive: speed by tier, history depth, range per request, one exchange per
 * multi-channel replay, data availability per channel), checked once per replay request. Connection-local: no
 * shared state.
 */
final class ReplayCaps {

    static final long DAY_MS = 86_400_000L;

    private ReplayCaps() {
    }

    /**
     * The first cap the request breaks, as a breach whose log line says what was refused in the cap's own unit
     * (speed, days, exchanges, instants); or ALLOWED.
     */
    static Decision check(Limit limit, ReplayRequest request, long nowNanos, LimitEngine engine, Principal principal,
                          String connId) {
        long nowMillis = nowNanos / LimitEngine.NANOS_PER_MS;
        String scopeKey = "connection:" + connId;
        switch (limit.kind()) {
            case REPLAY_SPEED -> {
                if (request.speed() > limit.max()) {
                    String detail = "replay-speed " + limit.max() + "x, requested " + speedText(request.speed()) + "x";
                    return engine.breach(limit, scopeKey, (long) Math.ceil(request.speed()), detail, principal, connId,
                        nowNanos);
                }
            }
            case REPLAY_DEPTH -> {
                long earliest = nowMillis - limit.max() * DAY_MS;
                if (request.startMillis() < earliest) {
                    String detail = "replay-depth " + limit.max() + " days, start " + instant(request.startMillis())
                        + " before " + instant(earliest);
                    return engine.breach(limit, scopeKey, (nowMillis - request.startMillis() + DAY_MS - 1) / DAY_MS,
                        detail, principal, connId, nowNanos);
                }
            }
            case REPLAY_RANGE -> {
                long range = request.endMillis() - request.startMillis();
                if (range > limit.max() * DAY_MS) {
                    String detail = "replay-range " + limit.max() + " days, " + instant(request.startMillis()) + " to "
                        + instant(request.endMillis()) + " spans " + (range + DAY_MS - 1) / DAY_MS + " days";
                    return engine.breach(limit, scopeKey, (range + DAY_MS - 1) / DAY_MS, detail, principal, connId,
                        nowNanos);
                }
            }
            case REPLAY_EXCHANGES -> {
                Set<String> exchanges = new TreeSet<>();
                for (String stream : request.streams()) {
                    exchanges.add(ReplayRequest.exchangeOf(stream));
                }
                if (exchanges.size() > limit.max()) {
                    String detail = "replay-exchanges " + limit.max() + ", requested " + exchanges;
                    return engine.breach(limit, scopeKey, exchanges.size(), detail, principal, connId, nowNanos);
                }
            }
            case REPLAY_COVERAGE -> {
                for (String stream : request.streams()) {
                    Long from = coverageOf(limit, stream);
                    if (from != null && request.startMillis() < from) {
                        String detail = "replay-coverage, start " + instant(request.startMillis())
                            + " before coverage " + instant(from);
                        return engine.breach(limit, scopeKey + '|' + stream, request.startMillis(), detail, principal,
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

    /**
     * The earliest epoch millisecond of {@code stream} that {@code limit} lets a replay reach at {@code nowMillis}:
     * depth days before now, or the stream's coverage; {@link Long#MIN_VALUE} when the limit does not bound it.
     * The same instants {@link #check} compares a request's start with, so a request starting there is allowed.
     */
    static long earliestMillis(Limit limit, String stream, long nowMillis) {
        switch (limit.kind()) {
            case REPLAY_DEPTH -> {
                // A depth beyond the epoch (or one that would overflow) bounds nothing a store can hold.
                return limit.max() > nowMillis / DAY_MS ? Long.MIN_VALUE : nowMillis - limit.max() * DAY_MS;
            }
            case REPLAY_COVERAGE -> {
                Long from = coverageOf(limit, stream);
                return from == null ? Long.MIN_VALUE : from;
            }
            default -> {
                return Long.MIN_VALUE;
            }
        }
    }

    private static String instant(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    private static String speedText(double speed) {
        return speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed);
    }

    /** Where a stream's coverage begins: its own entry, else its exchange's {@code exchange/*}; null if neither. */
    private static Long coverageOf(Limit limit, String stream) {
        Long from = limit.coverage().get(stream);
        return from != null ? from : limit.coverage().get(ReplayRequest.exchangeOf(stream) + "/*");
    }
}

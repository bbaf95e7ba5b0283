package dev.sluice.metric;

/**
 * The narrow metrics port. Labels are service (and later plan, limit kind, outcome), never a user: cardinality
 * stays bounded whatever the traffic. {@link #NOOP} is the default; {@link MicrometerMetrics} exports Prometheus.
 */
public interface Metrics {

    Metrics NOOP = new Metrics() {
        @Override
        public ServiceMetrics forService(String service) {
            return ServiceMetrics.NOOP;
        }

        @Override
        public LimitMeters forLimit(String service, String plan, String kind) {
            return LimitMeters.NOOP;
        }

        @Override
        public String scrape() {
            return "";
        }
    };

    /** The recorders for one service; call once per service and keep the result. */
    ServiceMetrics forService(String service);

    /** Decision counters for one limit kind of one plan of one service (labels: service, plan, kind, outcome). */
    LimitMeters forLimit(String service, String plan, String kind);

    /**
     * The cluster's limit state: decisions allowed without Redis under the {@code open} policy
     * ({@code sluice_limits_fail_open_total}) and whether Redis answers ({@code sluice_limit_state_up}).
     */
    default void limitState(java.util.function.LongSupplier failOpenTotal, java.util.function.BooleanSupplier up) {
    }

    /** The recorders of a node's NATS feed; call once and keep the result. */
    default FeedMetrics forFeed(String feed) {
        return FeedMetrics.NOOP;
    }

    /** Everything recorded, in Prometheus text exposition format. */
    String scrape();
}

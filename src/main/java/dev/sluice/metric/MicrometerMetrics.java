package dev.sluice.metric;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The only class that imports Micrometer: Prometheus counters and gauges labelled by service. */
public final class MicrometerMetrics implements Metrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Override
    public ServiceMetrics forService(String service) {
        return new Recorders(service);
    }

    @Override
    public LimitMeters forLimit(String service, String plan, String kind) {
        Counter allowed = decisions(service, plan, kind, "allowed");
        Counter refused = decisions(service, plan, kind, "refused");
        Counter shadow = decisions(service, plan, kind, "shadow_refused");
        return new LimitMeters() {
            @Override
            public void allowed() {
                allowed.increment();
            }

            @Override
            public void refused() {
                refused.increment();
            }

            @Override
            public void shadowRefused() {
                shadow.increment();
            }
        };
    }

    @Override
    public FeedMetrics forFeed(String feed) {
        return new FeedRecorders(registry, feed);
    }

    private Counter decisions(String service, String plan, String kind, String outcome) {
        return Counter.builder("sluice_limit_decisions").description("Limit decisions")
            .tag("service", service).tag("plan", plan).tag("kind", kind).tag("outcome", outcome).register(registry);
    }

    @Override
    public void limitState(java.util.function.LongSupplier failOpenTotal, java.util.function.BooleanSupplier up) {
        io.micrometer.core.instrument.FunctionCounter.builder("sluice_limits_fail_open", failOpenTotal,
            LongSupplierCount::count).description("Shared limit decisions allowed while Redis was unreachable (open "
            + "policy)").register(registry);
        Gauge.builder("sluice_limit_state_up", up, u -> u.getAsBoolean() ? 1 : 0)
            .description("1 while the shared limit state (Redis) answers").register(registry);
    }

    /** Reads a supplier as a counter's count. */
    private static final class LongSupplierCount {
        static double count(java.util.function.LongSupplier supplier) {
            return supplier.getAsLong();
        }
    }

    @Override
    public String scrape() {
        return registry.scrape();
    }

    private final class Recorders implements ServiceMetrics {
        private final String service;
        private final Map<String, AtomicInteger> openByPlan = new ConcurrentHashMap<>();
        private final AtomicInteger http = new AtomicInteger();
        private final Counter opened;
        private final Counter refused;
        private final Counter received;
        private final Counter violations;
        private final Counter slow;

        Recorders(String service) {
            this.service = service;
            Gauge.builder("sluice_http_connections", http, AtomicInteger::get)
                .description("Connections still speaking HTTP (not upgraded)").tag("service", service)
                .register(registry);
            opened = counter("sluice_connections_opened", "WebSocket upgrades completed", service);
            refused = counter("sluice_handshakes_refused", "WebSocket upgrades refused", service);
            received = counter("sluice_messages_received", "Complete messages received from clients", service);
            violations = counter("sluice_protocol_violations", "Connections closed for protocol violations", service);
            slow = counter("sluice_slow_consumers_closed", "Connections closed for an overflowing backlog", service);
        }

        private Counter counter(String name, String description, String service) {
            return Counter.builder(name).description(description).tag("service", service).register(registry);
        }

        @Override
        public void connectionOpened(String plan) {
            open(plan).incrementAndGet();
            opened.increment();
        }

        @Override
        public void connectionClosed(String plan) {
            open(plan).decrementAndGet();
        }

        /** The open-connections gauge of one plan, registered on first use (plans are few: bounded labels). */
        private AtomicInteger open(String plan) {
            return openByPlan.computeIfAbsent(plan, p -> {
                AtomicInteger count = new AtomicInteger();
                Gauge.builder("sluice_connections", count, AtomicInteger::get).description("Open WebSocket connections")
                    .tag("service", service).tag("plan", p).register(registry);
                return count;
            });
        }

        @Override
        public void httpConnectionOpened() {
            http.incrementAndGet();
        }

        @Override
        public void httpConnectionClosed() {
            http.decrementAndGet();
        }

        @Override
        public void handshakeRefused() {
            refused.increment();
        }

        @Override
        public void messageReceived() {
            received.increment();
        }

        @Override
        public void protocolViolation() {
            violations.increment();
        }

        @Override
        public void slowConsumerClosed() {
            slow.increment();
        }
    }

    /** {@link FeedMetrics} on Micrometer counters, labelled by feed (the subject prefix). */
    private static final class FeedRecorders implements FeedMetrics {

        private final MeterRegistry registry;
        private final String feed;
        private final Counter disconnects;
        private final Counter reconnects;
        private final Counter events;
        private final Counter gaps;
        private final Counter resyncs;

        FeedRecorders(MeterRegistry registry, String feed) {
            this.registry = registry;
            this.feed = feed;
            disconnects = counter("sluice_feed_disconnects", "Connections to NATS lost");
            reconnects = counter("sluice_feed_reconnects", "Connections to NATS re-established");
            events = counter("sluice_feed_events", "Event messages received from NATS");
            gaps = counter("sluice_feed_book_gaps", "Book changes that broke the seqId chain");
            resyncs = counter("sluice_feed_book_resyncs", "Books replaced by a snapshot after a gap or reconnection");
        }

        private Counter counter(String name, String description) {
            return Counter.builder(name).description(description).tag("feed", feed).register(registry);
        }

        @Override
        public void disconnected() {
            disconnects.increment();
        }

        @Override
        public void reconnected() {
            reconnects.increment();
        }

        @Override
        public void eventReceived() {
            events.increment();
        }

        @Override
        public void skipped(String reason) {
            // Reasons are a fixed set of five: the registry's own lookup keeps one counter per reason.
            Counter.builder("sluice_feed_skipped").description("Messages from NATS dropped, by reason")
                .tag("feed", feed).tag("reason", reason).register(registry).increment();
        }

        @Override
        public void gap() {
            gaps.increment();
        }

        @Override
        public void bookResynced() {
            resyncs.increment();
        }
    }
}

package dev.sluice.metric;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
}

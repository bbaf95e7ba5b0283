package dev.sluice.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one load-generator thread received, per schedule step: publish-to-receive latency in microseconds (from the
 * scheduled send time embedded by the feed), counts, and the span of stamps and receipts. One instance per event
 * loop, written only by that loop; merged after the loops have stopped.
 */
final class ReceiveStats {

    /** Largest latency recorded: one minute, in microseconds. */
    static final long MAX_LATENCY_US = 60_000_000L;
    static final int MAX_STEPS = 64;

    final Histogram[] latency = new Histogram[MAX_STEPS];
    final long[] received = new long[MAX_STEPS];
    final long[] firstStampNanos = new long[MAX_STEPS];
    final long[] lastReceiveNanos = new long[MAX_STEPS];
    long gaps;
    long duplicates;
    long errors;

    void record(int step, long stampNanos, long nowNanos) {
        if (step < 0 || step >= MAX_STEPS) {
            errors++;
            return;
        }
        if (latency[step] == null) {
            latency[step] = new Histogram(MAX_LATENCY_US, 3);
            firstStampNanos[step] = Long.MAX_VALUE;
        }
        latency[step].recordValue(Math.min(MAX_LATENCY_US, Math.max(0, (nowNanos - stampNanos) / 1000)));
        received[step]++;
        firstStampNanos[step] = Math.min(firstStampNanos[step], stampNanos);
        lastReceiveNanos[step] = Math.max(lastReceiveNanos[step], nowNanos);
    }

    /** Adds another thread's figures to these. */
    void add(ReceiveStats other) {
        for (int s = 0; s < MAX_STEPS; s++) {
            if (other.latency[s] == null) {
                continue;
            }
            if (latency[s] == null) {
                latency[s] = new Histogram(MAX_LATENCY_US, 3);
                firstStampNanos[s] = Long.MAX_VALUE;
            }
            latency[s].add(other.latency[s]);
            received[s] += other.received[s];
            firstStampNanos[s] = Math.min(firstStampNanos[s], other.firstStampNanos[s]);
            lastReceiveNanos[s] = Math.max(lastReceiveNanos[s], other.lastReceiveNanos[s]);
        }
        gaps += other.gaps;
        duplicates += other.duplicates;
        errors += other.errors;
    }

    /** Per step: counts, span and the latency percentiles (microseconds) the report and the plot use. */
    List<Map<String, Object>> steps() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int s = 0; s < MAX_STEPS; s++) {
            if (latency[s] == null) {
                continue;
            }
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("step", s);
            step.put("received", received[s]);
            step.put("spanNanos", lastReceiveNanos[s] - firstStampNanos[s]);
            step.put("percentilesUs", percentiles(latency[s]));
            out.add(step);
        }
        return out;
    }

    /** Latency at the plot's percentiles (50, 90, 99, 99.9, 99.99, max). */
    static Map<String, Long> percentiles(Histogram h) {
        Map<String, Long> p = new LinkedHashMap<>();
        for (double q : Report.PERCENTILES) {
            p.put(Report.label(q), h.getValueAtPercentile(q));
        }
        p.put("max", h.getMaxValue());
        return p;
    }
}

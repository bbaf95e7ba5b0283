package dev.sluice.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An open-loop publish schedule: steps of a fixed rate per channel, one after the other. Message {@code k} of a
 * step is due {@code k / (rate x channels)} seconds after the step starts, on channel {@code k % channels}, with the
 * channel's next sequence number (from 1). Every message carries its scheduled time, not the time it was actually
 * sent, so a publisher that falls behind shows up as latency instead of hiding it (no coordinated omission).
 *
 * <p>Not thread-safe: one publisher thread polls it.
 */
public final class Schedule {

    /** One step: {@code ratePerChannel} messages per second on every channel for {@code durationMs}. */
    public record Step(int ratePerChannel, long durationMs) {
    }

    /** Receives each due message. */
    @FunctionalInterface
    public interface Emitter {
        void emit(int channel, long seq, long stampNanos, int step);
    }

    private final int channels;
    private final List<Step> steps;
    private final long[] seq;
    private long stepStartNanos;
    private int step;
    private long index;

    public Schedule(int channels, List<Step> steps, long startEpochNanos) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be at least 1: " + channels);
        }
        this.channels = channels;
        this.steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        this.seq = new long[channels];
        this.stepStartNanos = startEpochNanos;
    }

    /** Parses {@code RATExMS,RATExMS,...}, e.g. {@code 500x2000,1000x2000}. */
    public static List<Step> parseSteps(String text) {
        List<Step> parsed = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] pair = part.trim().split("x");
            if (pair.length != 2) {
                throw new IllegalArgumentException("step must be RATExMS: " + part);
            }
            parsed.add(new Step(Integer.parseInt(pair[0]), Long.parseLong(pair[1])));
        }
        return parsed;
    }

    public static String formatSteps(List<Step> steps) {
        StringBuilder text = new StringBuilder();
        for (Step s : steps) {
            text.append(text.length() == 0 ? "" : ",").append(s.ratePerChannel()).append('x').append(s.durationMs());
        }
        return text.toString();
    }

    /** Emits every message due by {@code nowNanos}; returns false once the last step is over. */
    public boolean emitDue(long nowNanos, Emitter emitter) {
        while (step < steps.size()) {
            Step current = steps.get(step);
            long stepNanos = current.durationMs() * 1_000_000L;
            double intervalNanos = 1e9 / ((double) current.ratePerChannel() * channels);
            long total = (long) (current.durationMs() / 1000.0 * current.ratePerChannel() * channels);
            while (index < total) {
                long due = stepStartNanos + (long) (index * intervalNanos);
                if (due > nowNanos) {
                    return true;
                }
                int channel = (int) (index % channels);
                emitter.emit(channel, ++seq[channel], due, step);
                index++;
            }
            if (stepStartNanos + stepNanos > nowNanos) {
                return true;
            }
            stepStartNanos += stepNanos;
            step++;
            index = 0;
        }
        return false;
    }

    /** Messages published so far on each channel (the last sequence number of each). */
    public long[] published() {
        return seq.clone();
    }

    public int channels() {
        return channels;
    }
}

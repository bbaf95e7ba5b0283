package dev.sluice.history;

/** How a vendor words a replay's messages (0xArchive: {@code replay_started}, {@code historical_data}, ...). */
public interface ReplayFormat {

    String started(ReplaySpec spec);

    /**
     * A channel's state at the start (or at a seek's target) before the timeline: its last record before it, never
     * one older than the plan lets the replay reach (none is sent then).
     */
    String snapshot(ReplaySpec spec, HistoryRecord record);

    String data(ReplaySpec spec, HistoryRecord record);

    String gap(ReplaySpec spec, String channel, long gapStartMs, long gapEndMs);

    String paused(ReplaySpec spec, long currentMs);

    String resumed(ReplaySpec spec, long currentMs);

    String completed(ReplaySpec spec, long sent);

    String stopped(ReplaySpec spec);

    /** The store could not be read: the replay ends with this error. */
    String failed(ReplaySpec spec);
}

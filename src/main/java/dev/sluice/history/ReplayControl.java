package dev.sluice.history;

/** A running replay as its connection drives it. Every method runs on the connection's event loop. */
public interface ReplayControl {

    void pause();

    void resume();

    /** Continues from {@code timestampMs} (clamped to the replay's range). */
    void seek(long timestampMs);

    void stop();

    /** The clock has moved: send what is due. */
    void onTick();

    /** The connection can take writes again. */
    void onWritable();

    /** The connection closed: stop without a word. */
    void cancel();
}

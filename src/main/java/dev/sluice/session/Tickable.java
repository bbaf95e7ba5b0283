package dev.sluice.session;

/** Something of an event loop that has clock-driven work to do on every tick. */
public interface Tickable {

    /** Called on the loop about once a second (or by a test after advancing its manual clock). */
    void onTick();
}

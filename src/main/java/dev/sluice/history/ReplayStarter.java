package dev.sluice.history;

/** Starts a replay that a dialect has decoded and the limits have allowed. */
@FunctionalInterface
public interface ReplayStarter {

    ReplayControl start(ReplaySink sink);
}

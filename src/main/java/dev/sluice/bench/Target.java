package dev.sluice.bench;

/** A server under test: Sluice, or one of the baselines measured in the same run. */
enum Target {
    /** Sluice: the real gateway, OKX dialect, bus, sessions and limits. */
    SLUICE("Sluice"),
    /** B0, the ceiling: bare Netty broadcast (encode once, shared buffer, batched flush, no limits, no routing). */
    B0("B0 bare Netty"),
    /** B2, a peer: a Node.js broadcast server on the npm {@code ws} package. */
    B2("B2 Node ws");

    private final String label;

    Target(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}

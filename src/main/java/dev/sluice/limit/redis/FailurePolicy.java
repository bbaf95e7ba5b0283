package dev.sluice.limit.redis;

/** What a node does while Redis cannot answer (down, partitioned, slower than the timeout). */
public enum FailurePolicy {
    /** Refuse new connections (HTTP 503); open connections go on, decided on this node's share of each limit. */
    CLOSED,
    /** Allow every shared decision, counted in {@code sluice_limits_fail_open_total}. */
    OPEN,
    /** Decide on this node alone with ceil(cap / live nodes) of every shared cap and rate. */
    LOCAL;

    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package dev.sluice.limit;

/**
 * A shared {@link LimitState} could not answer in time (Redis down, partitioned or too slow). Not an expected
 * outcome of a limit: the store's failure policy turns it into one (see {@code ClusterLimitState}), so the engine
 * only ever sees it from a store used without a policy.
 */
public final class LimitStateUnavailable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LimitStateUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}

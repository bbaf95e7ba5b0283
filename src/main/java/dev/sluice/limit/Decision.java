package dev.sluice.limit;

/**
 * The engine's answer, as a value. Allowed decisions on the hot path are the shared {@link #ALLOWED} constant, so
 * they cost no allocation; a refusal names the limit, the scope key, the limit's value, the usage that breached
 * it and how long until a retry could succeed.
 *
 * @param outcome      allowed, refused, or allowed only because the limit is in shadow mode
 * @param limit        the limit that decided (null for {@link #ALLOWED})
 * @param scopeKey     what was counted, e.g. {@code ip:10.0.0.7} (never a secret)
 * @param usage        the count or rate that the request would have reached
 * @param retryAfterMs when a retry could succeed; 0 when unknown or not time-based
 * @param detail       for the log, where the limit's value and a usage count do not say it: the value that applied
 *                     and what was refused, each in its own unit (an idle timeout's period without subscriptions, a
 *                     replay's start before coverage); null otherwise
 */
public record Decision(Outcome outcome, Limit limit, String scopeKey, long usage, long retryAfterMs, String detail) {

    public static final Decision ALLOWED = new Decision(Outcome.ALLOWED, null, "", 0, 0);

    /**
     * Not decided yet: what it needs is on its way from a remote state (a connection's next batch of credits).
     * Neither allowed nor refused: nothing was counted, so the message must not be sent now.
     */
    public static final Decision DEFERRED = new Decision(Outcome.DEFERRED, null, "", 0, 0);

    /** A decision whose log line is the limit's value and the usage. */
    public Decision(Outcome outcome, Limit limit, String scopeKey, long usage, long retryAfterMs) {
        this(outcome, limit, scopeKey, usage, retryAfterMs, null);
    }

    /** How a check came out. */
    public enum Outcome {
        ALLOWED, REFUSED, SHADOW_REFUSED, DEFERRED
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOWED || outcome == Outcome.SHADOW_REFUSED;
    }

    public boolean refused() {
        return outcome == Outcome.REFUSED;
    }

    /** {@link #DEFERRED}: try again when the connection is woken. */
    public boolean deferred() {
        return outcome == Outcome.DEFERRED;
    }

    public long limitValue() {
        return limit == null ? 0 : limit.value();
    }

    /** An allowed decision that carries a count to report (OKX {@code channel-conn-count}). */
    static Decision allowedWith(Limit limit, String scopeKey, long usage) {
        return new Decision(Outcome.ALLOWED, limit, scopeKey, usage, 0);
    }

    @Override
    public String toString() {
        if (limit == null) {
            return outcome.toString();
        }
        String retry = retryAfterMs > 0 ? ", retry after " + retryAfterMs + " ms" : "";
        if (detail != null) {
            return outcome + " by " + limit.id() + " for " + scopeKey + ": " + detail + retry;
        }
        return outcome + " by " + limit.id() + " (" + limit.kind().configName() + " " + limit.value() + ") for "
            + scopeKey + ": usage " + usage + retry;
    }
}

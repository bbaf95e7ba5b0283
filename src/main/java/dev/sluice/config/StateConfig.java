package dev.sluice.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/**
 * Where limit state lives: {@code memory} (one node) or {@code redis} (shared by the nodes of a cluster).
 *
 * @param type              {@code memory} or {@code redis}
 * @param uri               Redis URI ({@code redis://[user:password@]host:port[/db]}, {@code rediss://} for TLS);
 *                          a secret when it carries a password: {@link #toString()} and errors mask it
 * @param timeoutMs         longest wait for one Redis answer before the failure policy applies
 * @param connectTimeoutMs  longest wait for a connection to Redis
 * @param leaseTtlMs        how long a connection, subscription or unique-user slot lives without renewal: a dead
 *                          node's slots are free after this long
 * @param renewalIntervalMs how often a node renews its leases (and re-registers them after a Redis restart)
 * @param failurePolicy     {@code closed}, {@code open} or {@code local}: what a node does while Redis does not answer
 * @param keyPrefix         prefix of every Redis key, so that several clusters can share one Redis
 */
public record StateConfig(String type, String uri, long timeoutMs, long connectTimeoutMs, long leaseTtlMs,
                          long renewalIntervalMs, String failurePolicy, String keyPrefix) {

    public static final String MEMORY = "memory";
    public static final String REDIS = "redis";
    public static final long DEFAULT_TIMEOUT_MS = 250;
    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 1_000;
    public static final long DEFAULT_LEASE_TTL_MS = 10_000;
    public static final long DEFAULT_RENEWAL_INTERVAL_MS = 2_000;
    public static final String DEFAULT_FAILURE_POLICY = "closed";
    public static final String DEFAULT_KEY_PREFIX = "sluice:";

    public static final StateConfig DEFAULTS = new StateConfig(MEMORY, null, DEFAULT_TIMEOUT_MS,
        DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_LEASE_TTL_MS, DEFAULT_RENEWAL_INTERVAL_MS, DEFAULT_FAILURE_POLICY,
        DEFAULT_KEY_PREFIX);

    public boolean redis() {
        return REDIS.equals(type);
    }

    static StateConfig read(ConfigReader in) {
        if (in == null) {
            return DEFAULTS;
        }
        String type = in.choice("type", MEMORY, Set.of(MEMORY, REDIS));
        boolean redis = REDIS.equals(type);
        String uri = redis ? in.requiredString("uri", "redis://host:port or rediss://host:port") : null;
        if (uri != null && !validUri(uri)) {
            in.invalidSecret("uri", "must be redis://[user:password@]host[:port][/db] or rediss://...");
        }
        StateConfig config = new StateConfig(type, uri,
            in.integer("timeoutMs", DEFAULT_TIMEOUT_MS, 10, 10_000),
            in.integer("connectTimeoutMs", DEFAULT_CONNECT_TIMEOUT_MS, 100, 60_000),
            in.integer("leaseTtlMs", DEFAULT_LEASE_TTL_MS, 1_000, 3_600_000),
            in.integer("renewalIntervalMs", DEFAULT_RENEWAL_INTERVAL_MS, 100, 1_800_000),
            in.choice("failurePolicy", DEFAULT_FAILURE_POLICY, Set.of("closed", "open", "local")),
            in.string("keyPrefix", DEFAULT_KEY_PREFIX));
        if (config.renewalIntervalMs() * 2 > config.leaseTtlMs()) {
            in.invalid("renewalIntervalMs", "must be at most half of state.leaseTtlMs (" + config.leaseTtlMs()
                + "), so that a lease is renewed at least twice before it ends");
        }
        if (!redis) {
            for (String key : new String[] {"uri", "timeoutMs", "connectTimeoutMs", "leaseTtlMs",
                "renewalIntervalMs", "failurePolicy", "keyPrefix"}) {
                if (in.has(key)) {
                    in.invalid(key, "applies only with state.type: redis");
                }
            }
        }
        in.finish();
        return config;
    }

    private static boolean validUri(String uri) {
        try {
            URI parsed = new URI(uri);
            return ("redis".equals(parsed.getScheme()) || "rediss".equals(parsed.getScheme()))
                && parsed.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The URI with any password replaced by {@code ***}: the only form that may be logged. */
    public String maskedUri() {
        return mask(uri);
    }

    static String mask(String uri) {
        if (uri == null) {
            return null;
        }
        int scheme = uri.indexOf("://");
        int at = uri.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return uri;
        }
        String userInfo = uri.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? "" : userInfo.substring(0, colon);
        return uri.substring(0, scheme + 3) + user + ":***" + uri.substring(at);
    }

    @Override
    public String toString() {
        return "StateConfig[type=" + type + ", uri=" + maskedUri() + ", timeoutMs=" + timeoutMs
            + ", connectTimeoutMs=" + connectTimeoutMs + ", leaseTtlMs=" + leaseTtlMs + ", renewalIntervalMs="
            + renewalIntervalMs + ", failurePolicy=" + failurePolicy + ", keyPrefix=" + keyPrefix + "]";
    }
}

package dev.sluice.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/**
 * How a node reaches the NATS feed ({@code feed.type: nats}) and how {@code sluice feed} publishes to it.
 *
 * @param url               NATS server URL, {@code nats://host:port}
 * @param subjectPrefix     first subject token(s): events go to {@code <prefix>.<exchange>.<channel>.<symbol>}
 * @param connectTimeoutMs  how long one connection attempt may take
 * @param reconnectWaitMs   pause between reconnection attempts after NATS is lost (attempts never stop)
 * @param snapshotTimeoutMs how long a node waits for a book snapshot it requested before it asks again
 */
public record NatsConfig(String url, String subjectPrefix, long connectTimeoutMs, long reconnectWaitMs,
                         long snapshotTimeoutMs) {

    public static final String DEFAULT_SUBJECT_PREFIX = "sluice";
    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
    public static final long DEFAULT_RECONNECT_WAIT_MS = 1_000;
    public static final long DEFAULT_SNAPSHOT_TIMEOUT_MS = 2_000;

    private static final Set<String> SCHEMES = Set.of("nats", "tls");

    /** The defaults with another URL (the {@code --nats} option of {@code sluice feed}). */
    public static NatsConfig withUrl(String url) {
        return new NatsConfig(url, DEFAULT_SUBJECT_PREFIX, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_RECONNECT_WAIT_MS,
            DEFAULT_SNAPSHOT_TIMEOUT_MS);
    }

    public NatsConfig withUrlOverride(String newUrl) {
        return new NatsConfig(newUrl, subjectPrefix, connectTimeoutMs, reconnectWaitMs, snapshotTimeoutMs);
    }

    static NatsConfig read(ConfigReader in) {
        String url = in.requiredString("url", "a NATS URL such as nats://127.0.0.1:4222");
        if (url != null && urlProblem(url) != null) {
            in.invalid("url", urlProblem(url));
        }
        String prefix = in.string("subjectPrefix", DEFAULT_SUBJECT_PREFIX);
        if (prefixProblem(prefix) != null) {
            in.invalid("subjectPrefix", prefixProblem(prefix));
        }
        NatsConfig config = new NatsConfig(url, prefix,
            in.integer("connectTimeoutMs", DEFAULT_CONNECT_TIMEOUT_MS, 100, 60_000),
            in.integer("reconnectWaitMs", DEFAULT_RECONNECT_WAIT_MS, 10, 60_000),
            in.integer("snapshotTimeoutMs", DEFAULT_SNAPSHOT_TIMEOUT_MS, 100, 60_000));
        in.finish();
        return config;
    }

    /** What is wrong with a NATS URL, or null when it is usable. */
    public static String urlProblem(String url) {
        try {
            URI uri = new URI(url.trim());
            if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
                return "must be a NATS URL: nats://host:port or tls://host:port";
            }
            return null;
        } catch (URISyntaxException e) {
            return "must be a NATS URL: nats://host:port or tls://host:port";
        }
    }

    /** What is wrong with a subject prefix, or null when it is usable. */
    static String prefixProblem(String prefix) {
        if (prefix.isEmpty() || prefix.startsWith(".") || prefix.endsWith(".") || prefix.contains("..")) {
            return "must be one or more subject tokens separated by dots, none empty";
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (Character.isWhitespace(c) || c == '*' || c == '>') {
                return "must not contain whitespace, '*' or '>'";
            }
        }
        return null;
    }
}

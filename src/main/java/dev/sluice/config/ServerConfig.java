package dev.sluice.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Network settings shared by every service of the process.
 *
 * @param host                 address every service binds to
 * @param maxFramePayloadBytes largest WebSocket frame payload accepted; larger closes with 1009
 * @param maxMessageBytes      largest complete message, fragments added up; larger closes with 1009
 * @param maxBacklogBytes      outbound bytes a slow connection may have queued before it is closed with the
 *                             dialect's slow-consumer code
 * @param ioThreads            event-loop threads; 0 means Netty's default
 * @param httpIdleTimeoutMs    a connection still speaking HTTP (not upgraded) is closed with 408 after this long
 *                             without a complete request, so slow or silent clients cannot hold connections
 * @param trustedProxies       peer addresses whose {@code X-Forwarded-For} header names the client; from any other
 *                             peer the header is ignored, so a client cannot dodge a per-IP limit by sending it
 * @param proxyProtocol        accept a PROXY protocol (v1 or v2) header from trusted proxies and take the client
 *                             address from it; a header from any other peer closes the connection
 * @param drainMs              on shutdown, how long connections keep being served after the dialect's shutdown
 *                             notice (OKX 64008) before they are closed; it ends early once every connection is gone
 * @param allowedOrigins       the browser origins ({@code https://app.example.com}) whose pages may open WebSocket
 *                             connections; an upgrade with any other {@code Origin} header is refused with 403.
 *                             Empty: every origin (non-browser clients send none and are never refused for it)
 */
public record ServerConfig(String host, int maxFramePayloadBytes, int maxMessageBytes, long maxBacklogBytes,
                           int ioThreads, long httpIdleTimeoutMs, List<String> trustedProxies,
                           boolean proxyProtocol, long drainMs, List<String> allowedOrigins) {

    public ServerConfig {
        trustedProxies = List.copyOf(trustedProxies);
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** Settings that allow every origin. */
    public ServerConfig(String host, int maxFramePayloadBytes, int maxMessageBytes, long maxBacklogBytes,
                        int ioThreads, long httpIdleTimeoutMs, List<String> trustedProxies, boolean proxyProtocol,
                        long drainMs) {
        this(host, maxFramePayloadBytes, maxMessageBytes, maxBacklogBytes, ioThreads, httpIdleTimeoutMs,
            trustedProxies, proxyProtocol, drainMs, List.of());
    }

    /** Whether a browser page from {@code origin} (an {@code Origin} header, compared without case) may connect. */
    public boolean allowsOrigin(String origin) {
        return allowedOrigins.isEmpty() || allowedOrigins.stream().anyMatch(o -> o.equalsIgnoreCase(origin));
    }

    /** Settings with the default drain period. */
    public ServerConfig(String host, int maxFramePayloadBytes, int maxMessageBytes, long maxBacklogBytes,
                        int ioThreads, long httpIdleTimeoutMs, List<String> trustedProxies, boolean proxyProtocol) {
        this(host, maxFramePayloadBytes, maxMessageBytes, maxBacklogBytes, ioThreads, httpIdleTimeoutMs,
            trustedProxies, proxyProtocol, DEFAULT_DRAIN_MS);
    }

    /** Settings without the PROXY protocol. */
    public ServerConfig(String host, int maxFramePayloadBytes, int maxMessageBytes, long maxBacklogBytes,
                        int ioThreads, long httpIdleTimeoutMs, List<String> trustedProxies) {
        this(host, maxFramePayloadBytes, maxMessageBytes, maxBacklogBytes, ioThreads, httpIdleTimeoutMs,
            trustedProxies, false);
    }

    /** Settings without trusted proxies. */
    public ServerConfig(String host, int maxFramePayloadBytes, int maxMessageBytes, long maxBacklogBytes,
                        int ioThreads, long httpIdleTimeoutMs) {
        this(host, maxFramePayloadBytes, maxMessageBytes, maxBacklogBytes, ioThreads, httpIdleTimeoutMs, List.of());
    }

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_MAX_FRAME_PAYLOAD_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
    public static final long DEFAULT_MAX_BACKLOG_BYTES = 4L * 1024 * 1024;
    public static final int DEFAULT_IO_THREADS = 0;
    public static final long DEFAULT_HTTP_IDLE_TIMEOUT_MS = 10_000;
    public static final long DEFAULT_DRAIN_MS = 1_000;
    private static final Pattern ORIGIN = Pattern.compile("https?://[^/\\s:]+(:[0-9]{1,5})?");

    public static final ServerConfig DEFAULTS = new ServerConfig(DEFAULT_HOST, DEFAULT_MAX_FRAME_PAYLOAD_BYTES,
        DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_BACKLOG_BYTES, DEFAULT_IO_THREADS, DEFAULT_HTTP_IDLE_TIMEOUT_MS);

    static ServerConfig read(ConfigReader in) {
        if (in == null) {
            return DEFAULTS;
        }
        ServerConfig config = new ServerConfig(
            in.string("host", DEFAULT_HOST),
            (int) in.integer("maxFramePayloadBytes", DEFAULT_MAX_FRAME_PAYLOAD_BYTES, 125, 16 * 1024 * 1024),
            (int) in.integer("maxMessageBytes", DEFAULT_MAX_MESSAGE_BYTES, 125, 64 * 1024 * 1024),
            in.integer("maxBacklogBytes", DEFAULT_MAX_BACKLOG_BYTES, 64 * 1024, 1L << 32),
            (int) in.integer("ioThreads", DEFAULT_IO_THREADS, 0, 256),
            in.integer("httpIdleTimeoutMs", DEFAULT_HTTP_IDLE_TIMEOUT_MS, 100, 3_600_000),
            in.strings("trustedProxies"),
            in.bool("proxyProtocol", false),
            in.integer("drainMs", DEFAULT_DRAIN_MS, 0, 600_000),
            in.strings("allowedOrigins"));
        in.finish();
        for (String origin : config.allowedOrigins()) {
            if (!ORIGIN.matcher(origin).matches()) {
                in.invalid("allowedOrigins", "'" + origin + "' is not an origin: scheme://host[:port], no path"
                    + " (e.g. https://app.example.com)");
            }
        }
        if (config.proxyProtocol() && config.trustedProxies().isEmpty()) {
            in.invalid("proxyProtocol", "needs trustedProxies: only a listed proxy may name the client address");
        }
        return config;
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, maxFramePayloadBytes, maxMessageBytes, maxBacklogBytes, ioThreads,
            httpIdleTimeoutMs, trustedProxies, proxyProtocol, drainMs, allowedOrigins);
    }
}

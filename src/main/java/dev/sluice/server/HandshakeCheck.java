package dev.sluice.server;

import dev.sluice.config.ServerConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

/**
 * Whether an upgrade request (one with {@code Upgrade: websocket} on a WebSocket endpoint) can be an RFC 6455
 * handshake that this server accepts, judged on the request alone before any credential or limit is looked at, so
 * that a request that can never be upgraded is answered at once (and takes nothing from any limit):
 * <ul>
 * <li>a method other than {@code GET}: 405 with {@code Allow: GET} (RFC 6455 4.1: "The method of the request MUST
 * be GET");</li>
 * <li>no {@code Connection: Upgrade}: 400;</li>
 * <li>no {@code Sec-WebSocket-Version}, or any version but 13: 426 with {@code Sec-WebSocket-Version: 13} (RFC 6455
 * 4.2.2). Only 13 is accepted, as every vendor that Sluice imitates does: the hybi drafts (7, 8) and hixie-76
 * (no version header) predate the RFC and no client in use sends them;</li>
 * <li>no {@code Sec-WebSocket-Key}, an empty one or more than one: 400 (RFC 6455 4.2.1). Its value is not held
 * to the RFC's "base64-encoded 16 bytes": the server only hashes it into {@code Sec-WebSocket-Accept}, and a client
 * with a sloppy nonce still gets its upgrade;</li>
 * <li>with {@code server.allowedOrigins} set: more than one {@code Origin} (or {@code Sec-WebSocket-Origin}, the
 * hybi drafts' name for it, checked alike), or one not listed: 403.</li>
 * </ul>
 * Stateless; thread-safe.
 */
final class HandshakeCheck {

    /** The only WebSocket version accepted: RFC 6455's. */
    static final String VERSION = "13";

    /** The hybi drafts' name for {@code Origin}; a browser never sends both. */
    static final String SEC_WEBSOCKET_ORIGIN = "Sec-WebSocket-Origin";

    /**
     * Why a request is not upgraded: the status, at most one header that the status calls for, and a plain-text body.
     *
     * @param header      the header's name, or null when the status needs none
     * @param headerValue the header's value, or null
     */
    record Refusal(HttpResponseStatus status, String header, String headerValue, String body) {

        static Refusal of(HttpResponseStatus status, String body) {
            return new Refusal(status, null, null, body);
        }
    }

    private HandshakeCheck() {
    }

    /** Why {@code method} with {@code headers} cannot be upgraded, or null when it can. */
    static Refusal refusal(HttpMethod method, HttpHeaders headers, ServerConfig server) {
        if (method != HttpMethod.GET) {
            return new Refusal(HttpResponseStatus.METHOD_NOT_ALLOWED, HttpHeaderNames.ALLOW.toString(), "GET",
                "a WebSocket handshake is a GET request");
        }
        if (!headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            return Refusal.of(HttpResponseStatus.BAD_REQUEST, "a WebSocket handshake needs Connection: Upgrade");
        }
        List<String> versions = headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
        if (versions.size() != 1 || !VERSION.equals(versions.get(0).trim())) {
            return new Refusal(HttpResponseStatus.UPGRADE_REQUIRED, HttpHeaderNames.SEC_WEBSOCKET_VERSION.toString(),
                VERSION, "unsupported WebSocket version: only " + VERSION + " (RFC 6455) is accepted");
        }
        List<String> keys = headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        if (keys.size() != 1 || keys.get(0).isBlank()) {
            return Refusal.of(HttpResponseStatus.BAD_REQUEST, "a WebSocket handshake needs one Sec-WebSocket-Key");
        }
        return originRefusal(headers, server);
    }

    /** A browser sends one origin; a second one (allowed first, any second) must not slip past the list. */
    private static Refusal originRefusal(HttpHeaders headers, ServerConfig server) {
        if (server.allowedOrigins().isEmpty()) {
            return null;
        }
        List<String> origins = headers.getAll(HttpHeaderNames.ORIGIN);
        List<String> draftOrigins = headers.getAll(SEC_WEBSOCKET_ORIGIN);
        if (origins.size() > 1 || draftOrigins.size() > 1) {
            return Refusal.of(HttpResponseStatus.FORBIDDEN, "more than one origin");
        }
        for (String origin : List.of(origins, draftOrigins).stream().flatMap(List::stream).toList()) {
            if (!server.allowsOrigin(origin)) {
                // A page of another site (cross-site WebSocket hijacking).
                return Refusal.of(HttpResponseStatus.FORBIDDEN, "origin not allowed");
            }
        }
        return null;
    }
}

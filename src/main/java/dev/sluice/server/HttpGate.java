package dev.sluice.server;

import dev.sluice.auth.Account;
import dev.sluice.dialect.Dialect;
import dev.sluice.dialect.Endpoint;
import dev.sluice.limit.Action;
import dev.sluice.limit.Admission;
import dev.sluice.limit.ConnectionLimits;
import dev.sluice.limit.Decision;
import dev.sluice.limit.Principal;
import dev.sluice.session.OutboundWriter;
import dev.sluice.session.Session;
import dev.sluice.session.SessionTicker;
import dev.sluice.session.Tickable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The HTTP side of a service's port: {@code /health}, {@code /metrics}, the dialect's REST calls, and the WebSocket
 * upgrade on the service's endpoint paths. The upgrade is the first limit decision: the request is resolved to a
 * {@link Principal} and admitted (or refused with the plan's status and body) before {@code 101} is sent.
 * Anything else is 404.
 */
final class HttpGate extends SimpleChannelInboundHandler<FullHttpRequest> implements Tickable {

    static final String HEALTH_PATH = "/health";
    static final String METRICS_PATH = "/metrics";

    private final ServiceRuntime service;
    /** When this connection's bytes were last read: the time its requests are judged at. */
    private final ReadTime readTime;
    private final WebSocketDecoderConfig decoderConfig;
    private ChannelHandlerContext context;
    private long lastRequestNanos;

    HttpGate(ServiceRuntime service, ReadTime readTime) {
        this.service = service;
        this.readTime = Objects.requireNonNull(readTime, "readTime");
        // Netty's decoder would write its own close frame on a violation; with closeOnProtocolViolation off,
        // WebSocketHandler sends exactly one close frame with the RFC 6455 code (1002, 1007, 1009).
        this.decoderConfig = WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(service.server().maxFramePayloadBytes())
            .expectMaskedFrames(true)
            .allowMaskMismatch(false)
            .allowExtensions(false)
            .closeOnProtocolViolation(false)
            .withUTF8Validator(false)
            .build();
    }

    /** While the connection speaks HTTP it is ticked: idle past {@code httpIdleTimeoutMs}, it is closed. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        lastRequestNanos = service.clock().epochNanos();
        SessionTicker.of(ctx.channel().eventLoop()).add(this);
        service.metrics().httpConnectionOpened();
    }

    /** Upgraded (the gate is replaced) or closed: no longer an HTTP connection to time out. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        SessionTicker.of(ctx.channel().eventLoop()).remove(this);
        service.metrics().httpConnectionClosed();
    }

    @Override
    public void onTick() {
        long idleNanos = service.clock().epochNanos() - lastRequestNanos;
        if (context.channel().isActive() && idleNanos >= service.server().httpIdleTimeoutMs() * 1_000_000L) {
            FullHttpResponse timeout = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.EMPTY_BUFFER);
            HttpUtil.setContentLength(timeout, 0);
            HttpUtil.setKeepAlive(timeout, false);
            context.writeAndFlush(timeout).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        lastRequestNanos = service.clock().epochNanos();
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "text/plain", "malformed HTTP request");
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        Endpoint endpoint = service.endpoints().get(path);
        if (endpoint != null) {
            upgrade(ctx, request, endpoint, uri);
        } else if (HEALTH_PATH.equals(path) && request.method() == HttpMethod.GET) {
            respond(ctx, request, HttpResponseStatus.OK, "application/json", "{\"status\":\"UP\"}");
        } else if (METRICS_PATH.equals(path) && request.method() == HttpMethod.GET) {
            respond(ctx, request, HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
                service.registry().scrape());
        } else if (request.method() == HttpMethod.POST && service.dialect().answersPost(path)) {
            postCall(ctx, request, path);
        } else {
            Optional<Dialect.HttpAnswer> answer = service.dialect().http(request.method().name(), path,
                uri.parameters());
            if (answer.isPresent()) {
                restCall(ctx, request, path, answer.get());
            } else {
                respond(ctx, request, HttpResponseStatus.NOT_FOUND, "text/plain", "not found: " + path);
            }
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, Endpoint endpoint,
                         QueryStringDecoder uri) {
        if (!request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            respond(ctx, request, HttpResponseStatus.UPGRADE_REQUIRED, "text/plain",
                endpoint.path() + " is a WebSocket endpoint");
            return;
        }
        HandshakeCheck.Refusal refusal = HandshakeCheck.refusal(request.method(), request.headers(),
            service.server());
        if (refusal != null) {
            // Answered at once and before any credential is looked at: nothing is taken from any limit.
            service.metrics().handshakeRefused();
            refuse(ctx, refusal);
            return;
        }
        Principal principal = resolve(ctx, request, uri);
        if (principal == null) {
            return;
        }
        String connId = service.connIds().next();
        // Judged when the upgrade request was read: a remote decision may start on another thread much later.
        CompletableFuture<Admission> decision = service.admitter().admitAsync(principal, endpoint, connId,
            readTime.nanos());
        whenDecided(ctx, request, decision, admission -> answer(ctx, request, endpoint, principal, connId,
            admission != null ? admission
                : new Admission.Refused(null, HttpResponseStatus.SERVICE_UNAVAILABLE.code(), "")),
            admission -> {
                if (admission instanceof Admission.Admitted admitted) {
                    admitted.limits().release();
                }
            });
    }

    /**
     * Runs {@code answer} with a decision: at once when it is complete (the memory path), otherwise on this
     * connection's loop when it completes (a decision waiting on Redis runs on another thread), reading nothing
     * more from the connection meanwhile. A connection gone by then gets {@code abandon} instead (to give back what
     * the decision took). The value is null when the decision failed.
     */
    private <T> void whenDecided(ChannelHandlerContext ctx, FullHttpRequest request, CompletableFuture<T> decision,
                                 Consumer<T> answer, Consumer<T> abandon) {
        if (decision.isDone() && !decision.isCompletedExceptionally()) {
            answer.accept(decision.join());
            return;
        }
        Channel channel = ctx.channel();
        request.retain();
        channel.config().setAutoRead(false);
        decision.whenComplete((value, error) -> channel.eventLoop().execute(() -> {
            try {
                if (channel.isActive()) {
                    answer.accept(value);
                } else {
                    abandon.accept(value);
                }
            } finally {
                request.release();
                channel.config().setAutoRead(true);
            }
        }));
    }

    /** Answers an upgrade request with its admission: refused, accepted then closed, or upgraded. */
    private void answer(ChannelHandlerContext ctx, FullHttpRequest request, Endpoint endpoint, Principal principal,
                        String connId, Admission admission) {
        Channel channel = ctx.channel();
        if (admission instanceof Admission.Refused refused) {
            service.metrics().handshakeRefused();
            respond(ctx, request, HttpResponseStatus.valueOf(refused.httpStatus()), BodyType.of(refused.body()),
                refused.body(), retryAfterMs(refused.decision()));
            return;
        }
        String location = "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + endpoint.path();
        // Version 13 only: HandshakeCheck has refused every other version before the admission.
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshaker13(location, null, decoderConfig);
        if (admission instanceof Admission.AcceptThenClose closing) {
            // The vendor completes the upgrade and then drops the excess connection at once.
            service.metrics().handshakeRefused();
            handshaker.handshake(channel, request).addListener(f -> channel.writeAndFlush(
                new CloseWebSocketFrame(closing.closeCode(), closing.reason())).addListener(
                ChannelFutureListener.CLOSE));
            return;
        }
        ConnectionLimits limits = ((Admission.Admitted) admission).limits();
        OutboundWriter out = new OutboundWriter(channel);
        Session session = new Session(connId, endpoint, limits, service.dialect(), service.bus(), out,
            channel.eventLoop(), service.metrics(), service.server().maxBacklogBytes());
        if (service.accounts() != null) {
            session.authenticateWith(service.accounts(), service.admitter());
        }
        handshaker.handshake(channel, request);
        // The handshaker has put its frame decoder in front of the HTTP codec; add our stages behind it.
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.addAfter("wsdecoder", "wsutf8", new Utf8FrameValidator(false));
        pipeline.addAfter("wsutf8", "wsaggregator", new WebSocketFrameAggregator(service.server().maxMessageBytes()));
        pipeline.replace(this, "session", new WebSocketHandler(session, handshaker, out, service.metrics(),
            readTime));
        service.metrics().connectionOpened(principal.plan());
        SessionTicker.of(channel.eventLoop()).add(session);
        channel.closeFuture().addListener(f -> {
            SessionTicker.of(channel.eventLoop()).remove(session);
            session.onClosed();
            limits.release();
            // The session's principal: a login may have changed the plan since the handshake.
            service.metrics().connectionClosed(session.principal().plan());
        });
    }

    /**
     * Who is connecting: the account of the request's credential, or an anonymous client of the service's plan.
     * A missing (where required) or unknown credential is answered with the dialect's auth failure, and null is
     * returned. The credential is never logged.
     */
    private Principal resolve(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
        String ip = clientIp(ctx.channel(), request);
        Dialect dialect = service.dialect();
        Dialect.IdentityProof proof = dialect.proveIdentity(uri.parameters(), name -> request.headers().get(name));
        if (proof != null) {
            return resolveIdentity(ctx, request, proof, ip);
        }
        String credential = dialect.credential(uri.parameters(), name -> request.headers().get(name));
        if (credential == null || credential.isEmpty()) {
            if (!dialect.requiresCredential()) {
                return Principal.anonymous(service.name(), ip, service.plan());
            }
            refuseAuth(ctx, request, dialect.authFailure(true));
            return null;
        }
        Optional<Account> account = service.accounts().find(service.name(), credential);
        if (account.isEmpty()) {
            refuseAuth(ctx, request, dialect.authFailure(false));
            return null;
        }
        Account a = account.get();
        return new Principal(service.name(), a.id(), a.identity(), a.subAccount(), ip, a.plan());
    }

    /** The account of a proved identity; a refused proof or an identity without an account is answered here. */
    private Principal resolveIdentity(ChannelHandlerContext ctx, FullHttpRequest request, Dialect.IdentityProof proof,
                                      String ip) {
        if (proof.identity() == null) {
            refuseAuth(ctx, request, proof.refusal());
            return null;
        }
        Optional<Account> account = service.accounts().findByIdentity(service.name(), proof.identity());
        if (account.isEmpty()) {
            refuseAuth(ctx, request, service.dialect().authFailure(false));
            return null;
        }
        Account a = account.get();
        return new Principal(service.name(), a.id(), a.identity(), a.subAccount(), ip, a.plan());
    }

    private void refuseAuth(ChannelHandlerContext ctx, FullHttpRequest request, Dialect.HttpAnswer answer) {
        service.metrics().handshakeRefused();
        respond(ctx, request, HttpResponseStatus.valueOf(answer.status()), answer.contentType(), answer.body());
    }

    /** Answers a dialect REST call, if the plan's http-rate limits allow it. */
    private void restCall(ChannelHandlerContext ctx, FullHttpRequest request, String path, Dialect.HttpAnswer answer) {
        withinRate(ctx, request, path, () -> respond(ctx, request, HttpResponseStatus.valueOf(answer.status()),
            answer.contentType(), answer.body()));
    }

    /** A dialect POST with its body (Hyperliquid {@code /info}), answered when the dialect has its answer. */
    private void postCall(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        withinRate(ctx, request, path, () -> {
            String body = request.content().toString(StandardCharsets.UTF_8);
            // Only the headers are read after this returns (keep-alive); the content is released with the request.
            service.dialect().post(path, body, answer -> respond(ctx, request,
                HttpResponseStatus.valueOf(answer.status()), answer.contentType(), answer.body()));
        });
    }

    /**
     * Runs {@code allowed} when the plan's http-rate limits let the request through; otherwise answers it with the
     * limit's status and body (503 when the limit state could not decide). Decided off the event loop when the
     * state is remote.
     */
    private void withinRate(ChannelHandlerContext ctx, FullHttpRequest request, String path, Runnable allowed) {
        Principal principal = Principal.anonymous(service.name(), clientIp(ctx.channel(), request),
            service.plan());
        whenDecided(ctx, request, service.limits().httpAsync(principal, path, readTime.nanos()), decision -> {
            if (decision == null) {
                respond(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "application/json",
                    "{\"error\":\"limit state unavailable\"}");
            } else if (decision.refused()) {
                Action action = decision.limit().action();
                int status = action.httpStatus() > 0 ? action.httpStatus() : 429;
                String body = action.body(decision.retryAfterMs(), "{\"error\":\"rate limit exceeded\"}");
                respond(ctx, request, HttpResponseStatus.valueOf(status), BodyType.of(body), body,
                    decision.retryAfterMs());
            } else {
                allowed.run();
            }
        }, decision -> { });
    }

    private static long retryAfterMs(Decision decision) {
        return decision == null ? 0 : decision.retryAfterMs();
    }

    /**
     * The client's address: the socket's peer, or, when the peer is one of {@code server.trustedProxies}, the
     * address that proxy appended last to {@code X-Forwarded-For} (the nearest hop it saw). From any other peer
     * the header is ignored, so a client cannot dodge a per-IP limit by sending it.
     */
    private String clientIp(Channel channel, FullHttpRequest request) {
        String proxied = ProxyProtocol.clientAddress(channel);
        String peer = proxied != null ? proxied : channel.remoteAddress() instanceof InetSocketAddress address
            ? address.getAddress().getHostAddress() : "unknown";
        if (!service.server().trustedProxies().contains(peer)) {
            return peer;
        }
        String forwarded = request.headers().get("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        String last = hops[hops.length - 1].trim();
        return last.isEmpty() ? peer : last;
    }

    /** Refuses an upgrade request that cannot be a handshake, and closes the connection. */
    private static void refuse(ChannelHandlerContext ctx, HandshakeCheck.Refusal refusal) {
        ByteBuf content = Unpooled.copiedBuffer(refusal.body(), StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, refusal.status(), content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        if (refusal.header() != null) {
            response.headers().set(refusal.header(), refusal.headerValue());
        }
        HttpUtil.setContentLength(response, content.readableBytes());
        HttpUtil.setKeepAlive(response, false);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                                String contentType, String body) {
        respond(ctx, request, status, contentType, body, 0);
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                                String contentType, String body, long retryAfterMs) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        if (contentType != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        if (retryAfterMs > 0) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString((retryAfterMs + 999) / 1000));
        }
        HttpUtil.setContentLength(response, content.readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(request) && status.code() < 400;
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }
}

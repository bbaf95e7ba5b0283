package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.bus.Bus;
import dev.sluice.bus.Instrument;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.ServerConfig;
import dev.sluice.dialect.okx.OkxDialect;
import dev.sluice.limit.LimitEngine;
import dev.sluice.limit.redis.ClusterLimitState;
import dev.sluice.limit.redis.FailurePolicy;
import dev.sluice.limit.redis.RedisLimitState;
import dev.sluice.limit.redis.RedisProcess;
import dev.sluice.metric.Metrics;
import dev.sluice.metric.ServiceMetrics;
import dev.sluice.time.ManualClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Read-time dating, through the production pipeline ({@link ServiceInitializer#configure}) on embedded channels:
 * requests read from the socket 200 ms apart but decided together (the session busy with an earlier request whose
 * remote decision is outstanding, or the decision executor not yet running) are judged 200 ms apart, so a plan of
 * one request per 200 ms allows both; read 100 ms apart, the second is refused. The limit state is a real
 * {@code redis-server} (a remote state, so decisions wait on an executor this test runs by hand) on the manual
 * clock's time ({@link RedisLimitState.TimeSource#CALLER}); nothing sleeps.
 */
@Timeout(30)
class ReadTimeTest {

    private static final long T0_MS = 1_767_225_600_000L;
    private static final String OKX = "/ws/v5/public";
    private static final String PING = "ping";
    private static final String SUBSCRIBE = "{\"op\":\"subscribe\",\"args\":[{\"channel\":\"trades\",\"instId\":"
        + "\"BTC-USDT\"}]}";
    private static final Instrument BTC = new Instrument("okx", "BTC-USDT", "BTC", "USDT", new BigDecimal("0.1"),
        new BigDecimal("0.00000001"), new BigDecimal("0.00001"));
    /** Every message also counts against a shared IP limit that never refuses: decisions go to the state. */
    private static final String SHARED = """
              - kind: message-rate
                scope: ip
                permits: 1000000
                periodMs: 1000
        """;

    private static final String CONNECT_RATE = """
              - kind: connect-rate
                scope: ip
                permits: 1
                periodMs: 200
        """;

    private static final String HTTP_RATE = """
              - kind: http-rate
                scope: ip
                permits: 1
                periodMs: 200
        """;

    /** RemoteInbound's bound on requests read ahead of a pending decision. */
    private static final int READ_AHEAD = 4096;

    private static RedisProcess redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    private final ManualClock clock = new ManualClock(T0_MS);
    /** The engine's decision executor, run by hand: a decision waits here until the test lets it run. */
    private final ArrayDeque<Runnable> decisions = new ArrayDeque<>();
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private ServiceRuntime service;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisProcess.start();
        client = RedisClient.create();
        connection = redis.connect(client);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        connection.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
        redis.close();
    }

    @AfterEach
    void closeChannels() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    static Stream<Arguments> messageLimits() {
        return Stream.of(
            Arguments.of("request-spacing, connection, 200 ms", """
                  - kind: request-spacing
                    scope: connection
                    periodMs: 200
                    ops: ping
            """),
            Arguments.of("message-rate, connection, 1 per 200 ms", """
                  - kind: message-rate
                    scope: connection
                    permits: 1
                    periodMs: 200
                    ops: ping
            """),
            Arguments.of("message-rate, ip (shared), 1 per 200 ms", """
                  - kind: message-rate
                    scope: ip
                    permits: 1
                    periodMs: 200
                    ops: ping
            """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messageLimits")
    void shouldAllowTwoMessagesReadTwoHundredMsApartThoughDecidedTogether(String name, String limit) {
        List<String> replies = pingsReadApartDecidedTogether(limit + SHARED, 200);

        assertThat(replies).as("%s: replies to a subscribe, then pings read 200 ms apart and decided together "
            + "700 ms after the first", name).hasSize(3).endsWith("pong", "pong");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messageLimits")
    void shouldRefuseTheSecondOfTwoMessagesReadOneHundredMsApartThoughDecidedLater(String name, String limit) {
        List<String> replies = pingsReadApartDecidedTogether(limit + SHARED, 100);

        assertThat(replies).as("%s: replies to pings read 100 ms apart", name).hasSize(3);
        assertThat(replies.get(1)).isEqualTo("pong");
        assertThat(replies.get(2)).as("%s: the ping read 100 ms after the first", name).contains("\"event\":\"error\"");
    }

    @Test
    void shouldKeepReadingWhileADecisionIsOutstandingUntilFourThousandNinetySixRequestsWait() {
        givenPlan(SHARED);
        EmbeddedChannel channel = upgraded();
        channel.writeInbound(clientFrame(SUBSCRIBE));
        for (int i = 0; i < READ_AHEAD - 1; i++) {
            channel.writeInbound(clientFrame(PING));
        }
        assertThat(channel.config().isAutoRead()).as("reading with 4095 requests behind a pending decision").isTrue();

        channel.writeInbound(clientFrame(PING));
        assertThat(channel.config().isAutoRead()).as("reading with 4096 requests waiting").isFalse();

        settle();
        assertThat(channel.config().isAutoRead()).as("reading once they are decided").isTrue();
        assertThat(serverTexts(channel)).as("answered in order").hasSize(READ_AHEAD + 1).last().isEqualTo("pong");
    }

    @Test
    void shouldStopReadingOnceSixtyFourKibOfRequestsWait() {
        givenPlan(SHARED);
        EmbeddedChannel channel = upgraded();
        channel.writeInbound(clientFrame(SUBSCRIBE));
        String large = "x".repeat(10_000);
        for (int i = 0; i < 6; i++) {
            channel.writeInbound(clientFrame(large));
        }
        assertThat(channel.config().isAutoRead()).as("reading with 60,000 characters waiting").isTrue();

        channel.writeInbound(clientFrame(large));
        assertThat(channel.config().isAutoRead()).as("reading with 70,000 characters waiting").isFalse();

        settle();
        assertThat(channel.config().isAutoRead()).as("reading once they are decided").isTrue();
    }

    @Test
    void shouldAdmitTwoUpgradesReadTwoHundredMsApartThoughDecidedTogether() {
        givenPlan(CONNECT_RATE);

        List<String> answers = upgradesReadApartDecidedTogether(200);

        assertThat(answers).as("connect-rate 1 per 200 ms, upgrades read 200 ms apart, decided 500 ms later")
            .allSatisfy(answer -> assertThat(answer).startsWith("HTTP/1.1 101"));
    }

    @Test
    void shouldRefuseTheSecondOfTwoUpgradesReadOneHundredMsApart() {
        givenPlan(CONNECT_RATE);

        List<String> answers = upgradesReadApartDecidedTogether(100);

        assertThat(answers.get(0)).startsWith("HTTP/1.1 101");
        assertThat(answers.get(1)).as("connect-rate 1 per 200 ms, the upgrade read 100 ms after the first")
            .startsWith("HTTP/1.1 429");
    }

    @Test
    void shouldAnswerTwoHttpRequestsReadTwoHundredMsApartThoughDecidedTogether() {
        givenPlan(HTTP_RATE);

        List<String> answers = httpReadApartDecidedTogether(200);

        assertThat(answers).as("http-rate 1 per 200 ms, requests read 200 ms apart, decided 500 ms later")
            .allSatisfy(answer -> assertThat(answer).startsWith("HTTP/1.1 200"));
    }

    @Test
    void shouldRefuseTheSecondOfTwoHttpRequestsReadOneHundredMsApart() {
        givenPlan(HTTP_RATE);

        List<String> answers = httpReadApartDecidedTogether(100);

        assertThat(answers.get(0)).startsWith("HTTP/1.1 200");
        assertThat(answers.get(1)).as("http-rate 1 per 200 ms, the request read 100 ms after the first")
            .startsWith("HTTP/1.1 429");
    }

    /**
     * One connection subscribes (its decision held outstanding), then two pings are read {@code gapMs} apart and
     * the loop stays busy 500 ms more; then everything is decided, in order. Returns the texts the client got.
     */
    private List<String> pingsReadApartDecidedTogether(String limits, long gapMs) {
        givenPlan(limits);
        EmbeddedChannel channel = upgraded();
        channel.writeInbound(clientFrame(SUBSCRIBE));
        assertThat(decisions).as("the subscribe's decision, outstanding").hasSize(1);
        channel.writeInbound(clientFrame(PING));
        clock.advanceMillis(gapMs);
        channel.writeInbound(clientFrame(PING));
        clock.advanceMillis(500);

        settle();
        return serverTexts(channel);
    }

    /** Two upgrade requests read {@code gapMs} apart, both admitted 500 ms after the second: the answers. */
    private List<String> upgradesReadApartDecidedTogether(long gapMs) {
        EmbeddedChannel first = newConnection();
        EmbeddedChannel second = newConnection();
        first.writeInbound(ascii(upgradeRequest()));
        clock.advanceMillis(gapMs);
        second.writeInbound(ascii(upgradeRequest()));
        clock.advanceMillis(500);
        assertThat(decisions).as("both admissions outstanding").hasSize(2);

        settle();
        return List.of(outboundText(first), outboundText(second));
    }

    /** Two HTTP requests on two connections, read {@code gapMs} apart, decided 500 ms after the second. */
    private List<String> httpReadApartDecidedTogether(long gapMs) {
        EmbeddedChannel first = newConnection();
        EmbeddedChannel second = newConnection();
        first.writeInbound(ascii(httpGet()));
        clock.advanceMillis(gapMs);
        second.writeInbound(ascii(httpGet()));
        clock.advanceMillis(500);
        assertThat(decisions).as("both requests' decisions outstanding").hasSize(2);

        settle();
        return List.of(outboundText(first), outboundText(second));
    }

    private void givenPlan(String limits) {
        String yaml = "plans:\n  - name: plan\n    limits:\n" + limits
            + "services:\n  - name: svc\n    dialect: echo\n    port: 0\n    plan: plan\n";
        connection.sync().flushall();
        RedisLimitState state = new RedisLimitState(connection.async(), "sluice:readtime:",
            RedisLimitState.TimeSource.CALLER, clock, 5_000, 60_000);
        state.loadScripts(5_000);
        LimitEngine engine;
        try {
            engine = new LimitEngine("okx", ConfigLoader.parse("read-time test", yaml).plans(),
                new ClusterLimitState(state, FailurePolicy.CLOSED, clock, 30_000_000_000L, "node"), clock,
                Metrics.NOOP, false, decisions::add);
        } catch (dev.sluice.config.ConfigException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n" + yaml, e);
        }
        OkxDialect dialect = new OkxDialect(List.of(BTC));
        service = new ServiceRuntime("okx", dialect, ServiceRuntime.byPath(List.of(OkxDialect.PUBLIC)),
            ServerConfig.DEFAULTS, new Bus(ImmediateEventExecutor.INSTANCE, PooledByteBufAllocator.DEFAULT), "plan",
            engine, engine, ServiceMetrics.NOOP, Metrics.NOOP, ServiceRuntime.ConnIdSource.create(1), clock, null);
    }

    private EmbeddedChannel newConnection() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ServiceInitializer.configure(channel.pipeline(), service);
        channels.add(channel);
        return channel;
    }

    /** A connection past its upgrade, with the 101 read. */
    private EmbeddedChannel upgraded() {
        EmbeddedChannel channel = newConnection();
        channel.writeInbound(ascii(upgradeRequest()));
        settle();
        assertThat(outboundText(channel)).startsWith("HTTP/1.1 101");
        return channel;
    }

    /** Runs outstanding decisions and the loop tasks they post, until neither has any left. */
    private void settle() {
        boolean ran = true;
        while (ran) {
            ran = false;
            Runnable decision;
            while ((decision = decisions.poll()) != null) {
                decision.run();
                ran = true;
            }
            for (EmbeddedChannel channel : channels) {
                channel.runPendingTasks();
            }
            ran |= !decisions.isEmpty();
        }
    }

    private static String upgradeRequest() {
        return "GET " + OKX + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }

    private static String httpGet() {
        return "GET /api/v5/public/instruments?instType=SPOT HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    /** A masked text frame as a client sends it (mask key 0, so the payload reads as is). */
    private static ByteBuf clientFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        assertThat(payload.length).isLessThan(1 << 16);
        ByteBuf frame = Unpooled.buffer(8 + payload.length).writeByte(0x81);
        if (payload.length < 126) {
            frame.writeByte(0x80 | payload.length);
        } else {
            frame.writeByte(0x80 | 126).writeShort(payload.length);
        }
        return frame.writeInt(0).writeBytes(payload);
    }

    /** Everything written to the client so far, as text (HTTP answers). */
    private static String outboundText(EmbeddedChannel channel) {
        return new String(outboundBytes(channel), StandardCharsets.UTF_8);
    }

    private static byte[] outboundBytes(EmbeddedChannel channel) {
        channel.runPendingTasks();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            try {
                byte[] chunk = new byte[buf.readableBytes()];
                buf.readBytes(chunk);
                bytes.writeBytes(chunk);
            } finally {
                buf.release();
            }
        }
        return bytes.toByteArray();
    }

    /** The payloads of the (unmasked, unfragmented) text frames written to the client so far. */
    private static List<String> serverTexts(EmbeddedChannel channel) {
        ByteBuf in = Unpooled.wrappedBuffer(outboundBytes(channel));
        List<String> texts = new ArrayList<>();
        while (in.isReadable()) {
            int opcode = in.readUnsignedByte() & 0x0F;
            int length = in.readUnsignedByte() & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = (int) in.readLong();
            }
            String payload = in.readCharSequence(length, StandardCharsets.UTF_8).toString();
            if (opcode == 1) {
                texts.add(payload);
            }
        }
        return texts;
    }
}

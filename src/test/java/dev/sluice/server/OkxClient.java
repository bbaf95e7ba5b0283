package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.GatewayFixture;
import dev.sluice.auth.SignedLogin;
import dev.sluice.config.ConfigException;
import dev.sluice.config.Presets;
import dev.sluice.config.ServerConfig;
import dev.sluice.config.SluiceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * An OKX client over {@link RawWebSocket} for tests of the bundled {@code okx} preset on the manual clock: it
 * connects to an endpoint, logs in with a demo account (signing with the fixture's current time) and reads the
 * server's messages as JSON.
 */
final class OkxClient implements AutoCloseable {

    static final String PUBLIC = "/ws/v5/public";
    static final String PRIVATE = "/ws/v5/private";
    static final String BUSINESS = "/ws/v5/business";
    static final String SERVICE = "okx";
    static final Demo DEMO = new Demo("okx-demo-key", "okx-demo-secret", "okx-demo-passphrase");
    static final Demo DEMO2 = new Demo("okx-demo-key-2", "okx-demo-secret-2", "okx-demo-passphrase-2");
    static final Demo VIP4 = new Demo("okx-vip4-key", "okx-vip4-secret", "okx-vip4-passphrase");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A demo account's API key, secret and passphrase, as in {@code presets/okx.yaml}. */
    record Demo(String apiKey, String secret, String passphrase) {
    }

    final RawWebSocket socket;

    private OkxClient(RawWebSocket socket) {
        this.socket = socket;
    }

    /** The bundled okx preset on a free port, on the manual clock, its feed primed (starting balances). */
    static GatewayFixture preset() {
        return preset(ServerConfig.DEFAULT_DRAIN_MS);
    }

    /** The same with another {@code server.drainMs}. */
    static GatewayFixture preset(long drainMs) {
        try {
            SluiceConfig preset = Presets.load("okx");
            ServerConfig s = preset.server();
            GatewayFixture fixture = GatewayFixture.start(preset.withServices(
                List.of(preset.services().get(0).withPort(0))).withServer(new ServerConfig(s.host(),
                s.maxFramePayloadBytes(), s.maxMessageBytes(), s.maxBacklogBytes(), s.ioThreads(),
                s.httpIdleTimeoutMs(), s.trustedProxies(), s.proxyProtocol(), drainMs)));
            fixture.advanceFeed(0);
            return fixture;
        } catch (ConfigException e) {
            throw new IllegalStateException("the bundled okx preset is invalid: " + e.getMessage(), e);
        }
    }

    static OkxClient connect(GatewayFixture fixture, String path) throws IOException {
        return new OkxClient(RawWebSocket.connect(fixture.port(SERVICE), path));
    }

    /** Connects to {@code /ws/v5/private} and logs in as {@code demo}; fails unless the login succeeds. */
    static OkxClient loggedIn(GatewayFixture fixture, Demo demo) throws IOException {
        OkxClient client = connect(fixture, PRIVATE);
        client.login(demo, nowSeconds(fixture));
        JsonNode reply = client.next();
        assertThat(reply.path("event").asText()).as("login reply %s", reply).isEqualTo("login");
        assertThat(reply.path("code").asText()).isEqualTo("0");
        return client;
    }

    /** The fixture clock in Unix seconds (it starts at {@link GatewayFixture#START_EPOCH_MS}; tests advance it). */
    static long nowSeconds(GatewayFixture fixture) {
        return fixture.nowMillis() / 1000;
    }

    void login(Demo demo, long timestampSeconds) throws IOException {
        String ts = Long.toString(timestampSeconds);
        login(demo.apiKey(), demo.passphrase(), ts, SignedLogin.sign(demo.secret(), ts + "GET/users/self/verify"));
    }

    void login(String apiKey, String passphrase, String timestamp, String sign) throws IOException {
        send("{\"op\":\"login\",\"args\":[{\"apiKey\":\"" + apiKey + "\",\"passphrase\":\"" + passphrase
            + "\",\"timestamp\":\"" + timestamp + "\",\"sign\":\"" + sign + "\"}]}");
    }

    void subscribe(String args) throws IOException {
        send("{\"op\":\"subscribe\",\"args\":[" + args + "]}");
    }

    void send(String text) throws IOException {
        socket.sendText(text);
    }

    /** The next text message as JSON ({@code pong} as a text node). */
    JsonNode next() throws IOException {
        RawWebSocket.Frame frame = socket.readFrame();
        assertThat(frame.opcode()).as("text frame, got %s", frame).isEqualTo(RawWebSocket.TEXT);
        String text = frame.text();
        return "pong".equals(text) ? JSON.getNodeFactory().textNode(text) : JSON.readTree(text);
    }

    /** The next control message (one with an {@code event}), skipping data pushes. */
    JsonNode nextEvent() throws IOException {
        JsonNode node = next();
        while (!node.has("event")) {
            node = next();
        }
        return node;
    }

    /**
     * Lets the bus finish what it was asked (subscriptions and their snapshots, publishing due events) and every
     * event loop run the deliveries it was handed (a tick of the sessions waits for each loop's queue), then sends
     * {@code ping} and returns every message that arrives before the {@code pong}: everything the server had to
     * send on this connection by then, as the pong is written after those frames.
     */
    List<JsonNode> drain(GatewayFixture fixture) throws IOException {
        fixture.advanceFeed(0);
        fixture.gateway().tickSessions();
        send("ping");
        List<JsonNode> before = new java.util.ArrayList<>();
        for (JsonNode node = next(); !node.isTextual(); node = next()) {
            before.add(node);
        }
        return before;
    }

    /** Reads until the server closes; returns the close code. */
    int closeCode() throws IOException {
        List<RawWebSocket.Frame> frames = socket.readUntilEof();
        assertThat(frames).as("frames before EOF").isNotEmpty();
        RawWebSocket.Frame last = frames.get(frames.size() - 1);
        assertThat(last.isClose()).as("last frame %s", last).isTrue();
        return last.closeCode();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.sluice.server;

import static dev.sluice.server.RawWebSocket.BINARY;
import static dev.sluice.server.RawWebSocket.CLOSE;
import static dev.sluice.server.RawWebSocket.CONTINUATION;
import static dev.sluice.server.RawWebSocket.NO_RSV;
import static dev.sluice.server.RawWebSocket.PING;
import static dev.sluice.server.RawWebSocket.PONG;
import static dev.sluice.server.RawWebSocket.RSV1;
import static dev.sluice.server.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.GatewayFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 6455 violations over real sockets, against every dialect: each one ends the connection with exactly one close
 * frame carrying the right code (1002 protocol error, 1007 invalid UTF-8, 1009 too big), then the server closes the
 * TCP connection, and other connections carry on.
 */
@Timeout(10)
class ProtocolViolationTest {

    private static final int MAX_FRAME_PAYLOAD_BYTES = 1024;
    private static final int MAX_MESSAGE_BYTES = 2048;

    private static final String CONFIG = """
        server:
          maxFramePayloadBytes: %d
          maxMessageBytes: %d
          ioThreads: 2
        feed:
          instruments:
        %s
        services:
          - name: echo
            dialect: echo
            port: 0
          - name: okx
            dialect: okx
            port: 0
        """.formatted(MAX_FRAME_PAYLOAD_BYTES, MAX_MESSAGE_BYTES, GatewayFixture.OKX_BTC_USDT);

    /** A service under test, and a request it answers when the connection is healthy. */
    enum Target {
        ECHO("echo", "/", "hello", "hello"),
        OKX("okx", "/ws/v5/public", "ping", "pong");

        final String service;
        final String path;
        final String probe;
        final String answer;

        Target(String service, String path, String probe, String answer) {
            this.service = service;
            this.path = path;
            this.probe = probe;
            this.answer = answer;
        }
    }

    private static GatewayFixture gateway;

    @BeforeAll
    static void startGateway() {
        gateway = GatewayFixture.start(CONFIG);
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldCloseWith1002WhenClientFrameIsUnmasked(Target target) throws IOException {
        try (RawWebSocket ws = connect(target)) {
            ws.send(true, NO_RSV, TEXT, utf8(target.probe), false);

            assertOnlyCloseThenEof(ws, 1002);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldCloseWith1002WhenRsv1IsSetWithoutNegotiatedExtension(Target target) throws IOException {
        try (RawWebSocket ws = connect(target)) {
            ws.send(true, RSV1, TEXT, utf8(target.probe), true);

            assertOnlyCloseThenEof(ws, 1002);
        }
    }

    @ParameterizedTest
    @CsvSource({"ECHO, 3", "ECHO, 11", "OKX, 3", "OKX, 11"})
    void shouldCloseWith1002OnReservedOpcode(Target target, int opcode) throws IOException {
        try (RawWebSocket ws = connect(target)) {
            ws.send(true, NO_RSV, opcode, utf8("x"), true);

            assertOnlyCloseThenEof(ws, 1002);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldCloseWith1002OnContinuationWithoutStart(Target target) throws IOException {
        try (RawWebSocket ws = connect(target)) {
            ws.send(true, NO_RSV, CONTINUATION, utf8(target.probe), true);

            assertOnlyCloseThenEof(ws, 1002);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldCloseWith1002OnNewMessageInsideFragmentedMessage(Target target) throws IOException {
        try (RawWebSocket ws = connect(target)) {
            ws.write(ws.frame(false, NO_RSV, TEXT, utf8("first"), true),
                ws.frame(true, NO_RSV, TEXT, utf8("second"), true));

            assertOnlyCloseThenEof(ws, 1002);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldCloseWith1002OnControlFrameLongerThan125Bytes(Target target) throws IOException {
        try (RawWebSocket ws = connect(target)) {
            ws.send(true, NO_RSV, PING, new byte[126], true);

            assertOnlyCloseThenEof(ws, 1002);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldCloseWith1002OnFragmentedControlFrame(Target target) throws IOException {
        try (RawWebSocket ws = connect(target)) {
            ws.send(false, NO_RSV, PING, utf8("half"), true);

            assertOnlyCloseThenEof(ws, 1002);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldCloseWith1007OnInvalidUtf8Text(Target target) throws IOException {
        try (RawWebSocket ws = connect(target)) {
            // 0xC3 opens a two-byte sequence; 0x28 '(' is not a continuation byte.
            ws.send(true, NO_RSV, TEXT, new byte[] {'o', 'k', (byte) 0xC3, 0x28}, true);

            assertOnlyCloseThenEof(ws, 1007);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldCloseWith1007OnInvalidUtf8SplitAcrossFragments(Target target) throws IOException {
        try (RawWebSocket ws = connect(target)) {
            ws.write(ws.frame(false, NO_RSV, TEXT, new byte[] {'c', 'a', 'f', (byte) 0xC3}, true),
                ws.frame(true, NO_RSV, CONTINUATION, new byte[] {0x28, '!'}, true));

            assertOnlyCloseThenEof(ws, 1007);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldCloseWith1007WhenFinalFragmentEndsInsideUtf8Sequence(Target target) throws IOException {
        try (RawWebSocket ws = connect(target)) {
            // 0xE2 0x82 are the first two bytes of the three-byte euro sign; the message ends before the third.
            ws.write(ws.frame(false, NO_RSV, TEXT, utf8("price "), true),
                ws.frame(true, NO_RSV, CONTINUATION, new byte[] {'1', (byte) 0xE2, (byte) 0x82}, true));

            assertOnlyCloseThenEof(ws, 1007);
        }
    }

    @Test
    void shouldEchoUtf8CharacterSplitAcrossFragments() throws IOException {
        try (RawWebSocket ws = connect(Target.ECHO)) {
            byte[] cafe = utf8("café");
            ws.write(ws.frame(false, NO_RSV, TEXT, Arrays.copyOfRange(cafe, 0, 4), true),
                ws.frame(true, NO_RSV, CONTINUATION, Arrays.copyOfRange(cafe, 4, cafe.length), true));

            RawWebSocket.Frame echo = ws.readFrame();
            assertThat(echo.opcode()).isEqualTo(TEXT);
            assertThat(echo.text()).isEqualTo("café");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldCloseWith1009WhenFramePayloadExceedsMaxFramePayloadBytes(Target target) throws IOException {
        try (RawWebSocket ws = connect(target)) {
            ws.send(true, NO_RSV, TEXT, ascii(MAX_FRAME_PAYLOAD_BYTES + 1), true);

            assertOnlyCloseThenEof(ws, 1009);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldCloseWith1009OnDeclared64BitLengthBeforePayloadArrives(Target target) throws IOException {
        try (RawWebSocket ws = connect(target)) {
            ws.sendHeaderOnly(true, NO_RSV, BINARY, 1L << 40, true);

            assertOnlyCloseThenEof(ws, 1009);
        }
    }

    @Test
    void shouldEchoFrameOfExactlyMaxFramePayloadBytes() throws IOException {
        try (RawWebSocket ws = connect(Target.ECHO)) {
            byte[] payload = ascii(MAX_FRAME_PAYLOAD_BYTES);
            ws.send(true, NO_RSV, TEXT, payload, true);

            RawWebSocket.Frame echo = ws.readFrame();
            assertThat(echo.opcode()).isEqualTo(TEXT);
            assertThat(echo.payload()).as("echo of a %d-byte frame", payload.length).isEqualTo(payload);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldCloseWith1009WhenFragmentsAddUpToMoreThanMaxMessageBytes(Target target) throws IOException {
        try (RawWebSocket ws = connect(target)) {
            // Three fragments of 1000 bytes: each under the 1024-byte frame limit, 3000 in all over the 2048 limit.
            byte[] fragment = ascii(1000);
            ws.write(ws.frame(false, NO_RSV, TEXT, fragment, true),
                ws.frame(false, NO_RSV, CONTINUATION, fragment, true),
                ws.frame(true, NO_RSV, CONTINUATION, fragment, true));

            assertOnlyCloseThenEof(ws, 1009);
        }
    }

    @Test
    void shouldEchoFragmentedMessageOfExactlyMaxMessageBytes() throws IOException {
        try (RawWebSocket ws = connect(Target.ECHO)) {
            byte[] half = ascii(MAX_MESSAGE_BYTES / 2);
            ws.write(ws.frame(false, NO_RSV, TEXT, half, true), ws.frame(true, NO_RSV, CONTINUATION, half, true));

            RawWebSocket.Frame echo = ws.readFrame();
            assertThat(echo.payload()).as("echo of a %d-byte message", MAX_MESSAGE_BYTES).hasSize(MAX_MESSAGE_BYTES);
        }
    }

    @ParameterizedTest
    @CsvSource({"ECHO, 999", "ECHO, 1005", "ECHO, 1006", "OKX, 999", "OKX, 1005", "OKX, 1006"})
    void shouldCloseWith1002OnInvalidCloseCode(Target target, int code) throws IOException {
        try (RawWebSocket ws = connect(target)) {
            ws.sendClose(code, "bad");

            assertOnlyCloseThenEof(ws, 1002);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldCloseWith1002OnCloseFrameWithOneBytePayload(Target target) throws IOException {
        try (RawWebSocket ws = connect(target)) {
            ws.send(true, NO_RSV, CLOSE, new byte[] {0x03}, true);

            assertOnlyCloseThenEof(ws, 1002);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldEchoNormalClientClose(Target target) throws IOException {
        try (RawWebSocket ws = connect(target)) {
            ws.sendClose(1000, "bye");

            RawWebSocket.Frame close = assertOnlyCloseThenEof(ws, 1000);
            assertThat(close.closeReason()).isEqualTo("bye");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldAnswerPingWithPongCarryingSamePayload(Target target) throws IOException {
        try (RawWebSocket ws = connect(target)) {
            byte[] payload = utf8("are you there? 42");
            ws.send(true, NO_RSV, PING, payload, true);

            RawWebSocket.Frame pong = ws.readFrame();
            assertThat(pong.opcode()).as("opcode of the answer to a ping").isEqualTo(PONG);
            assertThat(pong.payload()).isEqualTo(payload);
            assertAnswersProbe(ws, target);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldKeepServingOtherConnectionsAfterViolation(Target target) throws IOException {
        try (RawWebSocket bystander = connect(target); RawWebSocket offender = connect(target)) {
            offender.send(true, NO_RSV, TEXT, utf8(target.probe), false);
            assertOnlyCloseThenEof(offender, 1002);

            assertAnswersProbe(bystander, target);
            try (RawWebSocket newcomer = connect(target)) {
                assertAnswersProbe(newcomer, target);
            }
        }
    }

    private static RawWebSocket connect(Target target) throws IOException {
        return RawWebSocket.connect(gateway.port(target.service), target.path);
    }

    /** Reads to the end of the stream: exactly one frame, a close with {@code code}, then EOF. */
    private static RawWebSocket.Frame assertOnlyCloseThenEof(RawWebSocket ws, int code) throws IOException {
        List<RawWebSocket.Frame> frames = ws.readUntilEof();
        assertThat(frames).as("frames sent before the server closed the TCP connection")
            .extracting(RawWebSocket.Frame::opcode).containsExactly(CLOSE);
        RawWebSocket.Frame close = frames.get(0);
        assertThat(close.closeCode()).as("close code in %s", close).isEqualTo(code);
        return close;
    }

    private static void assertAnswersProbe(RawWebSocket ws, Target target) throws IOException {
        ws.sendText(target.probe);
        RawWebSocket.Frame answer = ws.readFrame();
        assertThat(answer.opcode()).as("opcode of the answer to %s", target.probe).isEqualTo(TEXT);
        assertThat(answer.text()).isEqualTo(target.answer);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code length} bytes of printable ASCII, valid UTF-8 whatever the length. */
    private static byte[] ascii(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }
}

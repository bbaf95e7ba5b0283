package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StormHandshakeTest {

    @Test
    void shouldComputeTheAcceptValueOfRfc6455sExample() {
        assertThat(StormHandshake.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void shouldBeAcceptedByNettysServerHandshakerWithTheAcceptValueItsKeyCallsFor() {
        StormHandshake handshake = StormHandshake.of("127.0.0.1", 8080, "/ws?token=bench-3", new Random(7));
        String[] uri = new String[1];
        EmbeddedChannel server = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(8_192),
            new SimpleChannelInboundHandler<FullHttpRequest>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                    uri[0] = request.uri();
                    WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory("ws://127.0.0.1/ws",
                        null, false).newHandshaker(request);
                    handshaker.handshake(ctx.channel(), request);
                }
            });

        server.writeInbound(Unpooled.wrappedBuffer(handshake.request));

        String response = readAll(server);
        assertThat(uri[0]).isEqualTo("/ws?token=bench-3");
        assertThat(StormHandshake.status(response)).isEqualTo(101);
        assertThat(handshake.accepts(response)).isTrue();
        StormHandshake other = StormHandshake.of("127.0.0.1", 8080, "/ws?token=bench-3", new Random(8));
        assertThat(other.accepts(response)).as("another key's accept value").isFalse();
    }

    @Test
    void shouldReadTheStatusOfARefusalAndFindNoAcceptHeaderInIt() {
        String refusal = "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\ncontent-length: 2";

        assertThat(StormHandshake.status(refusal)).isEqualTo(429);
        assertThat(StormHandshake.acceptHeader(refusal)).isNull();
        assertThat(StormHandshake.of("h", 1, "/", new Random(1)).accepts(refusal)).isFalse();
        assertThat(StormHandshake.status("garbage")).isEqualTo(-1);
        assertThat(StormHandshake.status("HTTP/1.1 1x1 Switching")).isEqualTo(-1);
    }

    @Test
    void shouldNotAcceptA101WithoutTheAcceptHeader() {
        String bare = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade";

        assertThat(StormHandshake.status(bare)).isEqualTo(101);
        assertThat(StormHandshake.of("h", 1, "/", new Random(1)).accepts(bare)).isFalse();
    }

    private static String readAll(EmbeddedChannel channel) {
        StringBuilder text = new StringBuilder();
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            ByteBuf buf = (ByteBuf) out;
            text.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return text.toString();
    }
}

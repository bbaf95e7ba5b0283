package dev.sluice.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.bus.Bus;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Side;
import dev.sluice.bus.Topic;
import dev.sluice.bus.Trade;
import dev.sluice.dialect.okx.OkxDialect;
import dev.sluice.limit.Admission;
import dev.sluice.limit.Admitter;
import dev.sluice.limit.Principal;
import dev.sluice.metric.ServiceMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Encode once, share everywhere: one published trade reaches every subscribed session as a duplicate of a single
 * encoded buffer, and once every connection has written it, that buffer is released (refCnt 0). Surefire runs
 * with paranoid leak detection, so a missed release would also be reported as a LEAK.
 */
class FanoutTest {

    private static final int SESSIONS = 64;
    private static final Instrument BTC = new Instrument("okx", "BTC-USDT", "BTC", "USDT", new BigDecimal("0.1"),
        new BigDecimal("0.00000001"), new BigDecimal("0.00001"));

    private final Bus bus = new Bus(ImmediateEventExecutor.INSTANCE, PooledByteBufAllocator.DEFAULT);
    private final OkxDialect dialect = new OkxDialect(List.of(BTC));
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final List<Session> sessions = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        for (EmbeddedChannel channel : channels) {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void shouldShareOneEncodedBufferAcrossAllSessionsAndReleaseItAfterwards() {
        givenSessionsSubscribedToTrades();

        bus.publish(trade(1));
        List<ByteBuf> written = drainDataFrames();

        assertThat(written).hasSize(SESSIONS);
        Map<ByteBuf, Boolean> roots = new IdentityHashMap<>();
        for (ByteBuf frame : written) {
            roots.put(root(frame), Boolean.TRUE);
        }
        assertThat(roots).as("distinct underlying buffers behind %d deliveries", SESSIONS).hasSize(1);
        ByteBuf shared = roots.keySet().iterator().next();
        assertThat(shared.refCnt()).isEqualTo(SESSIONS);

        written.forEach(ByteBuf::release);
        assertThat(shared.refCnt()).isZero();
    }

    @Test
    void shouldStopDeliveringToClosedSessionsWithoutLeakingTheFrame() {
        givenSessionsSubscribedToTrades();
        sessions.get(0).onClosed();
        bus.publish(trade(2));

        List<ByteBuf> written = drainDataFrames();

        assertThat(written).hasSize(SESSIONS - 1);
        ByteBuf shared = root(written.get(0));
        written.forEach(ByteBuf::release);
        assertThat(shared.refCnt()).isZero();
    }

    @Test
    void shouldNotHandAFrameQueuedBeforeAnUnsubscribeToTheSubscriptionThatFollowsIt() {
        givenSessionsSubscribedToTrades();
        Session session = sessions.get(0);
        EmbeddedChannel channel = channels.get(0);
        bus.publish(trade(3));
        // Trade 3 waits on the connection's loop while the client unsubscribes and subscribes again.
        session.onText("{\"op\":\"unsubscribe\",\"args\":[{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"}]}");
        session.onText("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"}]}");
        bus.publish(trade(4));

        channel.runPendingTasks();
        List<String> texts = new ArrayList<>();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            texts.add(message instanceof TextWebSocketFrame text ? text.text()
                : ((ByteBuf) message).toString(java.nio.charset.StandardCharsets.UTF_8));
            ReferenceCountUtil.release(message);
        }

        assertThat(texts).hasSize(3);
        assertThat(texts.get(0)).contains("\"event\":\"unsubscribe\"");
        assertThat(texts.get(1)).contains("\"event\":\"subscribe\"");
        assertThat(texts.get(2)).contains("\"tradeId\":\"4\"");
        drainDataFrames().forEach(ByteBuf::release);
    }

    private void givenSessionsSubscribedToTrades() {
        for (int i = 0; i < SESSIONS; i++) {
            EmbeddedChannel channel = new EmbeddedChannel();
            String connId = String.format("conn%04d", i);
            Admission admission = Admitter.ADMIT_ALL.admit(Principal.anonymous("okx", "127.0.0.1", "unlimited"),
                OkxDialect.PUBLIC, connId);
            Session session = new Session(connId, OkxDialect.PUBLIC, ((Admission.Admitted) admission).limits(),
                dialect, bus, new OutboundWriter(channel), channel.eventLoop(), ServiceMetrics.NOOP, 1 << 20);
            session.onText("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"}]}");
            channels.add(channel);
            sessions.add(session);
        }
        for (EmbeddedChannel channel : channels) {
            channel.runPendingTasks();
            Object ack = channel.readOutbound();
            assertThat(ack).isInstanceOf(TextWebSocketFrame.class);
            assertThat(((TextWebSocketFrame) ack).text()).contains("\"event\":\"subscribe\"");
            ReferenceCountUtil.release(ack);
        }
    }

    private List<ByteBuf> drainDataFrames() {
        List<ByteBuf> written = new ArrayList<>();
        for (EmbeddedChannel channel : channels) {
            channel.runPendingTasks();
            Object message;
            while ((message = channel.readOutbound()) != null) {
                written.add((ByteBuf) message);
            }
        }
        return written;
    }

    /** The buffer under every derived and leak-tracking wrapper: the one the encoder allocated. */
    private static ByteBuf root(ByteBuf buf) {
        ByteBuf root = buf;
        while (root.unwrap() != null) {
            root = root.unwrap();
        }
        return root;
    }

    private static Trade trade(long id) {
        return new Trade(BTC.topic(Topic.TRADES), BTC, id, 650_000, 1_000_000, Side.BUY, 1_700_000_000_000L, 1, id);
    }
}

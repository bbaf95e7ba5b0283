package dev.sluice.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.bus.Bus;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Ticker;
import dev.sluice.bus.Topic;
import dev.sluice.dialect.sfox.SfoxDialect;
import dev.sluice.limit.Admission;
import dev.sluice.limit.Admitter;
import dev.sluice.limit.Principal;
import dev.sluice.metric.ServiceMetrics;
import dev.sluice.time.ManualClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * sFOX numbers every message of a connection. A conflated frame held back while the connection is not writable,
 * and replaced by a newer one, must take its number when it is finally written: numbered when held, the replaced
 * frame's number would be a gap, and a reply sent meanwhile would overtake the held frame's number.
 */
class SequencedConflationTest {

    private static final Pattern SEQUENCE = Pattern.compile("\"sequence\":(\\d+)");
    private static final Instrument BTC = new Instrument("sfox", "btcusd", "BTC", "USD", new BigDecimal("0.01"),
        new BigDecimal("0.00000001"), new BigDecimal("0.001"));

    private final Bus bus = new Bus(ImmediateEventExecutor.INSTANCE, PooledByteBufAllocator.DEFAULT);
    private final EmbeddedChannel channel = new EmbeddedChannel();

    @AfterEach
    void closeChannel() {
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldNumberAHeldConflatedFrameWhenItIsWrittenSoThatNoNumberIsSkipped() {
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        Session session = sfoxSession();
        session.onText("{\"type\":\"subscribe\",\"feeds\":[\"ticker.sfox.btcusd\"]}");
        channel.runPendingTasks();
        // A client that stops reading: bytes wait in the outbound buffer, past the high-water mark.
        channel.write(Unpooled.buffer(64).writeZero(64));
        assertThat(channel.isWritable()).isFalse();
        // The stream's first ticker only sets its 3-second marks; the next three fall on marks and are held, each
        // replacing the one before. A reply goes out meanwhile; then the connection drains.
        bus.publish(ticker(0));
        bus.publish(ticker(3_000));
        bus.publish(ticker(6_000));
        bus.publish(ticker(9_000));
        channel.runPendingTasks();
        session.onText("{\"type\":\"hello\"}");
        session.onWritable();
        channel.runPendingTasks();

        assertThat(sequences()).as("ack, reply, the one held ticker").containsExactly(1L, 2L, 3L);
    }

    private Session sfoxSession() {
        Admission admission = Admitter.ADMIT_ALL.admit(Principal.anonymous("sfox", "127.0.0.1", "unlimited"),
            SfoxDialect.WS, "conn1");
        return new Session("conn1", SfoxDialect.WS, ((Admission.Admitted) admission).limits(),
            new SfoxDialect(List.of(BTC), new ManualClock(0)), bus, new OutboundWriter(channel), channel.eventLoop(),
            ServiceMetrics.NOOP, 1 << 20);
    }

    /** Every {@code sequence} the connection wrote, in order. */
    private List<Long> sequences() {
        List<Long> sequences = new ArrayList<>();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            String text = message instanceof TextWebSocketFrame frame ? frame.text()
                : ((ByteBuf) message).toString(StandardCharsets.UTF_8);
            ReferenceCountUtil.release(message);
            Matcher matcher = SEQUENCE.matcher(text);
            while (matcher.find()) {
                sequences.add(Long.parseLong(matcher.group(1)));
            }
        }
        return sequences;
    }

    private static Ticker ticker(long tsMillis) {
        return new Ticker(BTC.topic(Topic.TICKER), BTC, 6_500_000, 100_000_000, 6_500_100, 1, 6_499_900, 1,
            6_500_000, 6_500_000, 6_500_000, 100_000_000, 6_500_000, 0, 0, tsMillis);
    }
}

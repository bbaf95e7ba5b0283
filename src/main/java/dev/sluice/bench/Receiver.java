package dev.sluice.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One subscriber connection of the fan-out load: subscribes to its channels once upgraded, then checks every trade
 * push it receives: latency into its loop's {@link ReceiveStats}, and the per-channel sequence for gaps (a sequence
 * number skipped) and duplicates (one seen again or going backwards).
 */
final class Receiver extends SimpleChannelInboundHandler<TextWebSocketFrame> {

    private static final List<ReceiveStats> ALL = new CopyOnWriteArrayList<>();
    private static final FastThreadLocal<ReceiveStats> STATS = new FastThreadLocal<>() {
        @Override
        protected ReceiveStats initialValue() {
            ReceiveStats stats = new ReceiveStats();
            ALL.add(stats);
            return stats;
        }
    };
    /** Subscribed connections that closed before the load generator stopped: the server closed them. */
    private static final AtomicLong CLOSED_EARLY = new AtomicLong();
    private static volatile boolean stopping;
    private static final byte[] DATA_START = ascii("{\"arg\"");
    private static final byte[] INST_ID = ascii("\"instId\":\"" + BenchMessages.SYMBOL_PREFIX);
    private static final byte[] TRADE_ID = ascii("\"tradeId\":\"");
    private static final byte[] COUNT = ascii("\"count\":\"");
    private static final byte[] SEQ_ID = ascii("\"seqId\":");
    private static final byte[] SUBSCRIBED = ascii("\"event\":\"subscribe\"");
    private static final byte[] ERROR = ascii("\"event\":\"error\"");

    private final int firstChannel;
    private final int channelCount;
    private final long[] lastSeq;
    /** Told once whether this connection got all its subscriptions (true) or failed first (false). */
    private final Consumer<Boolean> settled;
    private int acks;
    private boolean counted;

    Receiver(int firstChannel, int channelCount, int totalChannels, Consumer<Boolean> settled) {
        this.firstChannel = firstChannel;
        this.channelCount = channelCount;
        this.lastSeq = new long[totalChannels];
        this.settled = settled;
    }

    /** Every thread's figures, merged; call once the loops have stopped. */
    static ReceiveStats merged() {
        ReceiveStats all = new ReceiveStats();
        ALL.forEach(all::add);
        return all;
    }

    /**
     * Messages this connection never received at the end of the run, given the count published per channel
     * (channels whose count is unknown, past the end of {@code published}, are not counted).
     */
    long missing(long[] published) {
        long missing = 0;
        for (int c = firstChannel; c < Math.min(firstChannel + channelCount, published.length); c++) {
            missing += Math.max(0, published[c] - lastSeq[c]);
        }
        return missing;
    }

    boolean fullySubscribed() {
        return acks >= channelCount;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            ctx.writeAndFlush(new TextWebSocketFrame(BenchMessages.subscribe(firstChannel, channelCount)));
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        long now = BenchClock.epochNanos();
        ByteBuf text = frame.content();
        ReceiveStats stats = STATS.get();
        if (indexOf(text, DATA_START, text.readerIndex()) == text.readerIndex()) {
            int at = indexOf(text, INST_ID, text.readerIndex());
            int channel = (int) number(text, at + INST_ID.length);
            long stamp = number(text, valueAt(text, TRADE_ID, at));
            int step = (int) number(text, valueAt(text, COUNT, at));
            long seq = number(text, valueAt(text, SEQ_ID, at));
            stats.record(step, stamp, now);
            check(stats, channel, seq);
        } else if (indexOf(text, SUBSCRIBED, text.readerIndex()) >= 0) {
            acks++;
            countOnce();
        } else if (indexOf(text, ERROR, text.readerIndex()) >= 0) {
            stats.errors++;
        }
    }

    private void check(ReceiveStats stats, int channel, long seq) {
        if (channel < 0 || channel >= lastSeq.length) {
            stats.errors++;
            return;
        }
        long expected = lastSeq[channel] + 1;
        if (seq > expected) {
            stats.gaps += seq - expected;
        } else if (seq < expected) {
            stats.duplicates++;
            return;
        }
        lastSeq[channel] = seq;
    }

    private void countOnce() {
        if (fullySubscribed()) {
            settle(true);
        }
    }

    /** Reports the outcome once; a failure after the subscriptions were acknowledged is not reported. */
    void settle(boolean ok) {
        if (!counted) {
            counted = true;
            settled.accept(ok);
        }
    }

    /** From now on, closed connections are the load generator's own doing. */
    static void stopping() {
        stopping = true;
    }

    static long closedEarly() {
        return CLOSED_EARLY.get();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (counted && !stopping) {
            CLOSED_EARLY.incrementAndGet();
        }
        settle(false);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        settle(false);
        ctx.close();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int valueAt(ByteBuf buf, byte[] key, int from) {
        int at = indexOf(buf, key, from);
        return at < 0 ? -1 : at + key.length;
    }

    /** Index of {@code needle} in {@code buf} at or after {@code from}, or -1. */
    static int indexOf(ByteBuf buf, byte[] needle, int from) {
        int end = buf.writerIndex() - needle.length;
        for (int i = Math.max(from, buf.readerIndex()); i <= end; i++) {
            int j = 0;
            while (j < needle.length && buf.getByte(i + j) == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                return i;
            }
        }
        return -1;
    }

    /** The decimal digits at {@code at}, or -1 when there are none. */
    static long number(ByteBuf buf, int at) {
        if (at < 0) {
            return -1;
        }
        long value = 0;
        int i = at;
        for (; i < buf.writerIndex(); i++) {
            byte b = buf.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
        }
        return i == at ? -1 : value;
    }
}

package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiverTest {

    private final List<Boolean> settled = new ArrayList<>();

    @Test
    void shouldCountGapsDuplicatesAndMessagesNeverReceivedPerChannel() {
        Receiver receiver = new Receiver(0, 2, 2, settled::add);
        EmbeddedChannel channel = new EmbeddedChannel(receiver);
        ReceiveStats before = Receiver.merged();

        receive(channel, "{\"event\":\"subscribe\",\"arg\":{\"channel\":\"trades\",\"instId\":\"BENCH0-USDT\"}}");
        receive(channel, "{\"event\":\"subscribe\",\"arg\":{\"channel\":\"trades\",\"instId\":\"BENCH1-USDT\"}}");
        long stamp = 1_000_000_000_000L;
        for (long seq : new long[] {1, 2, 4, 4, 3}) {
            receive(channel, BenchMessages.trade(0, seq, stamp, 1));
        }
        receive(channel, BenchMessages.trade(1, 1, stamp, 1));
        ReceiveStats after = Receiver.merged();

        assertThat(settled).containsExactly(true);
        assertThat(after.gaps - before.gaps).as("seq 3 skipped on channel 0").isEqualTo(1);
        assertThat(after.duplicates - before.duplicates).as("4 again, then 3 late").isEqualTo(2);
        assertThat(after.received[1] - before.received[1]).isEqualTo(6);
        assertThat(receiver.missing(new long[] {5, 3})).as("channel 0 ends at 4 of 5, channel 1 at 1 of 3")
            .isEqualTo(3);
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldReportAFailureOnceWhenTheConnectionClosesBeforeItIsSubscribed() {
        EmbeddedChannel channel = new EmbeddedChannel(new Receiver(0, 1, 1, settled::add));

        channel.close();

        assertThat(settled).containsExactly(false);
    }

    private static void receive(EmbeddedChannel channel, String text) {
        channel.writeInbound(new TextWebSocketFrame(text));
    }
}

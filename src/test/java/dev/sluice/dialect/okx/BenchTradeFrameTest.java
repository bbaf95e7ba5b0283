package dev.sluice.dialect.okx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.bench.BenchMessages;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Side;
import dev.sluice.bus.Topic;
import dev.sluice.bus.Trade;
import io.netty.buffer.PooledByteBufAllocator;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The baselines of {@code sluice bench} (B0 in Java, B2 in Node) send the text of {@link BenchMessages#trade}; it
 * must be byte for byte what Sluice's OKX encoder sends for the bench feed's trade, or the comparison is unfair.
 */
class BenchTradeFrameTest {

    @Test
    void shouldEncodeTheBenchTradeExactlyAsTheBaselinesSendIt() {
        Instrument bench = new Instrument("okx", BenchMessages.symbol(3), "BENCH3", "USDT", new BigDecimal("0.01"),
            BigDecimal.ONE, BigDecimal.ONE);
        long stamp = 1_795_359_972_538_123_456L;
        Trade trade = new Trade(bench.topic(Topic.TRADES), bench, stamp, 100_000, 1, Side.BUY, stamp / 1_000_000L,
            7, 42);

        String payload = FrameText.payloadOf(new OkxTrades(bench).encode(trade, PooledByteBufAllocator.DEFAULT));

        assertThat(payload).isEqualTo(BenchMessages.trade(3, 42, stamp, 7));
    }
}

package dev.sluice.bench;

/**
 * The wire format every server under test sends: an OKX v5 {@code trades} push for instrument
 * {@code BENCH<channel>-USDT}, in which the bench feed puts its measurements into OKX's own fields:
 * {@code tradeId} is the scheduled send time in epoch nanoseconds, {@code count} the schedule step and
 * {@code seqId} the per-channel sequence. Sluice's real OKX encoder writes it for the Sluice runs; the baselines
 * (B0 here, B2 in {@code e2e/bench-broadcast.mjs}) build the same text.
 */
public final class BenchMessages {

    /** Instruments the bench configuration declares, one per channel. */
    public static final String SYMBOL_PREFIX = "BENCH";
    public static final String SYMBOL_SUFFIX = "-USDT";

    private BenchMessages() {
    }

    public static String symbol(int channel) {
        return SYMBOL_PREFIX + channel + SYMBOL_SUFFIX;
    }

    /** The push for one message (what Sluice's OKX encoder produces for the bench feed's trade). */
    public static String trade(int channel, long seq, long stampNanos, int step) {
        String instId = symbol(channel);
        return "{\"arg\":{\"channel\":\"trades\",\"instId\":\"" + instId + "\"},\"data\":[{\"instId\":\"" + instId
            + "\",\"tradeId\":\"" + stampNanos + "\",\"px\":\"1000\",\"sz\":\"1\",\"side\":\"buy\",\"ts\":\""
            + stampNanos / 1_000_000L + "\",\"count\":\"" + step + "\",\"source\":\"0\",\"seqId\":" + seq + "}]}";
    }

    /** The OKX subscribe request for the given channels' trades. */
    public static String subscribe(int firstChannel, int count) {
        StringBuilder args = new StringBuilder();
        for (int c = firstChannel; c < firstChannel + count; c++) {
            args.append(c == firstChannel ? "" : ",").append("{\"channel\":\"trades\",\"instId\":\"")
                .append(symbol(c)).append("\"}");
        }
        return "{\"op\":\"subscribe\",\"args\":[" + args + "]}";
    }
}

package dev.sluice.limit;

import java.util.List;

/**
 * A replay as the limits see it.
 *
 * @param streams     the channels replayed, each as {@code exchange/channel} (e.g. {@code hyperliquid/orderbook})
 * @param startMillis first epoch millisecond requested
 * @param endMillis   last epoch millisecond requested
 * @param speed       pacing as a multiple of real time
 */
public record ReplayRequest(List<String> streams, long startMillis, long endMillis, double speed) {

    public ReplayRequest {
        streams = List.copyOf(streams);
    }

    static String exchangeOf(String stream) {
        int slash = stream.indexOf('/');
        return slash < 0 ? stream : stream.substring(0, slash);
    }
}

package dev.sluice.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.GatewayFixture;
import java.util.ArrayList;
import java.util.List;

/** An OKX public-channel client for the cluster tests: subscribes, then hands back data frames (acks left out). */
final class OkxClient implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final WsClient socket;

    private OkxClient(WsClient socket) {
        this.socket = socket;
    }

    /**
     * Connects to the node's OKX service and subscribes BTC-USDT on each channel, in order: a snapshot of a later
     * channel arrives after the earlier channels are on the bus.
     */
    static OkxClient subscribe(GatewayFixture node, String... channels) {
        WsClient socket = WsClient.connect(node.port("okx"), "/ws/v5/public");
        StringBuilder args = new StringBuilder();
        for (String channel : channels) {
            args.append(args.length() == 0 ? "" : ",").append("{\"channel\":\"").append(channel)
                .append("\",\"instId\":\"BTC-USDT\"}");
        }
        socket.send("{\"op\":\"subscribe\",\"args\":[" + args + "]}");
        return new OkxClient(socket);
    }

    /** Data frames until none arrives for {@code quietMs}. */
    List<String> untilQuiet(long quietMs) throws InterruptedException {
        return data(socket.untilQuiet(quietMs));
    }

    /** Exactly {@code n} data frames. */
    List<String> next(int n) throws InterruptedException {
        List<String> frames = new ArrayList<>(n);
        while (frames.size() < n) {
            frames.addAll(data(List.of(socket.next())));
        }
        return frames;
    }

    /** The next data frame, or null when none arrives within {@code timeoutMs}. */
    String poll(long timeoutMs) throws InterruptedException {
        return socket.poll(timeoutMs);
    }

    /** Data frames up to and including the book update with {@code seqId}. */
    List<String> untilBookSeqId(long seqId) throws InterruptedException {
        List<String> frames = new ArrayList<>();
        while (true) {
            String frame = next(1).get(0);
            frames.add(frame);
            if (channel(frame).equals("books") && data(frame).get("seqId").asLong() == seqId) {
                return frames;
            }
        }
    }

    /**
     * The seqId of a gateway's BTC-USDT book now, from a fresh subscription's snapshot (ordered after every event
     * published so far), so that clients can be read up to the same frame however slowly frames arrive.
     */
    static long currentBookSeqId(GatewayFixture gateway) throws InterruptedException {
        try (OkxClient probe = subscribe(gateway, "books")) {
            return data(probe.next(1).get(0)).get("seqId").asLong();
        }
    }

    /** The first (only) data item of a frame. */
    static JsonNode data(String frame) {
        return json(frame).get("data").get(0);
    }

    private static List<String> data(List<String> messages) {
        return messages.stream().filter(m -> !m.startsWith("{\"id\"") && !m.startsWith("{\"event\"")).toList();
    }

    static JsonNode json(String frame) {
        try {
            return JSON.readTree(frame);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + frame, e);
        }
    }

    static String channel(String frame) {
        return json(frame).get("arg").get("channel").asText();
    }

    @Override
    public void close() {
        socket.close();
    }
}

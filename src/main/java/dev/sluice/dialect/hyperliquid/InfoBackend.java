package dev.sluice.dialect.hyperliquid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.OrderBook;
import dev.sluice.bus.Ticker;
import dev.sluice.dialect.Catalog;
import dev.sluice.time.Clock;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Answers info requests ({@code l2Book}, {@code allMids}, {@code meta}, {@code metaAndAssetCtxs}, and the
 * {@code spotMeta}, {@code spotMetaAndAssetCtxs} and {@code perpDexs} that ccxt loads markets with) from the
 * market state, {@code infoLatencyMs} after they arrive by the injected clock, so that posts are really in flight
 * for that long. Requests wait in a queue on the bus thread, which owns the market state; the queue is checked
 * when the earliest is due by the wall clock, and every {@link #RECHECK_MS} while requests wait, so a manual clock
 * advanced by a test releases them within a few milliseconds and never before.
 */
final class InfoBackend {

    static final long RECHECK_MS = 5;
    /** Hyperliquid's answer to an info request it cannot parse. */
    static final String UNPARSEABLE = "Failed to deserialize the JSON body into the target type";

    /** A request's answer: its type and data JSON, or an error text. */
    record Answer(String type, String data, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private final HyperliquidMarket market;
    private final Catalog catalog;
    private final Clock clock;
    private final long latencyNanos;
    private final PriorityQueue<Pending> queue = new PriorityQueue<>();
    private long submitted;
    private boolean scheduled;

    InfoBackend(HyperliquidMarket market, Catalog catalog, Clock clock, long latencyMs) {
        this.market = market;
        this.catalog = catalog;
        this.clock = clock;
        this.latencyNanos = latencyMs * 1_000_000L;
    }

    /** Queues a request; {@code reply} is called on the bus thread when it is answered. Any thread. */
    void submit(JsonNode payload, Consumer<Answer> reply) {
        long due = clock.epochNanos() + latencyNanos;
        try {
            market.busThread().execute(() -> {
                queue.add(new Pending(due, ++submitted, payload, reply));
                poll();
            });
        } catch (RejectedExecutionException e) {
            reply.accept(new Answer(null, null, "server shutting down"));
        }
    }

    private void poll() {
        long now = clock.epochNanos();
        while (!queue.isEmpty() && queue.peek().due <= now) {
            Pending pending = queue.poll();
            pending.reply.accept(answer(pending.payload));
        }
        if (!queue.isEmpty() && !scheduled) {
            long waitMs = Math.max(1, Math.min(RECHECK_MS, (queue.peek().due - now) / 1_000_000L));
            scheduled = true;
            market.busThread().schedule(this::onTimer, waitMs, TimeUnit.MILLISECONDS);
        }
    }

    private void onTimer() {
        scheduled = false;
        poll();
    }

    /** The answer to one info request, from the market as it is now. Bus thread. */
    Answer answer(JsonNode payload) {
        JsonNode type = payload == null || !payload.isObject() ? null : payload.get("type");
        if (type == null || !type.isTextual()) {
            return new Answer(null, null, UNPARSEABLE);
        }
        String name = type.asText();
        switch (name) {
            case "l2Book":
                return l2Book(payload);
            case "allMids":
                return new Answer(name, HlJson.mids(market.books()), null);
            case "meta":
                return new Answer(name, meta(), null);
            case "metaAndAssetCtxs":
                JsonNode dex = payload.get("dex");
                boolean main = dex == null || dex.isNull() || dex.asText().isEmpty();
                return new Answer(name, main ? "[" + meta() + "," + contexts() + "]" : "[{\"universe\":[]},[]]",
                    null);
            case "spotMeta":
                return new Answer(name, "{\"universe\":[],\"tokens\":[]}", null);
            case "spotMetaAndAssetCtxs":
                return new Answer(name, "[{\"universe\":[],\"tokens\":[]},[]]", null);
            case "perpDexs":
                return new Answer(name, "[null]", null);
            default:
                return new Answer(null, null, UNPARSEABLE);
        }
    }

    private Answer l2Book(JsonNode payload) {
        com.fasterxml.jackson.databind.node.ObjectNode sub = payload.deepCopy();
        sub.remove("type");
        sub.put("type", "l2Book");
        HlSubscription book = HlSubscription.parse(sub, catalog);
        if (book == null) {
            return new Answer("l2Book", "null", null);
        }
        Instrument instrument = catalog.instrument(book.coin());
        OrderBook live = market.book(instrument);
        return new Answer("l2Book", live == null ? "null" : HlJson.book(instrument, live, book.nSigFigs(),
            book.mantissa(), HlJson.DEPTH), null);
    }

    /** {@code {"universe":[{"szDecimals","name","maxLeverage","marginTableId"}..]}}. */
    private String meta() {
        StringBuilder json = new StringBuilder(64 + 80 * market.instruments().size()).append("{\"universe\":[");
        for (Instrument instrument : market.instruments()) {
            json.append(json.charAt(json.length() - 1) == '[' ? "" : ",").append("{\"szDecimals\":")
                .append(instrument.sizeScale()).append(",\"name\":\"").append(instrument.symbol())
                .append("\",\"maxLeverage\":50,\"marginTableId\":50}");
        }
        return json.append("]}").toString();
    }

    private String contexts() {
        StringBuilder json = new StringBuilder(320 * market.instruments().size()).append('[');
        for (Instrument instrument : market.instruments()) {
            Ticker ticker = market.ticker(instrument);
            json.append(json.length() > 1 ? "," : "").append(ticker == null ? HlJson.EMPTY_CTX
                : HlJson.assetCtx(ticker));
        }
        return json.append(']').toString();
    }

    private record Pending(long due, long order, JsonNode payload, Consumer<Answer> reply)
        implements Comparable<Pending> {
        @Override
        public int compareTo(Pending other) {
            return due != other.due ? Long.compare(due, other.due) : Long.compare(order, other.order);
        }
    }
}

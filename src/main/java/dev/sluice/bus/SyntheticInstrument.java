package dev.sluice.bus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A seeded random walk of one instrument: an order book that moves around a fair price, trades that take
 * liquidity at the touch, and a ticker and one-minute candle derived from both.
 *
 * <p>Events happen at event times drawn from the random generator (Poisson arrivals), not at the times the feed
 * happens to be polled, so a given seed and start time always yield the same sequence, with the same timestamps.
 * Not thread-safe: driven by the bus thread.
 */
final class SyntheticInstrument {

    static final long TICKER_INTERVAL_NS = 100_000_000L;
    static final long CANDLE_INTERVAL_NS = 500_000_000L;
    static final long BOOK_KEEPALIVE_NS = 60_000_000_000L;
    private static final long MINUTE_NS = 60_000_000_000L;
    private static final int NEAR_TOP = 20;

    private final SyntheticSpec spec;
    private final Instrument instrument;
    private final SplittableRandom random;
    private final OrderBook book = new OrderBook();
    private final Topic bookTopic;
    private final Topic tradeTopic;
    private final Topic tickerTopic;
    private final Topic candleTopic;
    private final long tick;
    private final long lot;
    private final TickerStats stats;

    private final long startNs;
    private long fair;
    private long nextBookNs;
    private long nextTradeNs;
    private long lastBookChangeNs;
    private long lastTickerNs;
    private boolean tickerDirty;
    private long dirtySinceNs;
    private long lastCandleNs;
    private boolean candleDirty;
    private long tradeId;
    private long tradeSeq;

    SyntheticInstrument(SyntheticSpec spec, long seed, long startNs) {
        this.spec = spec;
        this.instrument = spec.instrument();
        this.random = new SplittableRandom(seed ^ instrument.symbol().hashCode() * 0x9E3779B97F4A7C15L);
        this.bookTopic = instrument.topic(Topic.BOOK);
        this.tradeTopic = instrument.topic(Topic.TRADES);
        this.tickerTopic = instrument.topic(Topic.TICKER);
        this.candleTopic = instrument.topic(Topic.CANDLE_1M);
        this.tick = instrument.tickUnits();
        this.lot = instrument.lotUnits();
        this.startNs = startNs;
        this.fair = spec.initialPrice() - spec.initialPrice() % tick;
        this.stats = new TickerStats(fair, startNs);
        this.tradeId = 100_000_000L + random.nextLong(900_000_000L);
        seedBook(startNs);
        this.lastBookChangeNs = startNs;
        this.lastTickerNs = startNs - TICKER_INTERVAL_NS;
        this.lastCandleNs = startNs - CANDLE_INTERVAL_NS;
        this.nextBookNs = startNs + interval(spec.bookUpdatesPerSecond());
        this.nextTradeNs = startNs + interval(spec.tradesPerSecond());
    }

    Instrument instrument() {
        return instrument;
    }

    OrderBook book() {
        return book;
    }

    /** Publishes the starting state, so that the first subscribers get a snapshot and a ticker at once. */
    void prime(Consumer<Event> sink) {
        long nowNs = startNs;
        sink.accept(new BookChange(bookTopic, instrument, book.seqId(), book.seqId(), millis(nowNs),
            List.of(), List.of(), book));
        publishTicker(nowNs, sink);
        sink.accept(stats.candle(candleTopic, instrument, false, millis(nowNs)));
    }

    /** Generates, in event-time order, every event due at or before {@code nowNs}. */
    void advanceTo(long nowNs, Consumer<Event> sink) {
        while (true) {
            long due = nextDue();
            if (due > nowNs) {
                return;
            }
            step(due, sink);
        }
    }

    private long nextDue() {
        return Math.min(Math.min(Math.min(nextTradeNs, nextBookNs), Math.min(candleCloseNs(), keepAliveNs())),
            Math.min(tickerDueNs(), candleDueNs()));
    }

    private long candleCloseNs() {
        return stats.candleStartNs() + MINUTE_NS;
    }

    private long keepAliveNs() {
        return lastBookChangeNs + BOOK_KEEPALIVE_NS;
    }

    private long tickerDueNs() {
        return tickerDirty ? Math.max(lastTickerNs + TICKER_INTERVAL_NS, dirtySinceNs) : Long.MAX_VALUE;
    }

    private long candleDueNs() {
        return candleDirty ? Math.max(lastCandleNs + CANDLE_INTERVAL_NS, stats.lastTradeNs()) : Long.MAX_VALUE;
    }

    private void step(long now, Consumer<Event> sink) {
        if (now == nextTradeNs) {
            trade(now, sink);
            nextTradeNs = now + interval(spec.tradesPerSecond());
        } else if (now == nextBookNs) {
            BookDelta delta = new BookDelta();
            moveFair(delta);
            reshape(delta);
            publishBook(delta, now, sink);
            nextBookNs = now + interval(spec.bookUpdatesPerSecond());
        } else if (now == candleCloseNs()) {
            sink.accept(stats.candle(candleTopic, instrument, true, millis(now)));
            stats.rollCandle(now);
            lastCandleNs = now;
            candleDirty = false;
        } else if (now == keepAliveNs()) {
            // Nothing changed for a minute: an empty change whose seqId equals prevSeqId keeps clients alive.
            lastBookChangeNs = now;
            sink.accept(new BookChange(bookTopic, instrument, book.seqId(), book.seqId(), millis(now),
                List.of(), List.of(), book));
        } else if (now == tickerDueNs()) {
            publishTicker(now, sink);
        } else {
            lastCandleNs = now;
            candleDirty = false;
            sink.accept(stats.candle(candleTopic, instrument, false, millis(now)));
        }
    }

    private void trade(long now, Consumer<Event> sink) {
        Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        Level touch = side == Side.BUY ? book.bestAsk() : book.bestBid();
        if (touch == null) {
            return;
        }
        long size = Math.min(touch.size(), roundLots(spec.levelSize() * (0.02 + random.nextDouble() * 0.6)));
        int count = 1 + random.nextInt(Math.max(1, Math.min(touch.orders(), 5)));
        tradeId += 1 + random.nextInt(3);
        tradeSeq++;
        sink.accept(new Trade(tradeTopic, instrument, tradeId, touch.price(), size, side, millis(now), count,
            tradeSeq));
        stats.onTrade(touch.price(), size, now, instrument.sizeScale());
        BookDelta delta = new BookDelta();
        Side restingSide = side == Side.BUY ? Side.SELL : Side.BUY;
        long left = touch.size() - size;
        int ordersLeft = left == 0 ? 0 : Math.max(1, touch.orders() - count);
        delta.apply(book, restingSide, new Level(touch.price(), left, ordersLeft));
        // Liquidity comes back behind the trade, so the book keeps its depth even without other updates.
        fillDepth(restingSide, delta);
        publishBook(delta, now, sink);
        candleDirty = true;
        if (!tickerDirty) {
            tickerDirty = true;
            dirtySinceNs = now;
        }
    }

    private void publishBook(BookDelta delta, long now, Consumer<Event> sink) {
        if (delta.isEmpty()) {
            return;
        }
        long prev = book.seqId();
        long seq = prev + 1;
        book.markApplied(seq, millis(now));
        lastBookChangeNs = now;
        BookChange change = new BookChange(bookTopic, instrument, seq, prev, millis(now),
            delta.levels(Side.BUY), delta.levels(Side.SELL), book);
        sink.accept(change);
        if (!tickerDirty && change.touchesTop(1)) {
            tickerDirty = true;
            dirtySinceNs = now;
        }
        if (tickerDirty && now >= lastTickerNs + TICKER_INTERVAL_NS) {
            publishTicker(now, sink);
        }
    }

    private void publishTicker(long now, Consumer<Event> sink) {
        // Clear the due ticker first: a ticker that cannot be built must not stay due, or advanceTo never ends.
        lastTickerNs = now;
        tickerDirty = false;
        Level bid = book.bestBid();
        Level ask = book.bestAsk();
        if (bid == null || ask == null) {
            return;
        }
        sink.accept(stats.ticker(tickerTopic, instrument, bid, ask, millis(now)));
    }

    private void moveFair(BookDelta delta) {
        if (spec.maxStepTicks() > 0 && random.nextInt(10) < 3) {
            long step = (1 + random.nextInt(spec.maxStepTicks())) * tick;
            fair = Math.max(tick * 2, fair + (random.nextBoolean() ? step : -step));
        }
        // Keep the book uncrossed around the new fair price.
        removeWhile(book.bids(), Side.BUY, price -> price >= fair, delta);
        removeWhile(book.asks(), Side.SELL, price -> price <= fair, delta);
    }

    private void reshape(BookDelta delta) {
        if (!book.bids().containsKey(fair - tick) && random.nextInt(10) < 7) {
            delta.apply(book, Side.BUY, newLevel(fair - tick));
        }
        if (!book.asks().containsKey(fair + tick) && random.nextInt(10) < 7) {
            delta.apply(book, Side.SELL, newLevel(fair + tick));
        }
        int touches = 1 + random.nextInt(3);
        for (int i = 0; i < touches; i++) {
            Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            NavigableMap<Long, Level> levels = side == Side.BUY ? book.bids() : book.asks();
            long price = nth(levels, random.nextInt(Math.min(NEAR_TOP, Math.max(1, levels.size()))));
            if (price > 0) {
                delta.apply(book, side, newLevel(price));
            }
        }
        fillDepth(Side.BUY, delta);
        fillDepth(Side.SELL, delta);
    }

    private void seedBook(long startNs) {
        for (int i = 1; i <= spec.depth(); i++) {
            book.set(Side.BUY, newLevel(fair - i * tick));
            book.set(Side.SELL, newLevel(fair + i * tick));
        }
        book.markApplied(1_000_000L + random.nextInt(1_000_000), millis(startNs));
    }

    private void fillDepth(Side side, BookDelta delta) {
        NavigableMap<Long, Level> levels = side == Side.BUY ? book.bids() : book.asks();
        long away = side == Side.BUY ? -tick : tick;
        while (levels.size() < spec.depth()) {
            long deepest = levels.isEmpty() ? fair : levels.lastKey();
            long price = deepest + away * (1 + random.nextInt(2));
            if (price <= 0) {
                break;
            }
            delta.apply(book, side, newLevel(price));
        }
        while (levels.size() > spec.depth()) {
            delta.apply(book, side, new Level(levels.lastKey(), 0, 0));
        }
    }

    private void removeWhile(NavigableMap<Long, Level> levels, Side side,
                             java.util.function.LongPredicate crossed, BookDelta delta) {
        while (!levels.isEmpty() && crossed.test(levels.firstKey())) {
            delta.apply(book, side, new Level(levels.firstKey(), 0, 0));
        }
    }

    private Level newLevel(long price) {
        long size = roundLots(spec.levelSize() * (0.05 + random.nextDouble() * 1.95));
        return new Level(price, size, 1 + random.nextInt(20));
    }

    private long roundLots(double size) {
        return Math.max(lot, Math.round(size / lot) * lot);
    }

    private long interval(double perSecond) {
        if (perSecond <= 0) {
            return Long.MAX_VALUE / 4;
        }
        double seconds = -Math.log(1.0 - random.nextDouble()) / perSecond;
        // Floor of one microsecond: rates up to a million events a second, and time always moves on.
        return Math.max(1_000L, (long) (seconds * 1e9));
    }

    private static long nth(NavigableMap<Long, Level> levels, int n) {
        int i = 0;
        for (long price : levels.keySet()) {
            if (i++ == n) {
                return price;
            }
        }
        return -1;
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000L;
    }

    /** The levels changed by one step, last write per price wins, applied to the book as they are recorded. */
    private static final class BookDelta {
        private final Map<Long, Level> bids = new LinkedHashMap<>();
        private final Map<Long, Level> asks = new LinkedHashMap<>();

        void apply(OrderBook book, Side side, Level level) {
            book.set(side, level);
            set(side, level);
        }

        void set(Side side, Level level) {
            (side == Side.BUY ? bids : asks).put(level.price(), level);
        }

        boolean isEmpty() {
            return bids.isEmpty() && asks.isEmpty();
        }

        List<Level> levels(Side side) {
            return List.copyOf((side == Side.BUY ? bids : asks).values());
        }
    }
}

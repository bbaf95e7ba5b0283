package dev.sluice.dialect.hyperliquid;

import dev.sluice.bus.BookChange;
import dev.sluice.bus.Candle;
import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.SlowPolicy;
import dev.sluice.bus.Ticker;
import dev.sluice.bus.Trade;

/** The public market-data streams of one coin (and {@code allMids}), as {@link HlEncoder}s. */
final class HlMarketStreams {

    /** Hyperliquid pushes a book "on each block that is at least 0.5 s since last push". */
    static final long BOOK_INTERVAL_MS = 500;

    private HlMarketStreams() {
    }

    /** {@code trades}: each trade as a one-element array; every trade kept for a slow client. */
    static final class Trades extends HlEncoder {
        Trades(Instrument instrument) {
            super(HlSubscription.TRADES, "trades:" + instrument.symbol(), SlowPolicy.QUEUE);
        }

        @Override
        String data(Event event) {
            return event instanceof Trade trade ? "[" + HlJson.trade(trade) + "]" : null;
        }
    }

    /** {@code l2Book}: full snapshots of 20 (fast: 5) levels a side, at most every {@link #BOOK_INTERVAL_MS}. */
    static final class Book extends Paced {
        private final HlSubscription sub;
        private final Instrument instrument;

        Book(HlSubscription sub, Instrument instrument) {
            super(HlSubscription.L2_BOOK, sub.json());
            this.sub = sub;
            this.instrument = instrument;
        }

        @Override
        String paced(BookChange change) {
            return snapshotOf(change);
        }

        @Override
        public io.netty.buffer.ByteBuf snapshot(Event latest, io.netty.buffer.ByteBufAllocator alloc) {
            return latest instanceof BookChange change ? frame(alloc, snapshotOf(change)) : null;
        }

        private String snapshotOf(BookChange change) {
            return HlJson.book(instrument, change.book(), sub.nSigFigs(), sub.mantissa(),
                sub.fast() ? HlJson.FAST_DEPTH : HlJson.DEPTH);
        }
    }

    /** A stream of book states pushed at most every {@link #BOOK_INTERVAL_MS} of event time. */
    abstract static class Paced extends HlEncoder {
        private long lastPushMs;

        Paced(String channel, String key) {
            super(channel, key, SlowPolicy.CONFLATE);
        }

        /** The data for a book change that is due. */
        abstract String paced(BookChange change);

        @Override
        final String data(Event event) {
            if (!(event instanceof BookChange change) || change.tsMillis() - lastPushMs < BOOK_INTERVAL_MS) {
                return null;
            }
            lastPushMs = change.tsMillis();
            return paced(change);
        }
    }

    /** {@code bbo}: the best bid and ask whenever a change reaches them. */
    static final class Bbo extends HlEncoder {
        private final Instrument instrument;

        Bbo(Instrument instrument) {
            super(HlSubscription.BBO, "bbo:" + instrument.symbol(), SlowPolicy.CONFLATE);
            this.instrument = instrument;
        }

        @Override
        String data(Event event) {
            if (!(event instanceof BookChange change) || change.isKeepAlive() || !change.touchesTop(1)) {
                return null;
            }
            StringBuilder json = new StringBuilder(200).append("{\"coin\":\"").append(instrument.symbol())
                .append("\",\"time\":").append(change.tsMillis()).append(",\"bbo\":[");
            HlJson.best(json, instrument, change.book().bestBid()).append(',');
            return HlJson.best(json, instrument, change.book().bestAsk()).append("]}").toString();
        }
    }

    /** {@code candle} with interval {@code 1m}: the open candle on every update. */
    static final class Candles extends HlEncoder {
        Candles(Instrument instrument) {
            super(HlSubscription.CANDLE, "candle:" + instrument.symbol(), SlowPolicy.CONFLATE);
        }

        @Override
        String data(Event event) {
            return event instanceof Candle candle ? HlJson.candle(candle) : null;
        }
    }

    /** {@code activeAssetCtx}: the perpetual's context on every ticker change. */
    static final class AssetCtx extends HlEncoder {
        private final String coin;

        AssetCtx(Instrument instrument) {
            super(HlSubscription.ASSET_CTX, "activeAssetCtx:" + instrument.symbol(), SlowPolicy.CONFLATE);
            this.coin = instrument.symbol();
        }

        @Override
        String data(Event event) {
            return event instanceof Ticker ticker ? "{\"coin\":\"" + coin + "\",\"ctx\":" + HlJson.assetCtx(ticker)
                + "}" : null;
        }
    }

    /**
     * {@code allMids}: every coin's mid, sent when the first coin's book changes, at most every
     * {@link #BOOK_INTERVAL_MS} (the other books come from the market state, all read on the bus thread).
     */
    static final class AllMids extends Paced {
        private final HyperliquidMarket market;

        AllMids(HyperliquidMarket market) {
            super(HlSubscription.ALL_MIDS, "allMids");
            this.market = market;
        }

        @Override
        String paced(BookChange change) {
            return "{\"mids\":" + HlJson.mids(market.books()) + "}";
        }

        @Override
        public io.netty.buffer.ByteBuf snapshot(Event latest, io.netty.buffer.ByteBufAllocator alloc) {
            return market.books().isEmpty() ? null : frame(alloc, "{\"mids\":" + HlJson.mids(market.books()) + "}");
        }
    }
}

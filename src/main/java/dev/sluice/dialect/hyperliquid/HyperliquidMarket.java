package dev.sluice.dialect.hyperliquid;

import dev.sluice.bus.BookChange;
import dev.sluice.bus.Bus;
import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.OrderBook;
import dev.sluice.bus.SlowPolicy;
import dev.sluice.bus.Stream;
import dev.sluice.bus.StreamEncoder;
import dev.sluice.bus.Subscriber;
import dev.sluice.bus.Ticker;
import dev.sluice.bus.Topic;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The service's view of the market, for info requests and {@code allMids}: each coin's live book and latest
 * ticker. It follows the coins' book and ticker topics as a bus subscriber whose encoders record the events and
 * send nothing. Owned by the bus thread: everything here is read and written there only.
 */
final class HyperliquidMarket implements Subscriber {

    private final Map<Instrument, OrderBook> books = new LinkedHashMap<>();
    private final Map<Instrument, OrderBook> booksView = Collections.unmodifiableMap(books);
    private final Map<Instrument, Ticker> tickers = new HashMap<>();
    private final Collection<Instrument> instruments;
    private EventExecutor busThread;

    HyperliquidMarket(Collection<Instrument> instruments) {
        this.instruments = instruments;
    }

    /** Starts following every coin on the bus. */
    void attach(Bus bus) {
        this.busThread = bus.executor();
        for (Instrument instrument : instruments) {
            bus.subscribe(new Stream(instrument.topic(Topic.BOOK), new Recorder()), this);
            bus.subscribe(new Stream(instrument.topic(Topic.TICKER), new Recorder()), this);
        }
    }

    /** The bus thread, where info requests are answered; null before {@link #attach}. */
    EventExecutor busThread() {
        return busThread;
    }

    /** Each coin's live book, in configuration order. Bus thread only. */
    Map<Instrument, OrderBook> books() {
        return booksView;
    }

    OrderBook book(Instrument instrument) {
        return books.get(instrument);
    }

    Ticker ticker(Instrument instrument) {
        return tickers.get(instrument);
    }

    Collection<Instrument> instruments() {
        return instruments;
    }

    @Override
    public EventExecutor executor() {
        return busThread;
    }

    @Override
    public void onFrame(Stream stream, ByteBuf frame) {
        // Recorders make no frames.
    }

    @Override
    public void onSnapshot(Stream stream, ByteBuf frame) {
        // Recorders make no frames.
    }

    private void record(Event event) {
        if (event instanceof BookChange change) {
            books.put(change.instrument(), change.book());
        } else if (event instanceof Ticker ticker) {
            tickers.put(ticker.instrument(), ticker);
        }
    }

    /** Records each event of its topic (the latest one on subscribe) and encodes nothing. */
    private final class Recorder implements StreamEncoder {
        @Override
        public String key() {
            return "hyperliquid-market@" + System.identityHashCode(HyperliquidMarket.this);
        }

        @Override
        public SlowPolicy slowPolicy() {
            return SlowPolicy.CONFLATE;
        }

        @Override
        public ByteBuf encode(Event event, ByteBufAllocator alloc) {
            record(event);
            return null;
        }

        @Override
        public ByteBuf snapshot(Event latest, ByteBufAllocator alloc) {
            if (latest != null) {
                record(latest);
            }
            return null;
        }
    }
}

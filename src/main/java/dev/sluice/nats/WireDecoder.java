package dev.sluice.nats;

import dev.sluice.bus.Candle;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Level;
import dev.sluice.bus.Side;
import dev.sluice.bus.Ticker;
import dev.sluice.bus.Topic;
import dev.sluice.bus.Trade;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes NATS messages ({@link WireEncoder} describes the format) against this process's configured instruments.
 * Stateless after construction, so any thread may decode: a node decodes on the NATS dispatcher thread and hands
 * the result to the bus thread. Allocates the decoded records (one message, a few objects).
 */
final class WireDecoder {

    private final Map<String, Instrument> instruments = new HashMap<>();

    public WireDecoder(Collection<Instrument> known) {
        for (Instrument instrument : known) {
            instruments.put(key(instrument.exchange(), instrument.symbol()), instrument);
        }
    }

    public WireMessage decode(byte[] bytes) {
        WireReader in = new WireReader(bytes);
        try {
            int version = in.u8();
            if (version != Wire.VERSION) {
                return new WireMessage.Skipped(WireMessage.Reason.UNSUPPORTED_VERSION, "version " + version,
                    "wire version " + version + "; this node reads version " + Wire.VERSION);
            }
            int type = in.u8();
            Topic topic = new Topic(in.string(), in.string(), in.string());
            int priceScale = in.u8();
            int sizeScale = in.u8();
            if (type == Wire.SNAPSHOT_REQUEST) {
                return new WireMessage.SnapshotRequest(topic);
            }
            if (type < Wire.TRADE || type > Wire.CANDLE) {
                return new WireMessage.Skipped(WireMessage.Reason.UNKNOWN_TYPE, "type " + type,
                    "event type tag " + type + " on " + topic + " is newer than this node");
            }
            String key = key(topic.exchange(), topic.symbol());
            Instrument instrument = instruments.get(key);
            if (instrument == null) {
                return new WireMessage.Skipped(WireMessage.Reason.UNKNOWN_INSTRUMENT, key,
                    "instrument " + key + " is not in this node's feed.instruments");
            }
            if (priceScale != instrument.priceScale() || sizeScale != instrument.sizeScale()) {
                return new WireMessage.Skipped(WireMessage.Reason.SCALE_MISMATCH, key, "instrument " + key
                    + " has price/size scales " + priceScale + "/" + sizeScale + " on the wire but "
                    + instrument.priceScale() + "/" + instrument.sizeScale() + " in this node's configuration");
            }
            return body(type, topic, instrument, in);
        } catch (WireReader.Malformed | IllegalArgumentException e) {
            return new WireMessage.Skipped(WireMessage.Reason.MALFORMED, "malformed", e.getMessage());
        }
    }

    private static WireMessage body(int type, Topic topic, Instrument instrument, WireReader in) {
        if (type == Wire.TRADE) {
            return new WireMessage.Market(new Trade(topic, instrument, in.zigzag(), in.zigzag(), in.zigzag(),
                in.u8() == 0 ? Side.BUY : Side.SELL, in.zigzag(), (int) in.zigzag(), in.zigzag()));
        }
        if (type == Wire.BOOK_CHANGE) {
            long seqId = in.zigzag();
            long prevSeqId = in.zigzag();
            long tsMillis = in.zigzag();
            return new WireMessage.Book(topic, instrument, false, seqId, prevSeqId, tsMillis, levels(in), levels(in));
        }
        if (type == Wire.BOOK_SNAPSHOT) {
            long seqId = in.zigzag();
            long tsMillis = in.zigzag();
            return new WireMessage.Book(topic, instrument, true, seqId, seqId, tsMillis, levels(in), levels(in));
        }
        if (type == Wire.TICKER) {
            return new WireMessage.Market(new Ticker(topic, instrument, in.zigzag(), in.zigzag(), in.zigzag(),
                in.zigzag(), in.zigzag(), in.zigzag(), in.zigzag(), in.zigzag(), in.zigzag(), in.zigzag(),
                in.zigzag(), in.zigzag(), in.zigzag(), in.zigzag()));
        }
        return new WireMessage.Market(new Candle(topic, instrument, in.zigzag(), in.zigzag(), in.zigzag(),
            in.zigzag(), in.zigzag(), in.zigzag(), in.zigzag(), in.u8() == 1, in.zigzag()));
    }

    private static List<Level> levels(WireReader in) {
        int n = in.count(Wire.MAX_LEVELS);
        List<Level> levels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            levels.add(new Level(in.zigzag(), in.zigzag(), (int) in.zigzag()));
        }
        return levels;
    }

    private static String key(String exchange, String symbol) {
        return exchange + '/' + symbol;
    }
}

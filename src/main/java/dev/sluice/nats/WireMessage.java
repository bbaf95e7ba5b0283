package dev.sluice.nats;

import dev.sluice.bus.Event;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.Level;
import dev.sluice.bus.Topic;
import java.util.List;
import java.util.Locale;

/** What one NATS message decodes to. A message that cannot be used is a {@link Skipped} value, never an exception. */
sealed interface WireMessage permits WireMessage.Market, WireMessage.Book, WireMessage.SnapshotRequest,
    WireMessage.Skipped {

    /** A trade, ticker or candle, ready to publish on the bus. */
    record Market(Event event) implements WireMessage {
    }

    /**
     * A book change ({@code snapshot == false}: {@code bids}/{@code asks} are the changed levels, size 0 removes)
     * or a full book ({@code snapshot == true}: every level, best first; {@code prevSeqId} is unused).
     */
    record Book(Topic topic, Instrument instrument, boolean snapshot, long seqId, long prevSeqId, long tsMillis,
                List<Level> bids, List<Level> asks) implements WireMessage {
        public Book {
            bids = List.copyOf(bids);
            asks = List.copyOf(asks);
        }
    }

    /** A node asks the publisher for the current book of {@code topic}. */
    record SnapshotRequest(Topic topic) implements WireMessage {
    }

    /**
     * A message this process cannot use.
     *
     * @param key what the message was about (an instrument, a type tag), for logging once per key
     */
    record Skipped(Reason reason, String key, String detail) implements WireMessage {
    }

    /** Why a message was skipped; also the {@code reason} label of the skipped-messages counter. */
    enum Reason {
        UNKNOWN_INSTRUMENT, SCALE_MISMATCH, UNKNOWN_TYPE, UNSUPPORTED_VERSION, MALFORMED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

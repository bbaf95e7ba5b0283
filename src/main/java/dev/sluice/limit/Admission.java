package dev.sluice.limit;

/**
 * The answer to a handshake: admitted with the connection's limits (which hold its slots until released), refused
 * with an HTTP response, or accepted and then closed at once (AllTick's answer to an excess connection).
 */
public sealed interface Admission {

    /** @param limits the connection's limits; they hold its slots until released when the connection closes */
    record Admitted(ConnectionLimits limits) implements Admission {
    }

    /** @param decision what refused it (null when refused for no limit) */
    record Refused(Decision decision, int httpStatus, String body) implements Admission {
    }

    record AcceptThenClose(Decision decision, int closeCode, String reason) implements Admission {
    }

    /** What an admitted connection holds until it closes. */
    interface Lease {
        void release();
    }
}

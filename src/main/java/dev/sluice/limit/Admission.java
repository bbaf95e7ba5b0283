package dev.sluice.limit;

/** The answer to a handshake: admitted with a lease to release on close, or refused with an HTTP response. */
public sealed interface Admission {

    /** @param lease released exactly once when the connection closes */
    record Admitted(Lease lease) implements Admission {
    }

    record Refused(int httpStatus, String body) implements Admission {
    }

    /** What an admitted connection holds until it closes. */
    @FunctionalInterface
    interface Lease {
        Lease NONE = () -> { };

        void release();
    }
}

package dev.sluice.dialect;

/** What a dialect may know about the connection it is decoding for. */
public interface Connection {

    /** Unique id of this connection (OKX shows it as {@code connId}). */
    String connId();

    /** The endpoint the connection was upgraded on. */
    Endpoint endpoint();
}

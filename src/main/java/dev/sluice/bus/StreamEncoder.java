package dev.sluice.bus;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Turns a topic's events into complete, ready-to-write WebSocket frames for one wire stream of one dialect
 * (OKX {@code books5} of BTC-USDT, say). Called only on the bus thread, once per event however many sessions
 * subscribe, so an implementation may keep reusable state.
 */
public interface StreamEncoder {

    /** Subscribers whose encoders have equal keys on one topic share one encoded frame. */
    String key();

    /** How a session treats this stream when its connection cannot keep up. */
    SlowPolicy slowPolicy();

    /** Encodes a live event, or returns null when this stream sends nothing for it. The caller owns the result. */
    ByteBuf encode(Event event, ByteBufAllocator alloc);

    /**
     * The frame a new or resynchronising subscriber gets first, built from the topic's latest event (null when
     * the topic has published nothing yet), or null when this stream has no snapshot.
     */
    ByteBuf snapshot(Event latest, ByteBufAllocator alloc);

    /**
     * Whether this stream's frames are the shared tail of a per-connection message (sFOX: everything after
     * {@code {"sequence":N,}). Such frames carry no WebSocket header: the session prepends the header and its own
     * prefix at delivery, so the tail is still encoded once per event however many connections receive it.
     */
    default boolean sequenced() {
        return false;
    }
}

package dev.sluice.limit;

import java.util.Locale;

/** What a limit counts. The configuration name is the lower-case, hyphenated constant name. */
public enum LimitKind {
    /** Concurrent connections per scope (optionally per endpoint group); slots are released on close. */
    CONNECTIONS,
    /** New connections per scope (an IP), {@code permits} per {@code periodMs} in its {@link RateWindow}. */
    CONNECT_RATE,
    /** Connections that subscribed to a channel, per scope and channel; several subscriptions count once. */
    CHANNEL_CONNECTIONS,
    /** Active subscriptions per connection or wider scope, optionally per interface. */
    SUBSCRIPTIONS,
    /** Distinct user addresses across user channels per scope. */
    UNIQUE_USERS,
    /** Inbound messages, {@code permits} per {@code periodMs} in its {@link RateWindow}, per connection or wider. */
    MESSAGE_RATE,
    /** Minimum interval between requests: on one connection, or between connections of one scope. */
    REQUEST_SPACING,
    /** Concurrent outstanding requests per scope. */
    INFLIGHT,
    /** HTTP requests per scope, {@code permits} per {@code periodMs} in its {@link RateWindow}. */
    HTTP_RATE,
    /** Close a connection that sent no heartbeat within the timeout. */
    HEARTBEAT,
    /** Close a connection without traffic, with one timeout with subscriptions and one without. */
    IDLE_TIMEOUT,
    /** A per-account counter charged per message; exhausted at the configured quota (optionally per month). */
    CREDITS,
    /** The highest replay speed, as a multiple of real time ({@code max}). */
    REPLAY_SPEED,
    /** How far back a replay may start, in days before now ({@code max}). */
    REPLAY_DEPTH,
    /** The longest time range of one replay request, in days ({@code max}). */
    REPLAY_RANGE,
    /** How many exchanges the channels of one replay may span ({@code max}, 1: all from the same exchange). */
    REPLAY_EXCHANGES,
    /** Where each channel's history begins ({@code availableFrom}); a replay that starts earlier is refused. */
    REPLAY_COVERAGE;

    /** Whether this kind is checked against a replay request. */
    public boolean isReplayCap() {
        return ordinal() >= REPLAY_SPEED.ordinal();
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static LimitKind fromConfig(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}

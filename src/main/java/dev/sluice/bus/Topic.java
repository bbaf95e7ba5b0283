package dev.sluice.bus;

import java.util.Objects;

/**
 * What a stream of events is about: exchange + normalised channel + symbol, and for private channels the user
 * (account id) whose events they are. Channels are Sluice's own names ({@link #TRADES}, {@link #BOOK},
 * {@link #TICKER}, {@link #CANDLE_1M}, and the private {@link #ORDERS} and {@link #BALANCES}); dialects map their
 * wire names onto them.
 *
 * @param user the account whose private events these are, or null for market data
 */
public record Topic(String exchange, String channel, String symbol, String user) {

    public static final String TRADES = "trades";
    public static final String BOOK = "book";
    public static final String TICKER = "ticker";
    public static final String CANDLE_1M = "candle1m";
    /** One account's order updates (all instruments). */
    public static final String ORDERS = "orders";
    /** One account's balances. */
    public static final String BALANCES = "balances";
    /** The symbol of a private topic: its events span every instrument. */
    public static final String ALL_SYMBOLS = "*";

    public Topic {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(symbol, "symbol");
    }

    /** A market-data topic. */
    public Topic(String exchange, String channel, String symbol) {
        this(exchange, channel, symbol, null);
    }

    /** The private topic of one user's events on an exchange. */
    public static Topic ofUser(String exchange, String channel, String user) {
        return new Topic(exchange, channel, ALL_SYMBOLS, Objects.requireNonNull(user, "user"));
    }

    @Override
    public String toString() {
        return user == null ? exchange + '.' + channel + '.' + symbol : exchange + '.' + channel + '@' + user;
    }
}

package dev.sluice.limit;

import java.util.Locale;

/** The kind of an inbound message, as the dialect classifies it; limit selectors choose by it. */
public enum Op {
    PING, SUBSCRIBE, UNSUBSCRIBE, POST, LOGIN, ORDER, OTHER;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Op fromConfig(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}

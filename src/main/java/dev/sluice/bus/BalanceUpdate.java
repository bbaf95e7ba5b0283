package dev.sluice.bus;

import java.util.List;
import java.util.Objects;

/**
 * An account's balances after a change (an order placed, filled or cancelled): every currency, so that the
 * latest update is also the snapshot.
 */
public record BalanceUpdate(Topic topic, List<Balance> balances, long tsMillis) implements Event {

    public BalanceUpdate {
        Objects.requireNonNull(topic, "topic");
        balances = List.copyOf(balances);
    }

    /** Balances belong to no instrument. */
    @Override
    public Instrument instrument() {
        return null;
    }
}

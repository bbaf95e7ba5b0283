package dev.sluice.bus;

import java.util.List;
import java.util.Objects;

/**
 * An account's order changed: placed, partly or completely filled, or cancelled. Carries the account's open
 * orders after the change, so that a new subscriber's snapshot can be built from the latest update alone.
 *
 * @param fill the execution that caused the change, or null when there was none (placed, cancelled)
 * @param open the account's open orders after this change, oldest first (immutable)
 */
public record OrderUpdate(Topic topic, Order order, Fill fill, List<Order> open, long tsMillis) implements Event {

    public OrderUpdate {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(order, "order");
        open = List.copyOf(open);
    }

    @Override
    public Instrument instrument() {
        return order.instrument();
    }
}

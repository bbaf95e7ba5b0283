package dev.sluice.bus;

import java.util.Objects;

/**
 * The state of one account's limit order after an update. Prices and sizes are mantissas in the instrument's
 * scales.
 *
 * @param orderId       exchange order id: unique across accounts, increasing per account
 * @param clientOrderId the client's id for the order
 * @param price         limit price mantissa
 * @param size          ordered size mantissa
 * @param filled        filled size mantissa so far
 * @param avgPrice      average fill price mantissa, 0 while nothing is filled
 * @param createdMillis when the order was placed (epoch ms)
 * @param updatedMillis when this state was reached (epoch ms)
 */
public record Order(long orderId, String clientOrderId, Instrument instrument, Side side, long price, long size,
                    long filled, long avgPrice, OrderState state, long createdMillis, long updatedMillis) {

    public Order {
        Objects.requireNonNull(clientOrderId, "clientOrderId");
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(state, "state");
    }

    /** Size still resting on the book (0 once closed). */
    public long remaining() {
        return state.open() ? size - filled : 0;
    }
}

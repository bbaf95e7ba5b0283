package dev.sluice.bus;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One currency of an account.
 *
 * @param total     everything the account holds
 * @param available what is not held by open orders
 */
public record Balance(String currency, BigDecimal total, BigDecimal available) {

    public Balance {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(available, "available");
    }

    /** What open orders hold. */
    public BigDecimal held() {
        return total.subtract(available);
    }
}

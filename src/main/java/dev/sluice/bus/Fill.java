package dev.sluice.bus;

/**
 * One execution of an account's order.
 *
 * @param tradeId the trade the fill belongs to
 * @param price   fill price mantissa
 * @param size    fill size mantissa
 * @param fee     fee paid, in quote currency units (a decimal string; negative would be a rebate)
 * @param maker   whether the order was the resting side
 */
public record Fill(long tradeId, long price, long size, String fee, boolean maker) {
}

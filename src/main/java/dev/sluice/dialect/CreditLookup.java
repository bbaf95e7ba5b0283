package dev.sluice.dialect;

import java.util.Optional;

/** Answers a usage report ({@code GET /v1/usage}): what the account of a credential has used of its credits. */
@FunctionalInterface
public interface CreditLookup {

    /** Nothing is known: every credential is unknown. */
    CreditLookup NONE = credential -> Optional.empty();

    /** The usage of the credential's account; empty when the credential is unknown. */
    Optional<Usage> usage(String credential);

    /**
     * @param account the account id
     * @param plan    its plan
     * @param used    credits used this period
     * @param max     the period's quota; -1 when its plan charges no credits
     */
    record Usage(String account, String plan, long used, long max) {
    }
}

package dev.sluice.dialect.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.time.ManualClock;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * The first EIP-191 proof after start must be checked as fast as later ones: the signature code (web3j's and
 * Bouncy Castle's curve classes, about a second to load and initialise on a cold JVM) runs once when the service
 * is built, by recovering the signer of a fixed signature, instead of in the first client's handshake.
 */
class HfunSignatureWarmUpTest {

    /** The key that signed the warm-up signature; its address is what the warm-up must recover. */
    private static final ECKeyPair WARM_UP_KEY = ECKeyPair.create(new BigInteger(
        "1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef", 16));

    @Test
    void shouldRecoverTheWarmUpSignersAddressWhenTheServiceIsBuilt() {
        HyperliquidSettings hfun = new HyperliquidSettings(true, HyperliquidSettings.DEFAULT_INFO_LATENCY_MS, false,
            HyperliquidSettings.DEFAULT_SIGNATURE_WINDOW_S, HyperliquidSettings.DEFAULT_TELEGRAM_MAX_AGE_S, null);

        HfunIdentity identities = new HfunIdentity(new ManualClock(0), hfun);

        assertThat(identities.warmUpSigner()).as("signer recovered at construction, before any client")
            .isEqualTo("0x" + Keys.getAddress(WARM_UP_KEY.getPublicKey()));
    }
}

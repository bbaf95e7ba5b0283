package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Gateway;
import dev.sluice.config.Presets;
import dev.sluice.config.SluiceConfig;
import dev.sluice.dialect.hyperliquid.HlPreset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hyperliquid's real clients end to end ({@code e2e/hyperliquid.test.mjs}): {@code @nktkas/hyperliquid}'s
 * SubscriptionClient and InfoClient over its WebSocket transport, and ccxt pro {@code hyperliquid} (markets over
 * {@code POST /info}, then books, trades and tickers), against the bundled {@code hyperliquid} preset and the
 * {@code hfun} preset, where they connect as the demo seat (a fresh EIP-191 signature) and the demo Telegram user.
 */
class HyperliquidClientsIT {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldServeNktkasAndCcxtHyperliquidClientsOnBothPresets() throws Exception {
        Npm.installIfMissing("@nktkas/hyperliquid");
        try (Gateway hyperliquid = new Gateway(onFreePort("hyperliquid"), Gateway.Options.production());
             Gateway hfun = new Gateway(onFreePort("hfun"), Gateway.Options.production())) {
            int hlPort = hyperliquid.start().get(0).port();
            int hfunPort = hfun.start().get(0).port();
            // Real time here: the server checks signatures and Telegram data against its system clock.
            long nowS = System.currentTimeMillis() / 1000;
            ProcessBuilder test = Npm.command("run", "test:hyperliquid");
            test.environment().put("SLUICE_HL_PORT", Integer.toString(hlPort));
            test.environment().put("SLUICE_HFUN_PORT", Integer.toString(hfunPort));
            test.environment().put("SLUICE_HFUN_SIGNED", "ts=" + nowS + "&sig=" + HlPreset.sign(HlPreset.SEAT, nowS));
            test.environment().put("SLUICE_HFUN_TELEGRAM", HlPreset.telegram(HlPreset.TELEGRAM_ID, nowS,
                HlPreset.BOT_TOKEN));
            test.environment().put("SLUICE_HL_USER", HlPreset.SEAT_ADDRESS);
            assertThat(Npm.run(test, 200)).as("exit status of `npm run test:hyperliquid` in e2e/ (output above)")
                .isZero();
        }
    }

    private static SluiceConfig onFreePort(String preset) throws Exception {
        SluiceConfig config = Presets.load(preset);
        return config.withServices(List.of(config.services().get(0).withPort(0)));
    }
}

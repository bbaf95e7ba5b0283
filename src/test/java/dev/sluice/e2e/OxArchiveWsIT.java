package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Gateway;
import dev.sluice.bus.SyntheticSpec;
import dev.sluice.config.CreditsConfig;
import dev.sluice.config.HistoryConfig;
import dev.sluice.config.Presets;
import dev.sluice.config.SluiceConfig;
import dev.sluice.dialect.oxarchive.OxHistoryGenerator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A plain WebSocket client (npm {@code ws}, {@code e2e/oxarchive-ws.test.mjs}) against the bundled {@code oxarchive}
 * preset on the real clock: it replays an hour of generated Hyperliquid history at 1000x and subscribes to a live
 * order book. The history is generated into an in-memory store first (the two hours before now).
 */
class OxArchiveWsIT {

    private static final long HOUR_MS = 3_600_000L;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldReplayGeneratedHistoryAndStreamALiveBookToTheWsPackage() throws Exception {
        Npm.installIfMissing("ws");
        SluiceConfig preset = Presets.load("oxarchive");
        SluiceConfig config = preset.withServices(List.of(preset.services().get(0).withPort(0)))
            .withHistory(preset.history().withPath(HistoryConfig.MEMORY)).withCredits(CreditsConfig.NONE);
        try (Gateway gateway = new Gateway(config, Gateway.Options.production())) {
            int port = gateway.start().get(0).port();
            long now = System.currentTimeMillis();
            long start = now - 2 * HOUR_MS;
            List<SyntheticSpec> specs = config.feed().instruments().stream()
                .filter(s -> s.instrument().exchange().equals("hyperliquid")).toList();
            long written = OxHistoryGenerator.generate(gateway.history(), specs, 42, start, now, at -> { });
            assertThat(written).isPositive();
            ProcessBuilder test = Npm.command("run", "test:oxarchive");
            test.environment().put("SLUICE_OX_PORT", Integer.toString(port));
            test.environment().put("SLUICE_OX_START", Long.toString(start + HOUR_MS / 2));
            test.environment().put("SLUICE_OX_END", Long.toString(start + HOUR_MS / 2 + HOUR_MS));
            assertThat(Npm.run(test, 180)).as("exit status of `npm run test:oxarchive` in e2e/ (output above)")
                .isZero();
        }
    }
}

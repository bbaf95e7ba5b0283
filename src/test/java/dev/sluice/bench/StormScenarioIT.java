package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Smoke test of {@code sluice bench s6} at its hidden tiny scale: the lean storm client's warm-up, hold and storm
 * against Sluice (under its caps) and B0, each beside the same subscribers. Its counts must add up and agree with
 * the server's; nothing about performance is asserted.
 */
class StormScenarioIT {

    @Test
    void shouldStormSluiceUnderItsCapsAndB0AtTinyScale(@TempDir Path out) throws Exception {
        int exit = new CommandLine(new BenchCommand()).execute("s6", "--tiny", "--out", out.toString(), "--repo",
            Path.of("").toAbsolutePath().toString());

        assertThat(exit).isZero();
        JsonNode s6 = new ObjectMapper().readTree(out.resolve("results.json").toFile()).path("scenarios").get(0);
        assertThat(s6.path("id").asText()).isEqualTo("S6");
        JsonNode storm = s6.path("storm");
        int refused = storm.path("refused").path("429").asInt();
        // Tiny: 100 upgrades, 2 tokens capped at 25 open each, so at most 50 can be accepted.
        assertThat(storm.path("accepted").asInt()).isBetween(1, 50);
        assertThat(storm.path("accepted").asInt() + refused).isEqualTo(100);
        assertThat(storm.path("wrongAccept").asInt()).isZero();
        assertThat(storm.path("maxPerToken").asInt()).isLessThanOrEqualTo(25);
        assertThat(storm.path("server").path("open").asInt()).isEqualTo(storm.path("open").asInt());
        assertThat(storm.path("server").path("refused").asInt()).isEqualTo(refused);
        assertThat(storm.path("warmup").path("serverOpenAfter").asDouble()).isZero();
        JsonNode b0 = s6.path("stormB0");
        assertThat(b0.path("accepted").asInt()).isEqualTo(100);
        assertThat(b0.path("wrongAccept").asInt()).isZero();
        assertThat(s6.path("subscribers").path("gaps").asLong()).isZero();
    }
}

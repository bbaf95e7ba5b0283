package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Smoke test of {@code sluice bench} at its hidden tiny scale: the server and load-generator processes start, talk
 * and stop, and the run writes its JSON, Markdown and plot. Nothing about performance is asserted.
 */
class BenchCommandIT {

    @Test
    void shouldRunTheDeepFanOutScenarioEndToEndAtTinyScale(@TempDir Path out) throws Exception {
        int exit = new CommandLine(new BenchCommand()).execute("s1", "--tiny", "--out", out.toString(), "--repo",
            Path.of("").toAbsolutePath().toString());

        assertThat(exit).isZero();
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        JsonNode s1 = results.path("scenarios").get(0);
        assertThat(s1.path("id").asText()).isEqualTo("S1");
        for (String target : new String[] {"SLUICE", "B0"}) {
            assertThat(s1.path(target).path("subscribed").asInt()).as(target + " subscribers").isEqualTo(10);
            assertThat(s1.path(target).path("gaps").asLong()).as(target + " gaps").isZero();
            assertThat(s1.path(target).path("duplicates").asLong()).as(target + " duplicates").isZero();
        }
        assertThat(Files.readString(out.resolve("results.md"))).contains("### S1");
        assertThat(out.resolve("S1-latency.svg")).exists();
    }

    @Test
    void shouldReplayEveryRecordOfTheStoreOnceAtTinyScale(@TempDir Path out) throws Exception {
        int exit = new CommandLine(new BenchCommand()).execute("s7", "--tiny", "--out", out.toString());

        assertThat(exit).isZero();
        JsonNode s7 = new ObjectMapper().readTree(out.resolve("results.json").toFile()).path("scenarios").get(0);
        assertThat(s7.path("id").asText()).isEqualTo("S7");
        long records = s7.path("records").asLong();
        assertThat(records).isPositive();
        for (String run : new String[] {"replay", "storePages", "duckdbQuery"}) {
            assertThat(s7.path(run).path("received").asLong()).as(run + " received").isEqualTo(records);
            assertThat(s7.path(run).path("gaps").asLong() + s7.path(run).path("duplicates").asLong()
                + s7.path(run).path("outOfOrder").asLong()).as(run + " sequence errors").isZero();
        }
        assertThat(s7.path("replay").path("completedCount").asLong()).isEqualTo(records);
    }
}

package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void shouldPrintEachRowWithItsBaselineRatioTargetAndVerdict() {
        ScenarioResult r = new ScenarioResult("S9", "example", "tiny");
        r.row("peak delivered msgs/s", ScenarioResult.rate(150_000), "B0 " + ScenarioResult.rate(200_000),
            ScenarioResult.ratio(150_000, 200_000), "≥ 70% of B0", ScenarioResult.verdict(true));

        String md = Report.markdown(r);

        assertThat(md).contains("### S9 example", "Scale: tiny",
            "| peak delivered msgs/s | 150.0k/s | B0 200.0k/s | 0.75x | ≥ 70% of B0 | met |");
    }

    @Test
    void shouldDrawOneLinePerTargetOnALogScale() {
        ScenarioResult r = new ScenarioResult("S9", "example", "tiny");
        r.plot.put("Sluice", Map.of("p50", 900L, "p90", 1_500L, "p99", 4_000L, "p99.9", 9_000L, "p99.99", 12_000L,
            "max", 15_000L));
        r.plot.put("B0 <bare>", Map.of("p50", 500L, "p99", 2_000L, "max", 3_000L));

        String svg = Report.svg(r);

        assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains("B0 &lt;bare&gt;", "10 ms", "p99.99");
        assertThat(svg.split("<polyline", -1)).hasSize(3);
    }
}

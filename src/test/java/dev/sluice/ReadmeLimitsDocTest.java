package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.limit.RateWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the README says of rate windows and the limit-decision benchmark names things that exist. */
class ReadmeLimitsDocTest {

    private static final Path README = Path.of("README.md");
    private static final Path BENCHMARK = Path.of("src/jmh/java/dev/sluice/bench/LimitDecisionBenchmark.java");

    @Test
    void shouldListEveryBenchmarkOfTheJmhTableAndNoOther() throws IOException {
        String readme = Files.readString(README);
        int table = readme.indexOf("| benchmark | what it decides |");
        assertThat(table).as("the README's JMH table").isPositive();
        List<String> rows = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| `(\\w+)` \\|").matcher(readme.substring(table, readme.indexOf("\n\n",
            table)));
        while (row.find()) {
            rows.add(row.group(1));
        }
        List<String> benchmarks = new ArrayList<>();
        Matcher method = Pattern.compile("@Benchmark\\s+public \\w+ (\\w+)\\(").matcher(Files.readString(BENCHMARK));
        while (method.find()) {
            benchmarks.add(method.group(1));
        }

        assertThat(rows).as("benchmarks in the README's table").containsExactlyInAnyOrderElementsOf(benchmarks);
    }

    @Test
    void shouldDescribeEveryRateWindowAndNameTheDefault() throws IOException {
        String readme = Files.readString(README);
        List<String> described = new ArrayList<>();
        Matcher item = Pattern.compile("(?m)^- `(\\w+)`( \\(the default\\))?:").matcher(readme);
        String defaulted = null;
        while (item.find()) {
            described.add(item.group(1));
            if (item.group(2) != null) {
                defaulted = item.group(1);
            }
        }

        assertThat(described).as("window kinds described in the README")
            .containsAll(Arrays.stream(RateWindow.values()).map(RateWindow::configName).toList());
        assertThat(defaulted).as("the window the README calls the default").isEqualTo(RateWindow.SLIDING.configName());
    }
}

package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What S5's Redis accounting assumes about the limit scripts. */
class LimiterScenarioTest {

    @Test
    void shouldKnowEveryCommandTheLimitScriptsRunInsideRedis() throws Exception {
        Pattern call = Pattern.compile("redis\\.call\\(\\s*['\"]([A-Za-z]+)['\"]");
        Set<String> called = new TreeSet<>();
        try (Stream<Path> scripts = Files.list(Path.of("src/main/resources/dev/sluice/limit/redis"))) {
            for (Path script : scripts.filter(p -> p.toString().endsWith(".lua")).toList()) {
                Matcher m = call.matcher(Files.readString(script));
                while (m.find()) {
                    called.add(m.group(1).toLowerCase(Locale.ROOT));
                }
            }
        }

        assertThat(called).as("commands the scripts call").isNotEmpty();
        assertThat(LimiterScenario.IN_SCRIPT).as("commands S5 does not count as round trips")
            .containsExactlyInAnyOrderElementsOf(called);
    }
}

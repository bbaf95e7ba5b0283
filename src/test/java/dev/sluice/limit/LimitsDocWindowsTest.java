package dev.sluice.limit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.config.ConfigException;
import dev.sluice.config.Presets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The window column of docs/limits.md says how each rate row counts (issue 15), and cannot drift: it must name the
 * {@code window} of every rate limit in the row's yaml block ({@code spacing} for request-spacing, a dash for a row
 * without either), and every rate limit of every bundled preset must write its {@code window} and be, field by
 * field, a limit of its vendor's rows with that window.
 */
class LimitsDocWindowsTest {

    private static final LimitsDoc DOC = LimitsDoc.read(Path.of("docs/limits.md"));
    private static final Set<String> RATE_KINDS = Set.of("connect-rate", "message-rate", "http-rate");
    private static final Set<String> WINDOWS = Set.of("sliding", "fixed", "bucket");
    private static final Pattern NAMED_KIND = Pattern.compile("`(sliding|fixed|bucket|spacing)`");
    private static final String NONE = "—";
    /** Each preset and the prefix of its vendor's row ids. */
    private static final Map<String, String> ROW_PREFIX = Map.of("alltick", "alltick-", "hfun", "hfun-",
        "hyperliquid", "hyperliquid-", "okx", "okx-", "oxarchive", "0xarchive-", "sfox", "sfox-");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void shouldNameTheWindowOfEveryRateLimitOfARowInItsWindowColumn() {
        int rateRows = 0;
        for (LimitsDoc.Row row : DOC.rows()) {
            String id = row.idText();
            Set<String> written = new LinkedHashSet<>();
            for (Map<String, Object> item : items(DOC.yaml(id), "docs/limits.md row " + id)) {
                written.addAll(countedAs(item, "docs/limits.md row " + id));
            }

            if (written.isEmpty()) {
                assertThat(row.window()).as("row %s counts no rate: its window column is a dash", id).isEqualTo(NONE);
                continue;
            }
            rateRows++;
            assertThat(namedKinds(row.window())).as("row %s: the window column names the window of its yaml", id)
                .containsExactlyElementsOf(written);
            assertThat(row.window()).as("row %s: the window column says why after the kind", id)
                .matches("`\\w+`: .+");
        }
        assertThat(rateRows).as("rate rows: AllTick's two spacings, hfun's three, Hyperliquid's one, sFOX's two, "
            + "0xArchive's one, OKX's three").isEqualTo(12);
    }

    @Test
    void shouldGiveEveryPresetRateLimitAnExplicitWindowAndTheWindowOfItsVendorsRow() throws ConfigException {
        int checked = 0;
        for (String preset : Presets.NAMES) {
            List<RowLimit> rows = rowLimits(ROW_PREFIX.get(preset));
            for (Map<String, Object> plan : plans(preset)) {
                String planName = String.valueOf(plan.get("name"));
                List<Map<String, Object>> items = list(plan.get("limits"));
                List<Limit> parsed = PresetPlans.plan(preset, planName).limits();
                for (int i = 0; i < items.size(); i++) {
                    Map<String, Object> item = items.get(i);
                    if (!RATE_KINDS.contains(String.valueOf(item.get("kind")))) {
                        continue;
                    }
                    String where = "preset " + preset + ", plan " + planName + ", limit " + (i + 1) + " ("
                        + item.get("kind") + ")";
                    assertThat(item).as(where + ": writes its window, even the default").containsKey("window");
                    countedAs(item, where);
                    RowLimit row = rowOf(rows, item, where);
                    assertThat(item.get("window")).as(where + ": the window of row " + row.id())
                        .isEqualTo(row.item().get("window"));
                    assertThat(namedKinds(row.window())).as(where + ": row " + row.id() + "'s window column")
                        .contains(String.valueOf(item.get("window")));
                    // Parsed as the gateway parses it, the preset's limit is the row's (scope aside: hfun's /info
                    // row counts an identity, the preset an IP), so window and burst mean the same in both.
                    assertThat(parsed.get(i)).as(where + ": parsed, the limit of row " + row.id())
                        .usingRecursiveComparison().ignoringFields("id", "scope").isEqualTo(row.parsed());
                    checked++;
                }
            }
        }
        assertThat(checked).as("rate limits in the presets: OKX 2 x 2, hfun 3, Hyperliquid 1, sFOX 1, "
            + "0xArchive 3").isEqualTo(12);
    }

    // ---------------------------------------------------------------- helpers

    /** One rate limit of a row's yaml block: the row, the item as written, and the item as the gateway parses it. */
    private record RowLimit(String id, String window, Map<String, Object> item, Limit parsed) {
    }

    /**
     * How an item counts: its window for a rate limit (which must be one of the three, with {@code burst} only for a
     * bucket), {@code spacing} for request-spacing, nothing otherwise.
     */
    private static Set<String> countedAs(Map<String, Object> item, String where) {
        String kind = String.valueOf(item.get("kind"));
        if ("request-spacing".equals(kind)) {
            assertThat(item).as(where + ": request-spacing is exact and takes no window").doesNotContainKey("window");
            return Set.of("spacing");
        }
        if (!RATE_KINDS.contains(kind)) {
            return Set.of();
        }
        String window = String.valueOf(item.get("window"));
        assertThat(window).as(where + ": window").isIn(WINDOWS);
        if (!"bucket".equals(window)) {
            assertThat(item).as(where + ": burst only with window bucket").doesNotContainKey("burst");
        }
        return Set.of(window);
    }

    private static List<RowLimit> rowLimits(String prefix) throws ConfigException {
        List<RowLimit> limits = new ArrayList<>();
        for (LimitsDoc.Row row : DOC.rows()) {
            if (!row.idText().startsWith(prefix)) {
                continue;
            }
            String yaml = DOC.yaml(row.idText());
            List<Map<String, Object>> items = items(yaml, "docs/limits.md row " + row.idText());
            List<Limit> parsed = PresetPlans.limits("docs/limits.md row " + row.idText(), yaml);
            for (int i = 0; i < items.size(); i++) {
                if (RATE_KINDS.contains(String.valueOf(items.get(i).get("kind")))) {
                    limits.add(new RowLimit(row.idText(), row.window(), items.get(i), parsed.get(i)));
                }
            }
        }
        return limits;
    }

    /** The vendor's row whose rate limit has the preset item's kind, permits and period. */
    private static RowLimit rowOf(List<RowLimit> rows, Map<String, Object> item, String where) {
        List<RowLimit> matches = rows.stream().filter(row -> same("kind", row.item(), item)
            && same("permits", row.item(), item) && same("periodMs", row.item(), item)).toList();
        assertThat(matches).as(where + ": a docs/limits.md row of the vendor with this kind, permits and periodMs")
            .isNotEmpty();
        return matches.get(0);
    }

    private static boolean same(String key, Map<String, Object> a, Map<String, Object> b) {
        return String.valueOf(a.get(key)).equals(String.valueOf(b.get(key)));
    }

    private static List<String> namedKinds(String windowCell) {
        List<String> kinds = new ArrayList<>();
        Matcher matcher = NAMED_KIND.matcher(windowCell);
        while (matcher.find()) {
            kinds.add(matcher.group(1));
        }
        return kinds;
    }

    private static List<Map<String, Object>> items(String yaml, String where) {
        try {
            return list(YAML.readValue(yaml, List.class));
        } catch (IOException e) {
            throw new AssertionError(where + ": the yaml block does not parse", e);
        }
    }

    private static List<Map<String, Object>> plans(String preset) {
        try (InputStream in = LimitsDocWindowsTest.class.getResourceAsStream("/presets/" + preset + ".yaml")) {
            return list(YAML.readValue(in, Map.class).get("plans"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read preset " + preset, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object node) {
        return node == null ? List.of() : (List<Map<String, Object>>) node;
    }
}

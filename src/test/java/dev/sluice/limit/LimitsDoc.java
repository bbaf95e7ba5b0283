package dev.sluice.limit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code docs/limits.md} as data: the rows of its table and, per {@code ### id} section, the {@code yaml} blocks
 * it holds. Test helper for {@link VendorLimitsTest}, which executes those blocks, and {@link LimitsDocWindowsTest},
 * which holds the window column to the blocks and to the presets.
 */
final class LimitsDoc {

    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)\\]\\(#([^)]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^(#{1,3}) (.+)$");

    /**
     * One row of the table.
     *
     * @param idText   the id column's link text
     * @param idAnchor the id column's link target
     * @param yamlAnchor the plan YAML column's link target
     * @param window   the window column: the window kind of each rate limit of the row and why, or a dash
     * @param test     the test column, {@code Class#method}
     */
    record Row(String idText, String idAnchor, String vendor, String words, String yamlAnchor, String window,
               String test) {
    }

    private final List<Row> rows;
    private final Map<String, List<String>> yamlBySection;

    private LimitsDoc(List<Row> rows, Map<String, List<String>> yamlBySection) {
        this.rows = List.copyOf(rows);
        this.yamlBySection = yamlBySection;
    }

    static LimitsDoc read(Path path) {
        try {
            return parse(Files.readAllLines(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path.toAbsolutePath(), e);
        }
    }

    List<Row> rows() {
        return rows;
    }

    /** Every {@code ### id} section, in order, with the yaml blocks it holds (normally exactly one). */
    Map<String, List<String>> sections() {
        return yamlBySection;
    }

    /** The one yaml block of a section, exactly as written (lines at the left margin, each ending in a newline). */
    String yaml(String id) {
        List<String> blocks = yamlBySection.get(id);
        if (blocks == null || blocks.size() != 1) {
            throw new AssertionError("docs/limits.md: section '### " + id + "' must hold exactly one yaml block, has "
                + (blocks == null ? "no section" : blocks.size() + " blocks"));
        }
        return blocks.get(0);
    }

    private static LimitsDoc parse(List<String> lines) {
        List<Row> rows = new ArrayList<>();
        Map<String, List<String>> sections = new LinkedHashMap<>();
        String section = null;
        StringBuilder yaml = null;
        boolean inFence = false;
        for (String line : lines) {
            String stripped = line.strip();
            if (stripped.startsWith("```")) {
                if (!inFence && "```yaml".equals(stripped) && section != null) {
                    yaml = new StringBuilder();
                } else if (inFence && yaml != null) {
                    sections.get(section).add(yaml.toString());
                    yaml = null;
                }
                inFence = !inFence;
            } else if (inFence) {
                if (yaml != null) {
                    yaml.append(line).append('\n');
                }
            } else {
                Matcher heading = HEADING.matcher(line);
                if (heading.matches()) {
                    section = heading.group(1).length() == 3 ? heading.group(2).strip() : null;
                    if (section != null) {
                        sections.putIfAbsent(section, new ArrayList<>());
                    }
                } else if (line.startsWith("| [")) {
                    rows.add(row(line));
                }
            }
        }
        return new LimitsDoc(rows, sections);
    }

    private static Row row(String line) {
        String[] cells = line.substring(1, line.lastIndexOf('|')).split("\\|", -1);
        if (cells.length != 6) {
            throw new AssertionError("docs/limits.md: a table row needs 6 cells (id, vendor, vendor's words, plan "
                + "YAML, window, test), has " + cells.length + ": " + line);
        }
        Matcher id = LINK.matcher(cells[0].strip());
        Matcher yaml = LINK.matcher(cells[3].strip());
        if (!id.matches() || !yaml.find()) {
            throw new AssertionError("docs/limits.md: the id and plan YAML cells must link to a section: " + line);
        }
        return new Row(id.group(1), id.group(2), cells[1].strip(), cells[2].strip(), yaml.group(2),
            cells[4].strip(), cells[5].strip().replace("`", ""));
    }
}

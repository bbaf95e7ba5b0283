package dev.sluice.config;

import dev.sluice.config.YamlTree.Entry;
import dev.sluice.config.YamlTree.ListNode;
import dev.sluice.config.YamlTree.MapNode;
import dev.sluice.config.YamlTree.Mark;
import dev.sluice.config.YamlTree.Node;
import dev.sluice.config.YamlTree.Scalar;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one mapping of the configuration, recording problems instead of stopping at the first, so that a user sees
 * every mistake in one go. Each accessor names its key; {@link #finish()} then reports keys nobody asked for, with
 * the closest known key as a suggestion.
 */
final class ConfigReader {

    private final String source;
    private final String path;
    private final MapNode map;
    private final List<ConfigError> errors;
    private final Set<String> known = new LinkedHashSet<>();

    ConfigReader(String source, String path, MapNode map, List<ConfigError> errors) {
        this.source = source;
        this.path = path;
        this.map = map;
        this.errors = errors;
    }

    /** Reads the document root, which must be a mapping. */
    static ConfigReader root(String source, Node node, List<ConfigError> errors) {
        if (node instanceof MapNode map) {
            return new ConfigReader(source, "", map, errors);
        }
        errors.add(new ConfigError(source, "", node.mark().line(), node.mark().column(), null,
            "the document must be a mapping of keys to values"));
        return new ConfigReader(source, "", new MapNode(new java.util.LinkedHashMap<>(), node.mark()), errors);
    }

    String path() {
        return path;
    }

    boolean has(String key) {
        known.add(key);
        Entry entry = map.entries().get(key);
        return entry != null && !(entry.value() instanceof Scalar s && s.text() == null);
    }

    String string(String key, String fallback) {
        Scalar scalar = scalar(key);
        return scalar == null ? fallback : scalar.text();
    }

    /** A string that must be present. */
    String requiredString(String key, String allowed) {
        Scalar scalar = scalar(key);
        if (scalar == null) {
            missing(key, allowed);
            return null;
        }
        return scalar.text();
    }

    /** A string that must be one of {@code choices}. */
    String choice(String key, String fallback, Set<String> choices) {
        Scalar scalar = scalar(key);
        if (scalar == null) {
            return fallback;
        }
        if (!choices.contains(scalar.text())) {
            String suggestion = scalar.text() == null ? null : Suggestions.closest(scalar.text(), choices);
            error(key, scalar, "must be one of " + String.join(", ", choices)
                + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"));
            return fallback;
        }
        return scalar.text();
    }

    long integer(String key, long fallback, long min, long max) {
        Scalar scalar = scalar(key);
        if (scalar == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(scalar.text().trim());
            if (value < min || value > max) {
                error(key, scalar, "must be an integer from " + min + " to " + max);
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            error(key, scalar, "must be an integer from " + min + " to " + max);
            return fallback;
        }
    }

    double number(String key, double fallback, double min, double max) {
        Scalar scalar = scalar(key);
        if (scalar == null) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(scalar.text().trim());
            if (!(value >= min && value <= max)) {
                error(key, scalar, "must be a number from " + min + " to " + max);
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            error(key, scalar, "must be a number from " + min + " to " + max);
            return fallback;
        }
    }

    /** A positive decimal, such as a tick size; {@code fallback} may be null to make the key required. */
    BigDecimal positiveDecimal(String key, BigDecimal fallback) {
        Scalar scalar = scalar(key);
        if (scalar == null) {
            if (fallback == null) {
                missing(key, "a positive decimal number");
            }
            return fallback;
        }
        try {
            BigDecimal value = new BigDecimal(scalar.text().trim());
            if (value.signum() > 0 && value.stripTrailingZeros().scale() <= 18) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        error(key, scalar, "must be a positive decimal number with at most 18 decimal places");
        return fallback;
    }

    boolean bool(String key, boolean fallback) {
        Scalar scalar = scalar(key);
        if (scalar == null) {
            return fallback;
        }
        return switch (scalar.text()) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                error(key, scalar, "must be true or false");
                yield fallback;
            }
        };
    }

    /** A nested mapping, or null when absent. */
    ConfigReader child(String key) {
        known.add(key);
        Entry entry = map.entries().get(key);
        if (entry == null || entry.value() instanceof Scalar s && s.text() == null) {
            return null;
        }
        if (entry.value() instanceof MapNode nested) {
            return new ConfigReader(source, join(key), nested, errors);
        }
        errorAt(join(key), entry.value().mark(), describe(entry.value()), "must be a mapping of keys to values");
        return null;
    }

    /** A list of plain strings (scalars); empty when absent. */
    List<String> strings(String key) {
        known.add(key);
        Entry entry = map.entries().get(key);
        List<String> values = new ArrayList<>();
        if (entry == null || entry.value() instanceof Scalar s && s.text() == null) {
            return values;
        }
        if (!(entry.value() instanceof ListNode list)) {
            errorAt(join(key), entry.value().mark(), describe(entry.value()), "must be a list");
            return values;
        }
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            if (item instanceof Scalar scalar && scalar.text() != null && !scalar.text().isBlank()) {
                values.add(scalar.text().trim());
            } else {
                errorAt(join(key) + "[" + i + "]", item.mark(), describe(item), "must be a string");
            }
        }
        return values;
    }

    /** A list of mappings; empty when absent. */
    List<ConfigReader> list(String key) {
        known.add(key);
        Entry entry = map.entries().get(key);
        List<ConfigReader> readers = new ArrayList<>();
        if (entry == null || entry.value() instanceof Scalar s && s.text() == null) {
            return readers;
        }
        if (!(entry.value() instanceof ListNode list)) {
            errorAt(join(key), entry.value().mark(), describe(entry.value()), "must be a list");
            return readers;
        }
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            String itemPath = join(key) + "[" + i + "]";
            if (item instanceof MapNode itemMap) {
                readers.add(new ConfigReader(source, itemPath, itemMap, errors));
            } else {
                errorAt(itemPath, item.mark(), describe(item), "must be a mapping of keys to values");
            }
        }
        return readers;
    }

    /** Reports a problem with a value that was read successfully but breaks a rule across keys. */
    void invalid(String key, String problem) {
        Entry entry = map.entries().get(key);
        Mark mark = entry == null ? map.mark() : entry.value().mark();
        errorAt(join(key), mark, entry == null ? null : describe(entry.value()), problem);
    }

    /** Like {@link #invalid}, for a secret: the place and the problem, never the value. */
    void invalidSecret(String key, String problem) {
        Entry entry = map.entries().get(key);
        errorAt(join(key), entry == null ? map.mark() : entry.value().mark(), null, problem);
    }

    /** Reports every key that no accessor asked for, suggesting the closest known key. */
    void finish() {
        for (Entry entry : map.entries().values()) {
            if (known.contains(entry.key())) {
                continue;
            }
            String suggestion = Suggestions.closest(entry.key(), known);
            String problem = "unknown key" + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?")
                + " (known keys here: " + String.join(", ", known) + ")";
            errorAt(join(entry.key()), entry.keyMark(), null, problem);
        }
    }

    private Scalar scalar(String key) {
        known.add(key);
        Entry entry = map.entries().get(key);
        if (entry == null) {
            return null;
        }
        if (entry.value() instanceof Scalar scalar) {
            return scalar.text() == null ? null : scalar;
        }
        errorAt(join(key), entry.value().mark(), describe(entry.value()), "must be a single value");
        return null;
    }

    private void missing(String key, String allowed) {
        errorAt(join(key), map.mark(), null, "is required (" + allowed + ")");
    }

    private void error(String key, Scalar scalar, String problem) {
        errorAt(join(key), scalar.mark(), scalar.quoted() ? '"' + scalar.text() + '"' : scalar.text(), problem);
    }

    private void errorAt(String keyPath, Mark mark, String value, String problem) {
        errors.add(new ConfigError(source, keyPath, mark.line(), mark.column(), value, problem));
    }

    private String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String describe(Node node) {
        if (node instanceof MapNode) {
            return "(a mapping)";
        }
        return node instanceof ListNode ? "(a list)" : ((Scalar) node).text();
    }
}

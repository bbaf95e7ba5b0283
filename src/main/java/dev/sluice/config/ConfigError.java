package dev.sluice.config;

/**
 * One configuration problem: where it is (key path, line, column), the offending value, and what is allowed.
 * Line and column are 0 when the problem is not tied to one place in a file (a command-line override, say).
 */
public record ConfigError(String source, String path, int line, int column, String value, String problem) {

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(source);
        if (line > 0) {
            text.append(':').append(line).append(':').append(column);
        }
        text.append(": ").append(path.isEmpty() ? "(document)" : path);
        if (value != null) {
            text.append(" = ").append(value);
        }
        return text.append(": ").append(problem).toString();
    }
}

package dev.sluice.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree whose every node remembers its line and column, so that configuration errors can point
 * at the exact place in the file. Built from Jackson's streaming YAML parser.
 */
final class YamlTree {

    private YamlTree() {
    }

    /** Where a node starts in the source. */
    record Mark(int line, int column) {
        static Mark of(JsonLocation location) {
            return new Mark(location.getLineNr(), location.getColumnNr());
        }
    }

    sealed interface Node {
        Mark mark();
    }

    /** A scalar; {@code text} is null for YAML null. */
    record Scalar(String text, boolean quoted, Mark mark) implements Node {
    }

    record Entry(String key, Mark keyMark, Node value) {
    }

    record MapNode(Map<String, Entry> entries, Mark mark) implements Node {
    }

    record ListNode(List<Node> items, Mark mark) implements Node {
    }

    /** Thrown for YAML that cannot be parsed at all, with the parser's location. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;
        final Mark mark;

        SyntaxException(String message, Mark mark) {
            super(message);
            this.mark = mark;
        }
    }

    static Node parse(Reader reader) throws SyntaxException {
        try (JsonParser parser = new YAMLFactory().createParser(reader)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return new MapNode(new LinkedHashMap<>(), new Mark(1, 1));
            }
            return read(parser, token);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            Mark mark = location == null ? new Mark(0, 0) : Mark.of(location);
            throw new SyntaxException(e.getOriginalMessage(), mark);
        } catch (IOException e) {
            throw new SyntaxException("cannot read: " + e.getMessage(), new Mark(0, 0));
        }
    }

    private static Node read(JsonParser parser, JsonToken token) throws IOException, SyntaxException {
        Mark mark = Mark.of(parser.currentTokenLocation());
        switch (token) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    Mark keyMark = Mark.of(parser.currentTokenLocation());
                    Node value = read(parser, parser.nextToken());
                    if (entries.putIfAbsent(key, new Entry(key, keyMark, value)) != null) {
                        throw new SyntaxException("duplicate key '" + key + "'", keyMark);
                    }
                }
                return new MapNode(entries, mark);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(parser, next));
                }
                return new ListNode(items, mark);
            }
            case VALUE_NULL -> {
                return new Scalar(null, false, mark);
            }
            case VALUE_STRING -> {
                return new Scalar(parser.getText(), true, mark);
            }
            default -> {
                return new Scalar(parser.getText(), false, mark);
            }
        }
    }
}

package dev.distill4j.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Where every key of a config file is: the line and column of each field path
 * ({@code teacher.endpoints[1].base_url}), built by walking the YAML once with the streaming parser.
 *
 * <p>Jackson reports a value refused by a record's constructor at the enclosing object, and a key that
 * is missing has no place at all; this index lets an error point at the key itself, or at the nearest
 * enclosing key that is in the file.
 */
public final class ConfigLocations {
    /** A place in the text, 1-based; (0, 0) when there is none. */
    public record Position(int line, int column) {
        static final Position NOWHERE = new Position(0, 0);
    }

    /** What the file holds at a path: where its key starts, and the value's first token. */
    private record Entry(Position position, JsonToken token, String text) {}

    /** An index of nothing, for configs built in code. */
    public static final ConfigLocations NONE = new ConfigLocations(Map.of());

    private static final YAMLFactory YAML = new YAMLFactory();

    private final Map<String, Entry> entries;

    private ConfigLocations(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /**
     * Indexes a config's text.
     *
     * @throws ConfigException for invalid YAML, an empty file, a top level that is not a mapping,
     *                         a duplicate key, an alias, or a second document
     */
    static ConfigLocations index(String yaml, String sourceName) {
        return index(yaml, sourceName, "a pipeline config with at least the 'run' and 'tasks' sections",
                "a mapping of sections (run:, tasks:, ...)");
    }

    /**
     * Indexes the text of another kind of YAML file (a rubric), whose empty or non-mapping top level is described
     * in its own words.
     *
     * @param document what the file should hold, for an empty file ("a rubric with a name and criteria")
     * @param topLevel what its top level should be ("a mapping of keys (name:, criteria:, ...)")
     */
    static ConfigLocations index(String yaml, String sourceName, String document, String topLevel) {
        try (YAMLParser parser = YAML.createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                throw new ConfigException(sourceName, 1, 1, "", "the file is empty; expected " + document);
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            Position start = position(parser.currentTokenLocation());
            if (first != JsonToken.START_OBJECT) {
                throw new ConfigException(sourceName, start.line(), start.column(), "", "expected " + topLevel + ", got " + kind(first));
            }
            entries.put("", new Entry(start, first, null));
            new Walk(parser, entries, sourceName).value("");
            if (parser.nextToken() != null) {
                Position second = position(parser.currentTokenLocation());
                throw new ConfigException(sourceName, second.line(), second.column(), "", "expected one YAML document, found"
                        + " a second one (after a '---' line)");
            }
            return new ConfigLocations(entries);
        } catch (StreamReadException e) {
            throw syntaxError(e, sourceName);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a YAML string failed", e);
        }
    }

    /** The position of a path's key, or of a list element's first token, if the file has it. */
    public Optional<Position> at(String path) {
        Entry entry = entries.get(path);
        return entry == null ? Optional.empty() : Optional.of(entry.position());
    }

    /** The position of the path, or of its nearest enclosing path that the file has; (0, 0) if none. */
    public Position nearest(String path) {
        for (String candidate = path; candidate != null; candidate = parent(candidate)) {
            Entry entry = entries.get(candidate);
            if (entry != null) {
                return entry.position();
            }
        }
        return Position.NOWHERE;
    }

    /** Every path in the file, in the order the file has them; the top level is the empty path. */
    public Set<String> paths() {
        return entries.keySet();
    }

    /**
     * The value at a path as an error message shows it: {@code 'hot'}, {@code 3.5}, {@code a list};
     * {@code nothing} when the file does not have it. Values of keys that name credentials are shown
     * by kind only ({@code a string}), never as text.
     */
    String shown(String path) {
        Entry entry = entries.get(path);
        if (entry == null) {
            return "nothing";
        }
        if (entry.text() == null || namesCredential(lastKey(path))) {
            return kind(entry.token());
        }
        if (entry.token() == JsonToken.VALUE_STRING) {
            String text = entry.text().length() > 60 ? entry.text().substring(0, 57) + "..." : entry.text();
            return "'" + text + "'";
        }
        return entry.text();
    }

    /** The scalar text at a path, or null for a mapping, a list, or a path the file does not have. */
    String scalar(String path) {
        Entry entry = entries.get(path);
        return entry == null ? null : entry.text();
    }

    /** {@code a.b[2]} to {@code a.b}, {@code a.b} to {@code a}, {@code a} to the top level, the top level to null. */
    static String parent(String path) {
        if (path.isEmpty()) {
            return null;
        }
        if (path.endsWith("]")) {
            return path.substring(0, path.lastIndexOf('['));
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    /** A path's last key, or null when the path ends at a list element or is the top level. */
    static String lastKey(String path) {
        if (path.isEmpty() || path.endsWith("]")) {
            return null;
        }
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** Joins a path and a key or element relative to it: ({@code teacher}, {@code endpoints[1].name}). */
    static String join(String path, String relative) {
        if (relative.isEmpty()) {
            return path;
        }
        if (path.isEmpty() || relative.startsWith("[")) {
            return path + relative;
        }
        return path + "." + relative;
    }

    /**
     * {@code api_key}, {@code apiKey}, {@code API-KEY}, {@code api_key_env}, ...: a key whose value is, or
     * points to, a credential; its value is never shown.
     */
    static boolean namesCredential(String key) {
        return key != null && squeezed(key).startsWith("apikey");
    }

    /** {@code api_key_env}, {@code apiKeyFile}, ...: a key that says where a credential is rather than holding it. */
    static boolean namesCredentialSource(String key) {
        return key != null && (squeezed(key).equals("apikeyenv") || squeezed(key).equals("apikeyfile"));
    }

    private static String squeezed(String key) {
        return key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    private static final class Walk {
        private final YAMLParser parser;
        private final Map<String, Entry> entries;
        private final String sourceName;

        Walk(YAMLParser parser, Map<String, Entry> entries, String sourceName) {
            this.parser = parser;
            this.entries = entries;
            this.sourceName = sourceName;
        }

        /** Indexes what lies under the value the parser stands on, leaving it on that value's last token. */
        void value(String path) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String child = join(path, parser.currentName());
                    Position key = position(parser.currentTokenLocation());
                    Entry earlier = entries.get(child);
                    if (earlier != null) {
                        throw new ConfigException(sourceName, key.line(), key.column(), child, "duplicate key '"
                                + parser.currentName() + "'; it is already set at line " + earlier.position().line());
                    }
                    parser.nextToken();
                    record(child, key);
                }
            } else if (token == JsonToken.START_ARRAY) {
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    record(path + "[" + index++ + "]", position(parser.currentTokenLocation()));
                }
            }
        }

        private void record(String path, Position key) throws IOException {
            JsonToken token = parser.currentToken();
            if (parser.isCurrentAlias()) {
                // Jackson would read the alias as the anchor's name, a string: refuse it rather than mislead.
                throw new ConfigException(sourceName, key.line(), key.column(), path, "YAML aliases (*name) are not supported"
                        + " in a config file; write the value out");
            }
            boolean scalar = token.isScalarValue() && token != JsonToken.VALUE_NULL;
            entries.put(path, new Entry(key, token, scalar ? parser.getText() : null));
            value(path);
        }
    }

    private static Position position(JsonLocation location) {
        return new Position(Math.max(location.getLineNr(), 0), Math.max(location.getColumnNr(), 0));
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "a mapping";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            case VALUE_NULL -> "null";
            default -> "a " + token.name().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * SnakeYAML's problem and its mark, without the quoted line it adds to its own message: that line
     * could hold a credential.
     */
    private static ConfigException syntaxError(StreamReadException e, String sourceName) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark problem = marked.getProblemMark();
            String context = "";
            if (marked.getContext() != null) {
                Mark start = marked.getContextMark();
                context = " (" + marked.getContext()
                        + (start == null ? "" : " that starts at line " + (start.getLine() + 1) + ", column " + (start.getColumn() + 1))
                        + ")";
            }
            return new ConfigException(sourceName, problem.getLine() + 1, problem.getColumn() + 1, "",
                    "invalid YAML: " + marked.getProblem() + context);
        }
        Position at = e.getLocation() == null ? Position.NOWHERE : position(e.getLocation());
        return new ConfigException(sourceName, at.line(), at.column(), "", "invalid YAML: " + e.getOriginalMessage());
    }
}

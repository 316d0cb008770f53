package dev.distill4j.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer keys a server accepts, read from a file, one key per line:
 * <pre>
 * # comments and blank lines are skipped
 * alice:sk-alice-0123456789abcdef      a named key: logs and metrics call it "alice"
 * sk-anonymous-fedcba9876543210        an unnamed key: logs call it "key-" + the first 8 hex digits of its SHA-256
 * </pre>
 * A name is letters, digits, {@code _}, {@code .} or {@code -} before the first colon; a line whose part before the
 * first colon is not such a name is a key of its own. Only SHA-256 digests of the keys are kept in memory, and a
 * presented key is compared by digest in constant time, so neither a log, an error message nor a heap dump of the
 * key table shows a key.
 */
public final class ApiKeys {
    private static final java.util.regex.Pattern NAMED = java.util.regex.Pattern.compile("([A-Za-z0-9_.-]{1,64}):(.+)");

    private final Map<String, String> idsByDigest;

    private ApiKeys(Map<String, String> idsByDigest) {
        this.idsByDigest = Map.copyOf(idsByDigest);
    }

    /** Reads a key file; errors name the file and line, never the key. */
    public static ApiKeys read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API key file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> ids = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            java.util.regex.Matcher named = NAMED.matcher(line);
            String id;
            String key;
            if (named.matches()) {
                id = named.group(1);
                key = named.group(2).strip();
            } else {
                key = line;
                id = null;
            }
            if (key.length() < 8 || key.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected a key of 8 or more characters without spaces,"
                        + " optionally after 'name:'; the line is not shown");
            }
            String digest = digest(key);
            id = id != null ? id : "key-" + digest.substring(0, 8);
            if (ids.containsKey(digest)) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": the same key as '" + ids.get(digest) + "' again");
            }
            if (ids.containsValue(id)) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": a second key named '" + id + "'");
            }
            ids.put(digest, id);
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException(file + ": no API key in the file (one key per line, optionally 'name:key')");
        }
        return new ApiKeys(ids);
    }

    /** The id of a presented key (its name, or its digest prefix), or empty when the key is not one of these. */
    public Optional<String> idOf(String presented) {
        byte[] digest = HexFormat.of().parseHex(digest(presented));
        String found = null;
        // Compare against every entry, always, in constant time per entry: how long it takes says nothing about the key.
        for (Map.Entry<String, String> entry : idsByDigest.entrySet()) {
            if (MessageDigest.isEqual(HexFormat.of().parseHex(entry.getKey()), digest)) {
                found = entry.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    public int size() {
        return idsByDigest.size();
    }

    private static String digest(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKeys[" + idsByDigest.size() + " keys: " + String.join(", ", idsByDigest.values().stream().sorted().toList()) + "]";
    }
}

package dev.distill4j.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which verifier judges a task, and its options, as written in a task file:
 * {@code {"type": "number", "rel_tol": 1e-6}} or the short form {@code "integer"}.
 * The options are kept in key order so that the spec hashes the same way every time.
 */
public record VerifierSpec(String type, Map<String, Object> options) {
    public VerifierSpec {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("field 'verifier.type': expected a verifier name such as 'integer', got "
                    + (type == null ? "null" : "an empty string"));
        }
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(options));
    }

    public static VerifierSpec of(String type) {
        return new VerifierSpec(type, Map.of());
    }

    public static VerifierSpec of(String type, Map<String, Object> options) {
        return new VerifierSpec(type, options);
    }

    @JsonCreator
    public static VerifierSpec parse(String type) {
        return of(type);
    }

    @JsonCreator
    public static VerifierSpec fromJson(Map<String, Object> json) {
        Map<String, Object> options = new LinkedHashMap<>(json);
        Object type = options.remove("type");
        if (type != null && !(type instanceof String)) {
            throw new IllegalArgumentException("field 'verifier.type': expected a string, got " + type);
        }
        return new VerifierSpec((String) type, options);
    }

    @JsonValue
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        json.putAll(options);
        return json;
    }

    /** An option's value, or the default when the spec does not set it. */
    public Object option(String name, Object fallback) {
        return options.getOrDefault(name, fallback);
    }
}

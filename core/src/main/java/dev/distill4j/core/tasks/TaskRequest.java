package dev.distill4j.core.tasks;

import dev.distill4j.core.Split;
import java.util.Map;

/**
 * What to generate: how many tasks, from which seed, on which side of the split, with which family options.
 *
 * @param options family-specific options (e.g. {@code digits: [2, 4]} for arith); unknown ones are errors
 */
public record TaskRequest(int n, long seed, Split split, Map<String, Object> options) {
    public TaskRequest {
        if (n < 0) {
            throw new IllegalArgumentException("field 'n': expected a number of tasks >= 0, got " + n);
        }
        if (split == null) {
            throw new IllegalArgumentException("field 'split': expected 'train' or 'eval', got null");
        }
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(options));
    }

    public static TaskRequest of(int n, long seed, Split split) {
        return new TaskRequest(n, seed, split, Map.of());
    }
}

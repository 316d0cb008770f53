package dev.distill4j.core;

/** The checks that records share, so every message has the same shape: field, expected, got. */
final class Records {
    private Records() {}

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("field '" + field + "': expected a non-empty string, got "
                    + (value == null ? "null" : "an empty string"));
        }
    }

    static void requireNonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException("field '" + field + "': expected a number >= 0, got " + value);
        }
    }

    static void requireUnit(double value, String field) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException("field '" + field + "': expected a number in [0, 1], got " + value);
        }
    }
}

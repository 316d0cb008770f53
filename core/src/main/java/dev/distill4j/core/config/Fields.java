package dev.distill4j.core.config;

import java.util.regex.Pattern;

/** The value checks the config records share, so every refusal reads "expected ..., got ...". */
final class Fields {
    /** Names that become folder names and table values: no spaces, no slashes. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private Fields() {}

    static <T> T required(String field, T value, String expected) {
        if (value == null) {
            throw new InvalidFieldException(field, "expected " + expected + ", got nothing (the key is required)");
        }
        return value;
    }

    static String name(String field, String value, String expected) {
        required(field, value, expected);
        if (!NAME.matcher(value).matches()) {
            throw new InvalidFieldException(field, "expected " + expected + " made of letters, digits, '.', '_' or '-', got '"
                    + value + "'");
        }
        return value;
    }

    static String text(String field, String value, String expected) {
        required(field, value, expected);
        if (value.isBlank()) {
            throw new InvalidFieldException(field, "expected " + expected + ", got an empty string");
        }
        return value;
    }

    static int atLeast(String field, int value, int min) {
        if (value < min) {
            throw new InvalidFieldException(field, "expected an integer >= " + min + ", got " + value);
        }
        return value;
    }

    static Integer atLeastOrNull(String field, Integer value, int min) {
        return value == null ? null : atLeast(field, value, min);
    }

    static int between(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidFieldException(field, "expected an integer in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    /** A number in an interval; {@code lowOpen}/{@code highOpen} exclude the bound. NaN never passes. */
    static double between(String field, double value, double low, boolean lowOpen, double high, boolean highOpen) {
        boolean aboveLow = lowOpen ? value > low : value >= low;
        boolean belowHigh = highOpen ? value < high : value <= high;
        if (!(aboveLow && belowHigh)) {
            throw new InvalidFieldException(field, "expected a number in " + (lowOpen ? "(" : "[") + format(low) + ", "
                    + format(high) + (highOpen ? ")" : "]") + ", got " + format(value));
        }
        return value;
    }

    static double between(String field, double value, double low, double high) {
        return between(field, value, low, false, high, false);
    }

    static double positive(String field, double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw new InvalidFieldException(field, "expected a number > 0, got " + format(value));
        }
        return value;
    }

    static Double positiveOrNull(String field, Double value) {
        return value == null ? null : positive(field, value);
    }

    static double nonNegative(String field, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new InvalidFieldException(field, "expected a number >= 0, got " + format(value));
        }
        return value;
    }

    /** 2.0 as "2", 0.05 as "0.05": bounds read as people write them. */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}

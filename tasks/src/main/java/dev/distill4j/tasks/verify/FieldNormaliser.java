package dev.distill4j.tasks.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How one field of a {@code json-fields} answer is compared with the reference: the names of the shared
 * contract between task families and verifiers ({@code text}, {@code exact}, {@code number}, {@code integer},
 * {@code date}).
 */
public enum FieldNormaliser {
    /** Trimmed, inner whitespace collapsed, case-insensitive (and NFKC). */
    TEXT {
        @Override
        Optional<String> mismatch(JsonNode expected, JsonNode actual) {
            if (!isScalar(expected) || !isScalar(actual)) {
                return sameJson(expected, actual);
            }
            return AnswerText.normalize(expected.asText(), true).equals(AnswerText.normalize(actual.asText(), true))
                    ? Optional.empty() : differ(expected, actual);
        }
    },
    /** The same string, byte for byte, after trimming. */
    EXACT {
        @Override
        Optional<String> mismatch(JsonNode expected, JsonNode actual) {
            if (!isScalar(expected) || !isScalar(actual)) {
                return sameJson(expected, actual);
            }
            return expected.asText().strip().equals(actual.asText().strip()) ? Optional.empty() : differ(expected, actual);
        }
    },
    /** Equal within a relative tolerance of 1e-9; a JSON number or a numeric string such as "1,234.50". */
    NUMBER {
        private final Tolerance tolerance = new Tolerance(1e-9, 0);

        @Override
        Optional<String> mismatch(JsonNode expected, JsonNode actual) {
            BigDecimal want = decimal(expected);
            if (want == null) {
                return Optional.of("reference " + show(expected) + " is not a number");
            }
            BigDecimal got = decimal(actual);
            if (got == null) {
                return Optional.of("expected " + show(expected) + ", got " + show(actual) + " (not a number)");
            }
            return tolerance.accepts(want, got) ? Optional.empty() : differ(expected, actual);
        }
    },
    /** The same whole number; a JSON number or a string such as "1,234". */
    INTEGER {
        @Override
        Optional<String> mismatch(JsonNode expected, JsonNode actual) {
            String want = integer(expected);
            if (want == null) {
                return Optional.of("reference " + show(expected) + " is not an integer");
            }
            String got = integer(actual);
            if (got == null) {
                return Optional.of("expected " + show(expected) + ", got " + show(actual) + " (not an integer)");
            }
            return want.equals(got) ? Optional.empty() : differ(expected, actual);
        }
    },
    /** The same calendar date: ISO {@code yyyy-MM-dd}, ISO with a time, or {@code yyyy/MM/dd}. */
    DATE {
        @Override
        Optional<String> mismatch(JsonNode expected, JsonNode actual) {
            LocalDate want = date(expected);
            if (want == null) {
                return Optional.of("reference " + show(expected) + " is not a date");
            }
            LocalDate got = date(actual);
            if (got == null) {
                return Optional.of("expected " + show(expected) + ", got " + show(actual) + " (not a date)");
            }
            return want.equals(got) ? Optional.empty() : differ(expected, actual);
        }
    };

    /** Why the answer's value differs from the reference's, or empty when they match. Never throws. */
    abstract Optional<String> mismatch(JsonNode expected, JsonNode actual);

    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> optionValues() {
        return Arrays.stream(values()).map(FieldNormaliser::optionValue).toList();
    }

    /** The normaliser for a field whose reference has no explicit one: numbers by value, the rest as text. */
    static FieldNormaliser inferredFrom(JsonNode reference) {
        return reference.isNumber() ? NUMBER : TEXT;
    }

    private static boolean isScalar(JsonNode node) {
        return node.isValueNode() && !node.isNull();
    }

    private static Optional<String> sameJson(JsonNode expected, JsonNode actual) {
        return expected.equals(actual) ? Optional.empty() : differ(expected, actual);
    }

    private static Optional<String> differ(JsonNode expected, JsonNode actual) {
        return Optional.of("expected " + show(expected) + ", got " + show(actual));
    }

    static String show(JsonNode node) {
        return AnswerText.clip(node.toString(), 60);
    }

    private static BigDecimal decimal(JsonNode node) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (!node.isTextual()) {
            return null;
        }
        NumberToken token = NumberScanner.sole(node.asText(),
                c -> Character.isWhitespace(c) || Character.getType(c) == Character.CURRENCY_SYMBOL);
        if (token == null || token.percent() || token.length() > NumberToken.MAX_NUMERIC_LENGTH) {
            return null;
        }
        try {
            return token.toBigDecimal();
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }

    private static String integer(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if (node.isNumber()) {
            BigDecimal value = node.decimalValue();
            // 1E+999999999 is integral, but its digits would not fit in memory: refuse what JSON limits elsewhere.
            if (value.signum() == 0) {
                return "0";
            }
            if (value.precision() - value.scale() > NumberToken.MAX_NUMERIC_LENGTH) {
                return null;
            }
            BigDecimal whole = value.stripTrailingZeros();
            return whole.scale() <= 0 ? whole.toBigIntegerExact().toString() : null;
        }
        if (!node.isTextual()) {
            return null;
        }
        NumberToken token = NumberScanner.sole(node.asText(), Character::isWhitespace);
        return token != null && token.isInteger() && !token.percent() ? token.canonicalInteger() : null;
    }

    private static LocalDate date(JsonNode node) {
        if (!node.isTextual() || node.asText().length() > 64) {
            return null;
        }
        String text = node.asText().strip();
        try {
            if (text.length() == 10 && text.charAt(4) == '/' && text.charAt(7) == '/') {
                return LocalDate.parse(text.replace('/', '-'), DateTimeFormatter.ISO_LOCAL_DATE);
            }
            if (text.length() == 10) {
                return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
            }
            // The calendar date as written, before any offset: "2024-03-05T23:00-05:00" is the 5th.
            return LocalDate.from(DateTimeFormatter.ISO_DATE_TIME.parse(text));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

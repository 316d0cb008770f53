package dev.distill4j.tasks.verify;

import dev.distill4j.core.Suggestions;
import dev.distill4j.core.VerifierSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of a verifier spec's options. Options come from YAML, JSON or Java maps, so a number may
 * arrive as a Double, an Integer or a string, and a flag as a Boolean or "true"; every error names the
 * verifier, the option, what was expected and what came.
 */
final class VerifierOptions {
    private final VerifierSpec spec;

    VerifierOptions(VerifierSpec spec) {
        this.spec = spec;
    }

    boolean flag(String name, boolean fallback) {
        Object value = spec.option(name, fallback);
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw invalid(name, "true or false", value);
    }

    double nonNegative(String name, double fallback) {
        double number = number(name, fallback);
        if (!(number >= 0) || Double.isInfinite(number)) {
            throw invalid(name, "a finite number >= 0", spec.option(name, fallback));
        }
        return number;
    }

    long positive(String name, long fallback, long max) {
        double number = number(name, fallback);
        if (!(number >= 1 && number <= max) || number != Math.rint(number)) {
            throw invalid(name, "a whole number from 1 to " + max, spec.option(name, fallback));
        }
        return (long) number;
    }

    String string(String name, String fallback) {
        Object value = spec.option(name, fallback);
        if (value instanceof String s) {
            return s;
        }
        throw invalid(name, "a string", value);
    }

    String required(String name) {
        Object value = spec.options().get(name);
        if (!(value instanceof String s) || s.isEmpty()) {
            throw invalid(name, "a non-empty string", value);
        }
        return s;
    }

    /** One of {@code allowed}, with a did-you-mean for near misses. */
    String oneOf(String name, String fallback, Collection<String> allowed) {
        String value = string(name, fallback);
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(prefix(name) + "expected one of " + String.join(", ", allowed)
                    + ", got " + describe(value) + Suggestions.didYouMean(value, allowed));
        }
        return value;
    }

    List<String> strings(String name, List<String> fallback) {
        Object value = spec.option(name, fallback);
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw invalid(name, "a non-empty list of strings", value);
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String s) || s.isBlank()) {
                throw invalid(name, "a non-empty list of non-blank strings", value);
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    Map<String, String> stringMap(String name) {
        Object value = spec.option(name, Map.of());
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(name, "a map of field name to string", value);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key) || !(entry.getValue() instanceof String text)) {
                throw invalid(name, "a map of field name to string", value);
            }
            out.put(key, text);
        }
        return out;
    }

    IllegalArgumentException invalid(String name, String expected, Object got) {
        return new IllegalArgumentException(prefix(name) + "expected " + expected + ", got " + describe(got));
    }

    String prefix(String name) {
        return "verifier '" + spec.type() + "' option '" + name + "': ";
    }

    private double number(String name, double fallback) {
        Object value = spec.option(name, fallback);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                throw invalid(name, "a number", value);
            }
        }
        throw invalid(name, "a number", value);
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        return value instanceof String s ? "'" + AnswerText.clip(s, 80) + "'" : AnswerText.clip(String.valueOf(value), 80);
    }
}

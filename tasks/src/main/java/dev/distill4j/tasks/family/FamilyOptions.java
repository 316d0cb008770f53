package dev.distill4j.tasks.family;

import dev.distill4j.core.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one family's options as they arrive: parsed YAML or JSON ({@code [2, 4]}, {@code ["add", "mul"]}) or
 * strings from the command line ({@code "2-4"}, {@code "2,4"}, {@code "add,mul"}). Every key is checked
 * against the family's known options up front, so a typo fails loudly instead of being ignored.
 */
public final class FamilyOptions {
    private static final Pattern RANGE = Pattern.compile("\\s*(\\d+)\\s*(?:(?:-|\\.\\.|,|\\s)\\s*(\\d+)\\s*)?");

    private final String family;
    private final Map<String, Object> values;

    /**
     * @param known the family's options, name to meaning
     * @throws IllegalArgumentException naming the closest known option, for an unknown key
     */
    public FamilyOptions(String family, Map<String, String> known, Map<String, Object> values) {
        this.family = family;
        this.values = values == null ? Map.of() : values;
        for (String key : this.values.keySet()) {
            if (!known.containsKey(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' for task family '" + family + "'"
                        + Suggestions.didYouMean(key, known.keySet()) + "; known options: "
                        + String.join(", ", known.keySet().stream().sorted().toList()));
            }
        }
    }

    public boolean has(String option) {
        return values.get(option) != null;
    }

    /**
     * A range of whole numbers within {@code allowed}: a number ({@code 3}), a list of one or two numbers
     * ({@code [2, 4]}), or a string ({@code "3"}, {@code "2-4"}, {@code "2..4"}, {@code "2,4"}).
     */
    public IntRange range(String option, IntRange fallback, IntRange allowed) {
        Object value = values.get(option);
        if (value == null) {
            return fallback;
        }
        IntRange range = parseRange(value);
        if (range == null || !allowed.contains(range.min()) || !allowed.contains(range.max())) {
            throw invalid(option, "a number or a range min-max within " + allowed + " such as 3, \"2-4\" or [2, 4]", value);
        }
        return range;
    }

    /**
     * Names chosen from {@code choices}: a list ({@code ["add", "mul"]}) or a string separated by commas or
     * spaces ({@code "add,mul"}), matched without regard to case. The result keeps the order of {@code choices},
     * so listing the same names in another order changes nothing.
     */
    public <T> List<T> choices(String option, Map<String, T> choices, List<T> fallback) {
        Object value = values.get(option);
        if (value == null) {
            return fallback;
        }
        List<String> names = names(value);
        String expected = "a non-empty list of " + String.join(", ", choices.keySet());
        if (names == null || names.isEmpty()) {
            throw invalid(option, expected, value);
        }
        Set<T> chosen = new LinkedHashSet<>();
        for (String name : names) {
            T choice = choices.get(name.toLowerCase(Locale.ROOT));
            if (choice == null) {
                throw new IllegalArgumentException("option '" + option + "' of task family '" + family + "': unknown name '"
                        + name + "'" + Suggestions.didYouMean(name, choices.keySet()) + "; expected " + expected);
            }
            chosen.add(choice);
        }
        return choices.values().stream().filter(chosen::contains).distinct().toList();
    }

    private static IntRange parseRange(Object value) {
        if (value instanceof List<?> list && (list.size() == 1 || list.size() == 2)) {
            Integer min = wholeNumber(list.get(0));
            Integer max = wholeNumber(list.get(list.size() - 1));
            return min == null || max == null || min > max ? null : new IntRange(min, max);
        }
        Integer single = value instanceof String ? null : wholeNumber(value);
        if (single != null) {
            return IntRange.of(single);
        }
        if (value instanceof String text) {
            Matcher m = RANGE.matcher(text);
            if (m.matches()) {
                int min = Integer.parseInt(m.group(1));
                int max = m.group(2) == null ? min : Integer.parseInt(m.group(2));
                return min > max ? null : new IntRange(min, max);
            }
        }
        return null;
    }

    /** A whole number from an Integer, Long, Short, a whole Double, or a string of digits; otherwise null. */
    private static Integer wholeNumber(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long n = ((Number) value).longValue();
            return n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE ? (int) n : null;
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e9) {
            return d.intValue();
        }
        if (value instanceof String s && s.trim().matches("\\d{1,9}")) {
            return Integer.parseInt(s.trim());
        }
        return null;
    }

    private static List<String> names(Object value) {
        List<String> names = new ArrayList<>();
        if (value instanceof String text) {
            for (String part : text.split("[,\\s]+")) {
                if (!part.isEmpty()) {
                    names.add(part);
                }
            }
            return names;
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof String s) || s.isBlank()) {
                    return null;
                }
                names.add(s.trim());
            }
            return names;
        }
        return null;
    }

    private IllegalArgumentException invalid(String option, String expected, Object value) {
        String got = value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        return new IllegalArgumentException("option '" + option + "' of task family '" + family + "': expected "
                + expected + ", got " + got);
    }
}

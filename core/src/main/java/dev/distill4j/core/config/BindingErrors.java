package dev.distill4j.core.config;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import dev.distill4j.core.Suggestions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns what Jackson throws while binding a config into a {@link ConfigException} at the offending key,
 * in the user's words: "unknown key", "expected a number, got 'hot'", the record's own refusal.
 */
final class BindingErrors {
    private static final Set<Class<?>> INTEGERS = Set.of(int.class, Integer.class, long.class, Long.class, short.class,
            Short.class, BigInteger.class);
    private static final Set<Class<?>> NUMBERS = Set.of(double.class, Double.class, float.class, Float.class, BigDecimal.class);

    private BindingErrors() {}

    static ConfigException toConfigException(JsonMappingException e, ConfigSource source) {
        String path = pathOf(e.getPath());
        // The cause keeps Jackson's own account for debugging; credentials never reach it (see the loader).
        ConfigException error;
        if (e instanceof PropertyBindingException unknown) {
            error = source.error(path, unknownKey(unknown.getPropertyName(), unknown.getKnownPropertyIds()));
        } else if (findCause(e, InvalidFieldException.class) instanceof InvalidFieldException invalid) {
            // Jackson names the object whose constructor refused; the record names the field inside it.
            error = source.error(ConfigLocations.join(path, invalid.field()), invalid.problem());
        } else if (findCause(e, InputCoercionException.class) instanceof InputCoercionException tooLarge) {
            error = source.error(path, "expected " + expected(tooLarge.getTargetType()) + range(tooLarge.getTargetType()) + ", got "
                    + source.locations().shown(path));
        } else if (e instanceof MismatchedInputException mismatch) {
            Class<?> target = mismatch.getTargetType();
            String scalar = source.locations().scalar(path);
            String suggestion = target != null && target.isEnum() && scalar != null
                    ? Suggestions.didYouMean(scalar, wireNames(target)) : "";
            error = source.error(path, "expected " + expected(target) + ", got " + source.locations().shown(path) + suggestion);
        } else if (findCause(e, IllegalArgumentException.class) instanceof IllegalArgumentException refused) {
            error = source.error(path, refused.getMessage());
        } else {
            error = source.error(path, e.getOriginalMessage());
        }
        error.initCause(e);
        return error;
    }

    private static String unknownKey(String key, Collection<Object> knownIds) {
        // An ignored property (the config's source) is listed as known though no file may set it.
        List<String> known = knownIds == null ? List.of()
                : knownIds.stream().map(String::valueOf).filter(name -> !name.equals(key)).sorted().toList();
        String suggestion = Suggestions.didYouMean(key, known);
        if (!suggestion.isEmpty() || known.isEmpty()) {
            return "unknown key '" + key + "'" + suggestion;
        }
        return "unknown key '" + key + "'; known keys here: " + String.join(", ", known);
    }

    /** Jackson's reference chain as the config's dotted path with list indexes. */
    static String pathOf(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String range(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return " in [" + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE + "]";
        }
        if (type == long.class || type == Long.class) {
            return " in [" + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "]";
        }
        return " in range";
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (INTEGERS.contains(type)) {
            return "an integer";
        }
        if (NUMBERS.contains(type)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Path.class.isAssignableFrom(type)) {
            return "a path";
        }
        if (type.isEnum()) {
            return "one of " + String.join(", ", wireNames(type));
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a mapping of keys to values";
        }
        // A section record or its builder.
        return "a mapping (indented 'key: value' lines)";
    }

    /** The config enums are written in lower case: {@code near}, {@code sft}. */
    private static List<String> wireNames(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
                .toList();
    }

    private static Throwable findCause(Throwable error, Class<? extends Throwable> type) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable cause = error.getCause(); cause != null && seen.add(cause); cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return cause;
            }
        }
        return null;
    }
}

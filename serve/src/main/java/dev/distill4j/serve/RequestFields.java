package dev.distill4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads of a request body's fields, each failing as a 400 that names the field, what was expected and what
 * came. A field that is absent or JSON {@code null} is "not given", as in OpenAI's API. Fields this server does not
 * know are never read, so they are ignored (as vLLM does; OpenAI itself rejects them), while a known field of the
 * wrong type is an error (as both do).
 */
final class RequestFields {
    private final JsonNode body;

    RequestFields(JsonNode body) {
        this.body = body;
    }

    boolean has(String field) {
        JsonNode node = body.get(field);
        return node != null && !node.isNull();
    }

    JsonNode raw(String field) {
        return body.get(field);
    }

    Optional<Long> integer(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode node = body.get(field);
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Optional.of(node.longValue());
        }
        // 2.0 is an integer to Python's JSON validators, which OpenAI and vLLM use; 2.5 is not.
        if (node.isFloatingPointNumber() && node.doubleValue() == Math.rint(node.doubleValue()) && Math.abs(node.doubleValue()) < 1e15) {
            return Optional.of((long) node.doubleValue());
        }
        throw wrongType(field, "an integer", node);
    }

    Optional<Integer> integerIn(String field, long low, long high) {
        Optional<Long> value = integer(field);
        if (value.isPresent() && (value.get() < low || value.get() > high)) {
            throw ApiError.badParameter(field, value.get() + " is " + (value.get() < low ? "less than the minimum of " + low : "greater than the maximum of " + high)
                    + " - '" + field + "'");
        }
        return value.map(Long::intValue);
    }

    Optional<Double> number(String field, double low, double high) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode node = body.get(field);
        if (!node.isNumber()) {
            throw wrongType(field, "a number", node);
        }
        double value = node.doubleValue();
        if (!(value >= low && value <= high)) {
            throw ApiError.badParameter(field, value + " is not in [" + low + ", " + high + "] - '" + field + "'");
        }
        return Optional.of(value);
    }

    Optional<Boolean> bool(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode node = body.get(field);
        if (!node.isBoolean()) {
            throw wrongType(field, "a boolean", node);
        }
        return Optional.of(node.booleanValue());
    }

    Optional<String> string(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode node = body.get(field);
        if (!node.isTextual()) {
            throw wrongType(field, "a string", node);
        }
        return Optional.of(node.textValue());
    }

    /** {@code stop}: a string or a list of strings, each non-empty. */
    List<String> stopStrings(String field) {
        if (!has(field)) {
            return List.of();
        }
        JsonNode node = body.get(field);
        List<String> stops = new ArrayList<>();
        if (node.isTextual()) {
            stops.add(node.textValue());
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw wrongType(field, "a string or a list of strings", node);
                }
                stops.add(item.textValue());
            }
        } else {
            throw wrongType(field, "a string or a list of strings", node);
        }
        if (stops.stream().anyMatch(String::isEmpty)) {
            throw ApiError.badParameter(field, "stop sequences must not be empty - '" + field + "'");
        }
        return stops;
    }

    static ApiError wrongType(String field, String expected, JsonNode got) {
        String shown = got.toString();
        if (shown.length() > 60) {
            shown = shown.substring(0, 57) + "...";
        }
        return ApiError.badParameter(field, shown + " is not " + expected + " - '" + field + "'");
    }
}

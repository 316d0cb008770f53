package dev.distill4j.tasks.extract;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The facts behind one document: the values of its kind's fields, which the extractor must return, and the
 * context around them (vendor, phone, subtotal, due date...), which the text also mentions and which a careless
 * extractor confuses with the fields.
 *
 * @param fields  field name to value: a String, a {@link LocalDate}, a {@link Money}, a {@link CurrencyCode}
 *                or an Integer count, in the kind's field order
 * @param context slot name to value, of the same types, for the templates' other placeholders
 */
record BusinessRecord(Kind kind, Map<String, Object> fields, Map<String, Object> context) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    BusinessRecord {
        List<String> expected = kind.fields().stream().map(Field::name).toList();
        if (!List.copyOf(fields.keySet()).equals(expected)) {
            throw new IllegalArgumentException("field 'fields': expected the " + kind.wireName() + " fields " + expected
                    + " in that order, got " + fields.keySet());
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }

    /** The answer as JSON values: dates as ISO strings, amounts as numbers with two decimals, keys sorted. */
    Map<String, Object> reference() {
        Map<String, Object> reference = new TreeMap<>();
        fields.forEach((name, value) -> reference.put(name, jsonValue(value)));
        return reference;
    }

    /** The reference as compact JSON with sorted keys, e.g. {@code {"currency":"USD","total":1234.50}}. */
    String referenceJson() {
        try {
            return JSON.writeValueAsString(reference());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of strings and numbers always writes as JSON", e);
        }
    }

    /**
     * What decides the split: the kind and field values only, so the same record written by two templates or
     * with different context can never stand on both sides.
     */
    String canonical() {
        return kind.wireName() + " " + referenceJson();
    }

    /** A field value as it goes into the JSON answer. */
    static Object jsonValue(Object value) {
        return switch (value) {
            case LocalDate date -> date.toString();
            case Money money -> money.amount();
            case CurrencyCode currency -> currency.code();
            case Integer count -> count;
            case String text -> text;
            default -> throw new IllegalArgumentException("no JSON form for a " + value.getClass().getSimpleName());
        };
    }
}

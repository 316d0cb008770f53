package dev.distill4j.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Json;
import java.util.Map;

/** One row read from a table, by column name, with typed accessors for the record mappers. */
final class Row {
    private final String table;
    private final Map<String, Object> values;

    Row(String table, Map<String, Object> values) {
        this.table = table;
        this.values = values;
    }

    Object raw(String column) {
        return values.get(column);
    }

    java.time.LocalDateTime timestamp(String column) {
        return (java.time.LocalDateTime) values.get(column);
    }

    String text(String column) {
        Object value = values.get(column);
        return value == null ? null : value.toString();
    }

    int integer(String column) {
        return ((Number) require(column)).intValue();
    }

    long longValue(String column) {
        return ((Number) require(column)).longValue();
    }

    double real(String column) {
        return ((Number) require(column)).doubleValue();
    }

    Double optionalReal(String column) {
        Object value = values.get(column);
        return value == null ? null : ((Number) value).doubleValue();
    }

    boolean bool(String column) {
        return (Boolean) require(column);
    }

    JsonNode json(String column) {
        String text = text(column);
        if (text == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new StoreException("table " + table + ", column " + column + ": stored JSON does not parse: " + e.getOriginalMessage(), e);
        }
    }

    <V> V json(String column, TypeReference<V> type) {
        String text = text(column);
        if (text == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("table " + table + ", column " + column + ": stored JSON does not match its record: "
                    + e.getOriginalMessage(), e);
        }
    }

    private Object require(String column) {
        Object value = values.get(column);
        if (value == null) {
            throw new StoreException("table " + table + ", column " + column + ": unexpected NULL");
        }
        return value;
    }
}

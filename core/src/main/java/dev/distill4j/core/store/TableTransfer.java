package dev.distill4j.core.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.AtomicFiles;
import dev.distill4j.core.Json;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Suggestions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves a table's rows to and from files. JSONL goes through Java so that every bad line is named by file,
 * line and field; Parquet is written by DuckDB's own writer and read back through the same row checks.
 */
final class TableTransfer<T> {
    private final Table<T> table;
    private final TableSchema<T> schema;

    TableTransfer(Table<T> table) {
        this.table = table;
        this.schema = table.schema();
    }

    long exportJsonl(Path file) {
        long[] count = {0};
        AtomicFiles.writeText(file, out -> {
            try (JsonGenerator json = Json.MAPPER.createGenerator(out)) {
                json.setRootValueSeparator(null);
                table.forEachRow("TRUE", List.of(), row -> {
                    try {
                        writeRow(json, row);
                        json.flush();
                        out.write('\n');
                        count[0]++;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        });
        return count[0];
    }

    private void writeRow(JsonGenerator json, Row row) throws IOException {
        json.writeStartObject();
        for (Column column : schema.columns()) {
            json.writeFieldName(column.name());
            Object value = rowValue(row, column);
            if (value == null) {
                json.writeNull();
            } else if (column.type() == SqlType.JSON) {
                json.writeTree(row.json(column.name()));
            } else if (column.type() == SqlType.TIMESTAMP) {
                json.writeString(((LocalDateTime) value).atOffset(ZoneOffset.UTC).toString());
            } else {
                json.writeObject(value);
            }
        }
        json.writeEndObject();
    }

    long exportParquet(Path file) {
        long count = table.count();
        AtomicFiles.write(file, temporary -> {
            synchronized (table.store()) {
                try (Statement statement = table.store().connection().createStatement()) {
                    statement.execute("COPY (SELECT " + String.join(", ", schema.columnNames()) + " FROM " + table.name()
                            + " ORDER BY key) TO " + sqlString(temporary) + " (FORMAT parquet)");
                } catch (SQLException e) {
                    throw new IOException("DuckDB could not write Parquet: " + e.getMessage(), e);
                }
            }
        });
        return count;
    }

    long importJsonl(Path file) {
        List<Object[]> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = Json.MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new StoreException(file + ":" + number + ": not valid JSON: " + e.getOriginalMessage());
                }
                if (!(node instanceof ObjectNode object)) {
                    throw new StoreException(file + ":" + number + ": expected a JSON object, got " + node.getNodeType().toString().toLowerCase());
                }
                rows.add(checkedRow(toValues(object, file, number), file + ":" + number));
            }
        } catch (NoSuchFileException e) {
            throw new StoreException("no such file: " + file, e);
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return table.insertRows(rows);
    }

    long importParquet(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StoreException("no such file: " + file);
        }
        List<Object[]> rows = new ArrayList<>();
        synchronized (table.store()) {
            try (Statement statement = table.store().connection().createStatement();
                    ResultSet result = statement.executeQuery("SELECT * FROM read_parquet(" + sqlString(file) + ")")) {
                ResultSetMetaData meta = result.getMetaData();
                Map<String, Integer> present = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    present.put(meta.getColumnName(i), i);
                }
                long number = 0;
                while (result.next()) {
                    number++;
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (Map.Entry<String, Integer> entry : present.entrySet()) {
                        Column column = column(entry.getKey(), file + ": column '" + entry.getKey() + "'");
                        Object value = column.type() == SqlType.TIMESTAMP
                                ? result.getObject(entry.getValue(), LocalDateTime.class)
                                : result.getObject(entry.getValue());
                        values.put(column.name(), column.type() == SqlType.JSON && value != null ? value.toString() : value);
                    }
                    rows.add(checkedRow(values, file + ": row " + number));
                }
            } catch (SQLException e) {
                throw new StoreException(file + ": cannot read as Parquet: " + e.getMessage(), e);
            }
        }
        return table.insertRows(rows);
    }

    /** Converts a JSONL object to column values, checking names and types. */
    private Map<String, Object> toValues(ObjectNode object, Path file, long line) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String where = file + ":" + line + ": field '" + field.getKey() + "'";
            Column column = column(field.getKey(), where);
            values.put(column.name(), fromJson(field.getValue(), column, where));
        }
        return values;
    }

    private Column column(String name, String where) {
        for (Column column : schema.columns()) {
            if (column.name().equals(name)) {
                return column;
            }
        }
        throw new StoreException(where + ": table " + table.name() + " has no such column" + Suggestions.didYouMean(name, schema.columnNames())
                + "; its columns are " + String.join(", ", schema.columnNames()));
    }

    private static Object fromJson(JsonNode node, Column column, String where) {
        if (node == null || node.isNull()) {
            return null;
        }
        boolean ok;
        Object value = null;
        switch (column.type()) {
            case VARCHAR -> {
                ok = node.isTextual();
                value = node.asText();
            }
            case INTEGER -> {
                ok = node.isIntegralNumber() && node.canConvertToInt();
                value = node.asInt();
            }
            case BIGINT -> {
                ok = node.isIntegralNumber() && node.canConvertToLong();
                value = node.asLong();
            }
            case DOUBLE -> {
                ok = node.isNumber();
                value = node.asDouble();
            }
            case BOOLEAN -> {
                ok = node.isBoolean();
                value = node.asBoolean();
            }
            case JSON -> {
                ok = true;
                value = node.toString();
            }
            case TIMESTAMP -> {
                ok = node.isTextual();
                if (ok) {
                    value = parseTimestamp(node.asText(), where);
                }
            }
            default -> throw new IllegalStateException("unhandled column type " + column.type());
        }
        if (!ok) {
            throw new StoreException(where + ": expected " + expected(column.type()) + ", got " + node.getNodeType().toString().toLowerCase()
                    + " " + abbreviate(node.toString()));
        }
        return value;
    }

    private static LocalDateTime parseTimestamp(String text, String where) {
        try {
            return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text.replace(' ', 'T'));
            } catch (DateTimeParseException again) {
                throw new StoreException(where + ": expected an ISO-8601 timestamp such as 2026-01-31T12:00:00Z, got '" + abbreviate(text) + "'");
            }
        }
    }

    private static String expected(SqlType type) {
        return switch (type) {
            case VARCHAR -> "a string";
            case INTEGER -> "a whole number that fits in 32 bits";
            case BIGINT -> "a whole number";
            case DOUBLE -> "a number";
            case BOOLEAN -> "true or false";
            case JSON -> "any JSON value";
            case TIMESTAMP -> "an ISO-8601 timestamp string";
        };
    }

    /**
     * Builds the full row: provenance that the file lacks is the importing store's; then the record is
     * rebuilt from the row so its own checks (ranges, required fields) run before anything is stored.
     */
    private Object[] checkedRow(Map<String, Object> values, String where) {
        Provenance provenance = table.store().provenance();
        values.putIfAbsent("run", provenance.run());
        values.putIfAbsent("config_hash", provenance.configHash());
        values.putIfAbsent("seed", provenance.seed());
        values.putIfAbsent("code_version", provenance.codeVersion());
        values.putIfAbsent("created_at", LocalDateTime.now(ZoneOffset.UTC));
        List<Column> columns = schema.columns();
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            Object value = values.get(column.name());
            if (value == null && !column.nullable()) {
                throw new StoreException(where + ": missing field '" + column.name() + "' (expected " + expected(column.type()) + ")");
            }
            row[i] = value;
        }
        try {
            schema.read(new Row(table.name(), values));
        } catch (IllegalArgumentException | StoreException e) {
            throw new StoreException(where + ": " + e.getMessage(), e);
        }
        return row;
    }

    private static Object rowValue(Row row, Column column) {
        return switch (column.type()) {
            case TIMESTAMP -> row.timestamp(column.name());
            default -> row.raw(column.name());
        };
    }

    private static String sqlString(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}

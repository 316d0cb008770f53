package dev.distill4j.curate.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.AtomicFiles;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.Json;
import dev.distill4j.core.io.InputException;
import dev.distill4j.core.io.JsonLines;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Writes curated examples as training datasets and reads them back. Every file is written to a temporary file in the
 * target's folder and renamed into place, so a reader never sees half of one. Rows stream: JSONL is written line by
 * line, and Parquet is written by DuckDB from a temporary JSONL ({@code COPY (SELECT ... FROM read_json(...)) TO ...
 * (FORMAT PARQUET)}), so memory does not grow with the dataset.
 */
public final class DatasetFiles {
    /** The provenance columns of {@code hf-jsonl} and {@code parquet}, after {@code messages}, in file order. */
    public static final List<String> PROVENANCE_COLUMNS = List.of("task_id", "source", "sample_key", "teacher_model", "verifier", "score", "run");

    private static final String MESSAGES_TYPE = "STRUCT(role VARCHAR, content VARCHAR)[]";

    private DatasetFiles() {}

    /** Writes {@code rows} to {@code file} in {@code format}; returns how many rows were written. */
    public static long write(Path file, ExportFormat format, Iterable<ExportRow> rows) {
        long[] count = {0};
        switch (format) {
            case CHAT_JSONL, HF_JSONL -> AtomicFiles.writeText(file, out -> count[0] = writeJsonl(out, format, rows.iterator()));
            case PARQUET -> AtomicFiles.write(file, temporary -> count[0] = writeParquet(temporary, rows.iterator()));
        }
        return count[0];
    }

    /** Reads a file written in {@code format} (a chat JSONL gives rows with messages only; see {@link ExportRow#messagesOnly}). */
    public static List<ExportRow> read(Path file, ExportFormat format) {
        return switch (format) {
            case CHAT_JSONL, HF_JSONL -> readJsonl(file, format);
            case PARQUET -> readParquet(file);
        };
    }

    private static long writeJsonl(BufferedWriter out, ExportFormat format, Iterator<ExportRow> rows) throws IOException {
        long count = 0;
        while (rows.hasNext()) {
            out.write(Json.MAPPER.writeValueAsString(toJson(rows.next(), format)));
            out.write('\n');
            count++;
        }
        return count;
    }

    private static ObjectNode toJson(ExportRow row, ExportFormat format) {
        ObjectNode object = Json.MAPPER.createObjectNode();
        ArrayNode messages = object.putArray("messages");
        for (ChatMessage message : row.messages()) {
            messages.addObject().put("role", message.role()).put("content", message.content());
        }
        if (format == ExportFormat.HF_JSONL) {
            object.put("task_id", row.taskId()).put("source", row.source()).put("sample_key", row.sampleKey())
                    .put("teacher_model", row.teacherModel()).put("verifier", row.verifier()).put("score", row.score())
                    .put("run", row.run());
        }
        return object;
    }

    private static List<ExportRow> readJsonl(Path file, ExportFormat format) {
        List<ExportRow> rows = new ArrayList<>();
        Set<String> allowed = format == ExportFormat.CHAT_JSONL ? Set.of("messages") : allColumns();
        JsonLines.read(file, (object, line) -> {
            String where = file + ":" + line + ": ";
            object.fieldNames().forEachRemaining(name -> {
                if (!allowed.contains(name)) {
                    throw new InputException(where + "field '" + name + "': not a column of " + format.wireName() + " (expected " + allowed + ")");
                }
            });
            List<ChatMessage> messages = messages(object.get("messages"), where);
            try {
                rows.add(format == ExportFormat.CHAT_JSONL ? ExportRow.messagesOnly(messages)
                        : new ExportRow(messages, text(object, "task_id"), text(object, "source"), text(object, "sample_key"),
                                text(object, "teacher_model"), text(object, "verifier"),
                                object.hasNonNull("score") ? object.get("score").asDouble() : null, text(object, "run")));
            } catch (IllegalArgumentException e) {
                throw new InputException(where + e.getMessage(), e);
            }
        });
        return rows;
    }

    private static Set<String> allColumns() {
        List<String> columns = new ArrayList<>(PROVENANCE_COLUMNS);
        columns.add("messages");
        return Set.copyOf(columns);
    }

    private static List<ChatMessage> messages(JsonNode node, String where) {
        if (node == null || !node.isArray()) {
            throw new InputException(where + "field 'messages': expected an array of {role, content}, got "
                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase()));
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode message = node.get(i);
            if (!message.path("role").isTextual() || !message.path("content").isTextual()) {
                throw new InputException(where + "field 'messages[" + i + "]': expected an object with text 'role' and 'content'");
            }
            try {
                messages.add(new ChatMessage(message.get("role").asText(), message.get("content").asText()));
            } catch (IllegalArgumentException e) {
                throw new InputException(where + "field 'messages[" + i + "]." + e.getMessage().substring("field '".length()), e);
            }
        }
        return messages;
    }

    private static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static long writeParquet(Path target, Iterator<ExportRow> rows) throws IOException {
        Path jsonl = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".jsonl.partial");
        try {
            long count;
            try (BufferedWriter out = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)) {
                count = writeJsonl(out, ExportFormat.HF_JSONL, rows);
            }
            try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
                statement.execute("COPY (SELECT * FROM read_json(" + literal(jsonl) + ", format = 'newline_delimited', columns = {"
                        + "messages: '" + MESSAGES_TYPE + "', task_id: 'VARCHAR', source: 'VARCHAR', sample_key: 'VARCHAR', "
                        + "teacher_model: 'VARCHAR', verifier: 'VARCHAR', score: 'DOUBLE', run: 'VARCHAR'})) TO " + literal(target)
                        + " (FORMAT PARQUET)");
            }
            return count;
        } catch (SQLException e) {
            throw new IOException("DuckDB could not write Parquet: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(jsonl);
        }
    }

    private static List<ExportRow> readParquet(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException("no such file: " + file);
        }
        List<ExportRow> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT to_json(messages) AS messages, "
                        + String.join(", ", PROVENANCE_COLUMNS) + " FROM read_parquet(" + literal(file) + ")")) {
            long row = 0;
            while (result.next()) {
                row++;
                String where = file + ": row " + row + ": ";
                List<ChatMessage> messages;
                try {
                    messages = messages(Json.MAPPER.readTree(result.getString("messages")), where);
                } catch (JsonProcessingException e) {
                    throw new InputException(where + "field 'messages': " + e.getOriginalMessage(), e);
                }
                double score = result.getDouble("score");
                Double scoreOrNull = result.wasNull() ? null : score;
                rows.add(new ExportRow(messages, result.getString("task_id"), result.getString("source"), result.getString("sample_key"),
                        result.getString("teacher_model"), result.getString("verifier"), scoreOrNull, result.getString("run")));
            }
        } catch (SQLException e) {
            throw new InputException("cannot read " + file + " as Parquet with the export's columns: " + e.getMessage(), e);
        }
        return rows;
    }

    private static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }
}

package dev.distill4j.curate.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.Json;
import dev.distill4j.core.io.InputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFilesTest {
    @TempDir
    Path folder;

    private static final List<ExportRow> ROWS = List.of(
            new ExportRow(List.of(ChatMessage.system("Be terse."), ChatMessage.user("What is 17 * 3?"), ChatMessage.assistant("17 * 3 = 51\nAnswer: 51")),
                    "arith-1", "teacher-verified", "sample-key-1", "teacher-arith", "integer", 1.0, "demo"),
            new ExportRow(List.of(ChatMessage.user("Quote: \"it's\" — naïve café ✓ 🚀\ttab"), ChatMessage.assistant("{\"total\": 12.5}")),
                    "extract-7", "teacher-verified", "sample-key-2", "gpt-4o-mini", "json-fields{fields={total=number}}", 0.75, "demo"),
            new ExportRow(List.of(ChatMessage.user("Expert?"), ChatMessage.assistant("")), "arith-2", "expert", null, null, null, null, "demo"));

    @Test
    void should_read_back_hugging_face_jsonl_identically() {
        Path file = folder.resolve("train.hf.jsonl");
        assertThat(DatasetFiles.write(file, ExportFormat.HF_JSONL, ROWS)).isEqualTo(3);
        assertThat(DatasetFiles.read(file, ExportFormat.HF_JSONL)).isEqualTo(ROWS);
    }

    @Test
    void should_write_chat_jsonl_with_messages_only_and_read_the_conversations_back() throws Exception {
        Path file = folder.resolve("train.chat.jsonl");
        DatasetFiles.write(file, ExportFormat.CHAT_JSONL, ROWS);

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        JsonNode first = Json.MAPPER.readTree(lines.get(0));
        List<String> keys = new ArrayList<>();
        first.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("messages");
        assertThat(first.get("messages").get(2).get("role").asText()).isEqualTo("assistant");
        assertThat(first.get("messages").get(2).get("content").asText()).isEqualTo("17 * 3 = 51\nAnswer: 51");
        assertThat(DatasetFiles.read(file, ExportFormat.CHAT_JSONL)).extracting(ExportRow::messages)
                .containsExactlyElementsOf(ROWS.stream().map(ExportRow::messages).toList());
    }

    @Test
    void should_read_back_parquet_identically_through_duckdbs_own_reader() throws Exception {
        Path file = folder.resolve("train.parquet");
        DatasetFiles.write(file, ExportFormat.PARQUET, ROWS);

        assertThat(DatasetFiles.read(file, ExportFormat.PARQUET)).isEqualTo(ROWS);
        // The file's schema and one value, asked of read_parquet directly.
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            List<String> columns = new ArrayList<>();
            try (ResultSet schema = statement.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
                while (schema.next()) {
                    columns.add(schema.getString("column_name") + " " + schema.getString("column_type"));
                }
            }
            assertThat(columns).containsExactly("messages STRUCT(\"role\" VARCHAR, \"content\" VARCHAR)[]", "task_id VARCHAR",
                    "source VARCHAR", "sample_key VARCHAR", "teacher_model VARCHAR", "verifier VARCHAR", "score DOUBLE", "run VARCHAR");
            try (ResultSet value = statement.executeQuery(
                    "SELECT messages[2].content, score FROM read_parquet('" + file + "') WHERE task_id = 'extract-7'")) {
                assertThat(value.next()).isTrue();
                assertThat(value.getString(1)).isEqualTo("{\"total\": 12.5}");
                assertThat(value.getDouble(2)).isEqualTo(0.75);
            }
        }
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("train.parquet");
        }
    }

    @Test
    void should_write_the_hugging_face_line_format_byte_for_byte() throws Exception {
        // Written by hand from the format's description: messages first, then the provenance columns in order, nulls kept.
        Path file = folder.resolve("golden.jsonl");
        DatasetFiles.write(file, ExportFormat.HF_JSONL, List.of(new ExportRow(List.of(ChatMessage.user("2+2?"), ChatMessage.assistant("Answer: 4")),
                "t1", "expert", null, null, null, null, "r")));
        assertThat(Files.readString(file)).isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"},"
                + "{\"role\":\"assistant\",\"content\":\"Answer: 4\"}],\"task_id\":\"t1\",\"source\":\"expert\","
                + "\"sample_key\":null,\"teacher_model\":null,\"verifier\":null,\"score\":null,\"run\":\"r\"}\n");
    }

    @Test
    void should_write_an_empty_dataset_as_an_empty_file_that_reads_back_empty() {
        for (ExportFormat format : ExportFormat.values()) {
            Path file = folder.resolve("empty." + format.wireName());
            assertThat(DatasetFiles.write(file, format, List.of())).isZero();
            assertThat(DatasetFiles.read(file, format)).isEmpty();
        }
    }

    @Test
    void should_name_file_line_and_field_of_a_bad_row() throws Exception {
        Path file = folder.resolve("bad.jsonl");
        Files.writeString(file, "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}\n{\"messages\": [{\"role\": \"robot\", \"content\": \"x\"}]}\n");
        assertThatThrownBy(() -> DatasetFiles.read(file, ExportFormat.CHAT_JSONL)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(file + ":2: field 'messages[0].role': expected one of");
        Files.writeString(file, "{\"messages\": [], \"score\": 1, \"extra\": 2}\n");
        assertThatThrownBy(() -> DatasetFiles.read(file, ExportFormat.HF_JSONL)).hasMessageStartingWith(file + ":1: field 'extra'");
    }

    @Test
    void should_name_the_formats_it_knows() {
        assertThat(ExportFormat.parse("hf-jsonl")).isEqualTo(ExportFormat.HF_JSONL);
        assertThatThrownBy(() -> ExportFormat.parse("csv")).hasMessage("field 'format': expected one of [chat-jsonl, hf-jsonl, parquet], got 'csv'");
    }
}

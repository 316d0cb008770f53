package dev.distill4j.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.core.Provenance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableTransferTest {
    @TempDir
    Path dir;

    private final Provenance writer = new Provenance("source-run", "abc", 3, "v-source");

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "parquet"})
    @SuppressWarnings("unchecked")
    void should_round_trip_every_table_with_its_provenance(String format) throws Exception {
        Path exported = dir.resolve("exported");
        try (RunStore store = RunStore.open(dir.resolve("a"), writer)) {
            RunStoreTest.putAll(store);
            for (String table : store.tableNames()) {
                Path file = exported.resolve(table + "." + format);
                long written = format.equals("jsonl") ? store.table(table).exportJsonl(file) : store.table(table).exportParquet(file);
                assertThat(written).as(table).isEqualTo(12);
            }
        }
        try (RunStore source = RunStore.open(dir.resolve("a"), writer);
                RunStore target = RunStore.open(dir.resolve("b"), new Provenance("other-run", "zzz", 9, "v-target"))) {
            for (String table : target.tableNames()) {
                Path file = exported.resolve(table + "." + format);
                Table<?> into = target.table(table);
                long imported = format.equals("jsonl") ? into.importJsonl(file) : into.importParquet(file);
                assertThat(imported).as(table).isEqualTo(12);
                assertThat((List<Object>) List.copyOf(into.all())).as(table).containsExactlyElementsOf(List.copyOf(source.table(table).all()));
                // Importing again changes nothing: keys are already stored.
                assertThat(format.equals("jsonl") ? into.importJsonl(file) : into.importParquet(file)).isZero();
            }
        }
        assertThat(provenanceOf(dir.resolve("b"), "samples")).isEqualTo("source-run/abc/3/v-source");
    }

    @Test
    void should_write_json_columns_as_nested_json_one_object_per_line() throws Exception {
        Path file = dir.resolve("tasks.jsonl");
        try (RunStore store = RunStore.open(dir.resolve("a"), writer)) {
            store.tasks().put(StoreFixtures.task(4));
            store.tasks().exportJsonl(file);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0))
                .startsWith("{\"key\":\"custom:t4\",\"family\":\"custom\",\"split\":\"train\",\"messages\":[{\"role\":\"system\"")
                .contains("\"verifier\":{\"rel_tol\":1.0E-6,\"type\":\"number\"}")
                .contains("\"run\":\"source-run\"");
    }

    @Test
    void should_be_readable_by_duckdbs_own_parquet_reader() throws Exception {
        Path file = dir.resolve("samples.parquet");
        try (RunStore store = RunStore.open(dir.resolve("a"), writer)) {
            RunStoreTest.putAll(store);
            store.samples().exportParquet(file);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*), sum(completion_tokens) FROM read_parquet('" + file + "')")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(12);
            assertThat(rows.getLong(2)).isEqualTo(12 * 3 + (11 * 12) / 2); // completion_tokens = 3 + i for i in 0..11
        }
        assertThat(Files.list(dir)).noneMatch(p -> p.getFileName().toString().endsWith(".partial"));
    }

    @Test
    void should_name_file_line_and_field_of_a_bad_row_and_store_nothing() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        String good = "{\"key\":\"v1\",\"sample_key\":\"s1\",\"task_id\":\"t\",\"verifier\":\"integer\",\"pass\":true,\"score\":1.0,\"reason\":\"match\"}";
        String badType = "{\"key\":\"v2\",\"sample_key\":\"s2\",\"task_id\":\"t\",\"verifier\":\"integer\",\"pass\":\"yes\",\"score\":1.0,\"reason\":\"\"}";
        Files.writeString(file, good + "\n\n" + badType + "\n");
        try (RunStore store = RunStore.open(dir.resolve("a"), writer)) {
            assertThatThrownBy(() -> store.verdicts().importJsonl(file))
                    .hasMessageContaining(file + ":3: field 'pass'").hasMessageContaining("expected true or false, got string \"yes\"");
            assertThat(store.verdicts().count()).isZero();
        }
    }

    @Test
    void should_reject_unknown_fields_missing_fields_and_out_of_range_values() throws Exception {
        try (RunStore store = RunStore.open(dir.resolve("a"), writer)) {
            Path unknown = dir.resolve("unknown.jsonl");
            Files.writeString(unknown, "{\"key\":\"v1\",\"sampel_key\":\"s1\"}\n");
            assertThatThrownBy(() -> store.verdicts().importJsonl(unknown))
                    .hasMessageContaining(unknown + ":1: field 'sampel_key'").hasMessageContaining("did you mean 'sample_key'");

            Path missing = dir.resolve("missing.jsonl");
            Files.writeString(missing, "{\"key\":\"v1\",\"sample_key\":\"s1\",\"task_id\":\"t\",\"verifier\":\"integer\",\"score\":1.0,\"reason\":\"\"}\n");
            assertThatThrownBy(() -> store.verdicts().importJsonl(missing)).hasMessageContaining(missing + ":1: missing field 'pass'");

            Path range = dir.resolve("range.jsonl");
            Files.writeString(range, "{\"key\":\"v1\",\"sample_key\":\"s1\",\"task_id\":\"t\",\"verifier\":\"integer\",\"pass\":true,\"score\":1.5,\"reason\":\"\"}\n");
            assertThatThrownBy(() -> store.verdicts().importJsonl(range))
                    .hasMessageContaining(range + ":1: field 'score': expected a number in [0, 1], got 1.5");

            Path notJson = dir.resolve("broken.jsonl");
            Files.writeString(notJson, "{\"key\": \"v1\",\n");
            assertThatThrownBy(() -> store.verdicts().importJsonl(notJson)).hasMessageContaining(notJson + ":1: not valid JSON");
            assertThat(store.verdicts().count()).isZero();
        }
    }

    private static String provenanceOf(Path runDir, String table) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + runDir.resolve("run.duckdb"));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT DISTINCT run || '/' || config_hash || '/' || seed || '/' || code_version FROM " + table)) {
            rows.next();
            String value = rows.getString(1);
            assertThat(rows.next()).isFalse();
            return value;
        }
    }
}

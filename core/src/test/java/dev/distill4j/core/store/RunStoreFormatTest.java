package dev.distill4j.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distill4j.core.Provenance;
import dev.distill4j.core.TeacherBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden format test: the tables documented in docs/run-store.md (the on-disk contract other tools read)
 * must be exactly the tables a real store file has. A change to a table fails here until the document and
 * {@link RunStore#FORMAT_VERSION} are updated with it.
 */
class RunStoreFormatTest {
    @TempDir
    Path dir;

    @Test
    void should_have_exactly_the_documented_tables_and_columns() throws Exception {
        Map<String, List<String>> documented = documentedTables();
        assertThat(documented).containsOnlyKeys("tasks", "requests", "batches", "samples", "verdicts", "judge_replies", "unjudged",
                "examples", "evals", "train_rounds");
        try (RunStore store = RunStore.open(dir, Provenance.adHoc("format", 1))) {
            assertThat(store.formatVersion()).isEqualTo(1);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("run.duckdb"));
                Statement statement = connection.createStatement()) {
            for (Map.Entry<String, List<String>> table : documented.entrySet()) {
                List<String> actual = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery("DESCRIBE " + table.getKey())) {
                    while (rows.next()) {
                        actual.add(rows.getString("column_name") + " " + rows.getString("column_type")
                                + (rows.getString("null").equals("YES") ? "?" : ""));
                    }
                }
                List<String> expected = new ArrayList<>(table.getValue());
                expected.addAll(List.of("run VARCHAR", "config_hash VARCHAR", "seed BIGINT", "code_version VARCHAR", "created_at TIMESTAMP"));
                assertThat(actual).as(table.getKey()).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void should_add_the_batches_table_to_a_store_written_before_it_keeping_every_row() throws Exception {
        try (RunStore store = RunStore.open(dir, Provenance.adHoc("format", 1))) {
            store.samples().put(StoreFixtures.sample(1));
        }
        // A format-1 store as distill4j wrote it before the batch API: no batches table.
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("run.duckdb"));
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE batches");
        }
        com.fasterxml.jackson.databind.node.ObjectNode requests = dev.distill4j.core.Json.MAPPER.createObjectNode();
        requests.putObject("req-key").put("task_id", "custom:t1").put("first_index", 0).putArray("sample_keys").add("s1");
        TeacherBatch uploaded = TeacherBatch.of("sub-1", TeacherBatch.UPLOADED, "local", "file-1", null, requests,
                dev.distill4j.core.Json.MAPPER.createObjectNode().put("uploaded_at", 1700000000));
        try (RunStore store = RunStore.open(dir, Provenance.adHoc("format", 1))) {
            assertThat(store.formatVersion()).isEqualTo(1);
            assertThat(store.samples().get(StoreFixtures.sample(1).key())).contains(StoreFixtures.sample(1));
            assertThat(store.batches().count()).isZero();
            assertThat(store.batches().put(uploaded)).isTrue();
            assertThat(store.batches().put(uploaded)).as("the same step twice is stored once").isFalse();
        }
        try (RunStore store = RunStore.open(dir, Provenance.adHoc("format", 1))) {
            assertThat(store.batches().all()).containsExactly(uploaded);
        }
    }

    private static Map<String, List<String>> documentedTables() throws Exception {
        Path doc = Path.of("..", "docs", "run-store.md");
        Map<String, List<String>> tables = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("| table | columns |")) {
                inTable = true;
                continue;
            }
            if (inTable && line.startsWith("|---")) {
                continue;
            }
            if (inTable && line.startsWith("| ")) {
                String[] cells = line.split("\\|");
                tables.put(cells[1].trim(), List.of(cells[2].trim().split(",\\s*")));
            } else if (inTable) {
                break;
            }
        }
        return tables;
    }
}

package dev.distill4j.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.core.Provenance;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
    @TempDir
    Path dir;

    private final Provenance provenance = new Provenance("unit", "cafe01", 7, "test-version");

    @Test
    void should_store_the_same_sample_once_when_written_twice() {
        try (RunStore store = RunStore.open(dir, provenance)) {
            Sample first = StoreFixtures.sample(1);
            assertThat(store.samples().put(first)).isTrue();
            assertThat(store.samples().put(first)).isFalse();
            // Same key, different content: the first write wins, so a resumed stage never replaces paid-for data.
            Sample sameKey = new Sample(first.key(), "other", first.taskId(), 0, "m", "different text", "length", 1, 1, null);
            assertThat(store.samples().put(List.of(sameKey, first))).isZero();
            assertThat(store.samples().count()).isEqualTo(1);
            assertThat(store.samples().get(first.key())).contains(first);
        }
    }

    @Test
    void should_count_only_new_rows_in_a_batch_with_repeats() {
        try (RunStore store = RunStore.open(dir, provenance)) {
            assertThat(store.tasks().put(List.of(StoreFixtures.task(1), StoreFixtures.task(2)))).isEqualTo(2);
            assertThat(store.tasks().put(List.of(StoreFixtures.task(2), StoreFixtures.task(3), StoreFixtures.task(3)))).isEqualTo(1);
            assertThat(store.tasks().count()).isEqualTo(3);
            assertThat(store.tasks().presentKeys(List.of("custom:t1", "custom:t3", "custom:t9"))).containsExactlyInAnyOrder("custom:t1", "custom:t3");
        }
    }

    @Test
    void should_read_back_every_table_exactly_as_written_after_reopening() {
        try (RunStore store = RunStore.open(dir, provenance)) {
            putAll(store);
        }
        try (RunStore store = RunStore.open(dir, provenance)) {
            assertThat(store.tasks().all()).containsExactlyElementsOf(sortedRecords(StoreFixtures::task, Task::id));
            assertThat(store.samples().all()).containsExactlyInAnyOrderElementsOf(records(StoreFixtures::sample));
            assertThat(store.requests().all()).containsExactlyInAnyOrderElementsOf(records(StoreFixtures::request));
            assertThat(store.batches().all()).containsExactlyInAnyOrderElementsOf(records(StoreFixtures::batch));
            assertThat(store.verdicts().all()).containsExactlyInAnyOrderElementsOf(records(StoreFixtures::verdict));
            assertThat(store.examples().all()).containsExactlyInAnyOrderElementsOf(records(StoreFixtures::example));
            assertThat(store.evals().all()).containsExactlyInAnyOrderElementsOf(records(StoreFixtures::eval));
            assertThat(store.trainRounds().all()).containsExactlyInAnyOrderElementsOf(records(StoreFixtures::trainRound));
            assertThat(store.samples().where("task_id", "custom:t2")).extracting(Sample::key).containsExactly("s10", "s11", "s8", "s9");
        }
    }

    @Test
    void should_stamp_every_row_with_provenance() throws Exception {
        try (RunStore store = RunStore.open(dir, provenance)) {
            putAll(store);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("run.duckdb"));
                Statement statement = connection.createStatement()) {
            for (String table : List.of("tasks", "requests", "batches", "samples", "verdicts", "examples", "evals", "train_rounds")) {
                try (ResultSet rows = statement.executeQuery("SELECT DISTINCT run, config_hash, seed, code_version, created_at IS NOT NULL FROM " + table)) {
                    assertThat(rows.next()).as(table).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("unit");
                    assertThat(rows.getString(2)).isEqualTo("cafe01");
                    assertThat(rows.getLong(3)).isEqualTo(7);
                    assertThat(rows.getString(4)).isEqualTo("test-version");
                    assertThat(rows.getBoolean(5)).isTrue();
                    assertThat(rows.next()).as(table + " has one provenance").isFalse();
                }
            }
        }
    }

    @Test
    void should_store_nothing_from_a_batch_with_one_bad_row() {
        try (RunStore store = RunStore.open(dir, provenance)) {
            store.tasks().put(StoreFixtures.task(1));
            // The JSON column holds a value that cannot be cast to JSON text: the whole batch must roll back.
            assertThatThrownBy(() -> store.tasks().insertRows(List.of(
                    row(store.tasks(), "custom:t2", "{\"ok\": true}"), row(store.tasks(), "custom:t3", "{not json"))))
                    .isInstanceOf(StoreException.class).hasMessageContaining("none stored");
            assertThat(store.tasks().count()).isEqualTo(1);
            assertThat(store.tasks().put(StoreFixtures.task(2))).isTrue();
        }
    }

    @Test
    void should_refuse_a_store_written_by_a_newer_format() throws Exception {
        try (RunStore store = RunStore.open(dir, provenance)) {
            assertThat(store.formatVersion()).isEqualTo(RunStore.FORMAT_VERSION);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("run.duckdb"));
                Statement statement = connection.createStatement()) {
            statement.execute("UPDATE store_meta SET value = '99' WHERE name = 'format_version'");
        }
        assertThatThrownBy(() -> RunStore.open(dir, provenance))
                .isInstanceOf(StoreException.class).hasMessageContaining("newer distill4j").hasMessageContaining("format 99");
    }

    @Test
    void should_name_the_known_tables_for_an_unknown_one() {
        try (RunStore store = RunStore.open(dir, provenance)) {
            assertThatThrownBy(() -> store.table("sampels")).hasMessageContaining("did you mean 'samples'");
            assertThat(store.tableNames()).containsExactly("tasks", "requests", "batches", "samples", "verdicts", "judge_replies", "unjudged",
                    "examples", "evals", "train_rounds");
        }
    }

    @Test
    void should_create_the_run_folder_when_missing() {
        Path nested = dir.resolve("runs").resolve("demo");
        try (RunStore store = RunStore.open(nested, provenance)) {
            assertThat(store.file()).isEqualTo(nested.resolve("run.duckdb"));
        }
        assertThat(Files.isRegularFile(nested.resolve("run.duckdb"))).isTrue();
    }

    static void putAll(RunStore store) {
        store.tasks().put(records(StoreFixtures::task));
        store.samples().put(records(StoreFixtures::sample));
        store.requests().put(records(StoreFixtures::request));
        store.batches().put(records(StoreFixtures::batch));
        store.verdicts().put(records(StoreFixtures::verdict));
        store.judgeReplies().put(records(StoreFixtures::judgeReply));
        store.unjudged().put(records(StoreFixtures::unjudged));
        store.examples().put(records(StoreFixtures::example));
        store.evals().put(records(StoreFixtures::eval));
        store.trainRounds().put(records(StoreFixtures::trainRound));
    }

    static <T> List<T> records(IntFunction<T> maker) {
        return IntStream.range(0, 12).mapToObj(maker).toList();
    }

    private static <T> List<T> sortedRecords(IntFunction<T> maker, java.util.function.Function<T, String> key) {
        return records(maker).stream().sorted(java.util.Comparator.comparing(key)).toList();
    }

    private static Object[] row(Table<Task> table, String key, String metadataJson) {
        Object[] values = table.schema().values(StoreFixtures.task(2));
        Object[] row = new Object[table.schema().columns().size()];
        System.arraycopy(values, 0, row, 0, values.length);
        row[0] = key;
        row[7] = metadataJson;
        row[8] = "unit";
        row[9] = "";
        row[10] = 1L;
        row[11] = "v";
        row[12] = java.time.LocalDateTime.now();
        return row;
    }

    @Test
    void should_page_through_a_table_in_key_order_while_writing_another() {
        try (RunStore store = RunStore.open(dir, provenance)) {
            List<Sample> samples = IntStream.range(0, 30).mapToObj(StoreFixtures::sample).toList();
            store.samples().put(samples);
            List<Integer> sizes = new java.util.ArrayList<>();
            List<Sample> seen = new java.util.ArrayList<>();
            store.samples().forEachPage(7, page -> {
                sizes.add(page.size());
                seen.addAll(page);
                // Writing while paging: no query of the store is open between pages.
                store.verdicts().put(page.stream().map(s -> new dev.distill4j.core.Verdict("v-" + s.key(), s.key(), s.taskId(), "integer",
                        true, 1.0, "match", null)).toList());
            });
            assertThat(sizes).containsExactly(7, 7, 7, 7, 2);
            assertThat(seen).isEqualTo(store.samples().all());
            assertThat(store.verdicts().count()).isEqualTo(30);

            List<Integer> exact = new java.util.ArrayList<>();
            store.samples().forEachPage(10, page -> exact.add(page.size()));
            assertThat(exact).containsExactly(10, 10, 10);
            assertThatThrownBy(() -> store.samples().forEachPage(0, page -> {})).hasMessageContaining("at least one");
        }
    }

    @Test
    void should_read_just_the_stored_records_among_the_keys_asked_for() {
        try (RunStore store = RunStore.open(dir, provenance)) {
            store.samples().put(List.of(StoreFixtures.sample(1), StoreFixtures.sample(2), StoreFixtures.sample(3)));
            assertThat(store.samples().withKeys(List.of("s3", "s1", "nope")))
                    .containsOnlyKeys("s1", "s3")
                    .containsEntry("s1", StoreFixtures.sample(1))
                    .containsEntry("s3", StoreFixtures.sample(3));
            assertThat(store.samples().withKeys(List.of())).isEmpty();
        }
    }
}

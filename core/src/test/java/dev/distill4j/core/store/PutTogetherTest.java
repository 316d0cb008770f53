package dev.distill4j.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.core.Provenance;
import dev.distill4j.core.Sample;
import dev.distill4j.core.TeacherRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An answer's samples and its request row are stored together, once. */
class PutTogetherTest {
    @TempDir
    Path dir;

    @Test
    void should_store_both_batches_and_count_only_new_records_of_the_first() {
        Sample a = new Sample("s-a", "r-1", "t", 0, "m", "one", "stop", 7, 3, null);
        Sample b = new Sample("s-b", "r-1", "t", 1, "m", "two", "stop", 0, 3, null);
        TeacherRequest request = new TeacherRequest("r-1", "local", "m", null, "ok", 1, 7, 6, 0.5, 12, null);
        try (RunStore store = RunStore.open(dir, Provenance.adHoc("together", 1))) {
            assertThat(store.putTogether(store.samples(), List.of(a, b), store.requests(), List.of(request))).isEqualTo(2);
            assertThat(store.putTogether(store.samples(), List.of(a, b), store.requests(), List.of(request))).isZero();

            assertThat(store.samples().count()).isEqualTo(2);
            assertThat(store.requests().get("r-1")).contains(request);
        }
    }

    @Test
    void should_store_neither_batch_when_the_second_fails() {
        Sample a = new Sample("s-a", "r-1", "t", 0, "m", "one", "stop", 7, 3, null);
        try (RunStore store = RunStore.open(dir, Provenance.adHoc("together", 1))) {
            // A raw "{oops" is not JSON: DuckDB refuses the body when it casts it, inside the transaction, after the sample went in.
            TeacherRequest broken = new TeacherRequest("r-1", "local", "m", new com.fasterxml.jackson.databind.node.POJONode(new com.fasterxml.jackson.databind.util.RawValue("{oops")),
                    "ok", 1, 7, 3, 0.5, 12, null);
            assertThatThrownBy(() -> store.putTogether(store.samples(), List.of(a), store.requests(), List.of(broken)))
                    .isInstanceOf(StoreException.class).hasMessageContaining("none stored");

            assertThat(store.samples().count()).isZero();
            assertThat(store.requests().count()).isZero();
        }
    }

    @Test
    void should_replace_a_tables_content_whole_or_not_at_all() {
        try (RunStore store = RunStore.open(dir, Provenance.adHoc("replace", 1))) {
            store.examples().put(List.of(StoreFixtures.example(1), StoreFixtures.example(2)));
            assertThat(store.examples().replaceAll(List.of(StoreFixtures.example(2), StoreFixtures.example(3)))).isEqualTo(2);
            assertThat(store.examples().all()).containsExactlyInAnyOrder(StoreFixtures.example(2), StoreFixtures.example(3));

            Sample a = new Sample("s-a", "r-1", "t", 0, "m", "one", "stop", 7, 3, null);
            store.samples().put(a);
            Sample broken = new Sample("s-b", "r-1", "t", 0, "m", "two", "stop", 7, 3,
                    new com.fasterxml.jackson.databind.node.POJONode(new com.fasterxml.jackson.databind.util.RawValue("{oops")));
            assertThatThrownBy(() -> store.samples().replaceAll(List.of(broken))).isInstanceOf(StoreException.class)
                    .hasMessageContaining("the old rows stay");
            assertThat(store.samples().all()).containsExactly(a);
        }
    }
}

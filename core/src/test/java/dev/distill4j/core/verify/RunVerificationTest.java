package dev.distill4j.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.Judgement;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.Verdict;
import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.store.StoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunVerificationTest {
    @TempDir
    Path dir;

    private final Provenance provenance = new Provenance("verify", "cafe02", 1, "test-version");

    /** Passes a completion equal to the reference; throws on "boom" (a verifier that breaks its contract). */
    private static final class ExactProvider implements VerifierProvider {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String type() {
            return "same";
        }

        @Override
        public Set<String> options() {
            return Set.of();
        }

        @Override
        public String description() {
            return "completion equals the reference";
        }

        @Override
        public Verifier create(VerifierSpec spec) {
            return (task, completion) -> {
                calls.incrementAndGet();
                if (completion.equals("boom")) {
                    throw new IllegalStateException("cannot read boom");
                }
                return completion.equals(task.reference()) ? Judgement.pass(completion) : Judgement.fail("expected " + task.reference(), completion);
            };
        }
    }

    private static Task task(String id, String family) {
        return new Task(id, family, Split.TRAIN, List.of(ChatMessage.user("question " + id)), "right", null, VerifierSpec.of("same", Map.of()),
                Map.of());
    }

    private static Sample sample(String taskId, int index, String model, String completion) {
        return new Sample(taskId + "/" + index, null, taskId, index, model, completion, "stop", 1, 1, null);
    }

    /**
     * t1 (family a): 4 samples, 1 right. t2 (a): 4 samples, all right. t3 (b): 2 samples, none right, one of them
     * breaks the verifier. t4 (b): no sample. Teacher m1 wrote t1 and t3, m2 wrote t2.
     */
    private static List<Sample> samples() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            samples.add(sample("t1", i, "m1", i == 2 ? "right" : "wrong " + i));
            samples.add(sample("t2", i, "m2", "right"));
        }
        samples.add(sample("t3", 0, "m1", "wrong"));
        samples.add(sample("t3", 1, "m1", "boom"));
        return samples;
    }

    @Test
    void should_judge_every_sample_and_sum_up_by_family_teacher_and_task() {
        ExactProvider provider = new ExactProvider();
        Verifiers verifiers = new Verifiers(List.of(provider));
        try (RunStore store = RunStore.open(dir, provenance)) {
            store.tasks().put(List.of(task("t1", "a"), task("t2", "a"), task("t3", "b"), task("t4", "b")));
            store.samples().put(samples());
            List<long[]> progress = new ArrayList<>();
            RunVerification.Report report = RunVerification.run(store, verifiers, (done, total) -> progress.add(new long[] {done, total}));

            assertThat(report.samples()).isEqualTo(10);
            assertThat(report.judgedNow()).isEqualTo(10);
            assertThat(report.verifierErrors()).isEqualTo(1);
            assertThat(report.overall()).isEqualTo(new AnswerGrading.PassRate(10, 5));
            assertThat(report.byFamily()).containsExactly(Map.entry("a", new AnswerGrading.PassRate(8, 5)),
                    Map.entry("b", new AnswerGrading.PassRate(2, 0)));
            assertThat(report.byTeacher()).containsExactly(Map.entry("m1", new AnswerGrading.PassRate(6, 1)),
                    Map.entry("m2", new AnswerGrading.PassRate(4, 4)));
            assertThat(report.perTask()).containsExactly(new RunVerification.TaskPasses("t1", "a", 4, 1),
                    new RunVerification.TaskPasses("t2", "a", 4, 4), new RunVerification.TaskPasses("t3", "b", 2, 0));
            assertThat(report.unsampled()).isEqualTo(1);
            // The fewest samples of a sampled task is 2 (t3): pass@1 and pass@2.
            assertThat(report.ks()).containsExactly(1, 2);
            assertThat(report.meanPassAt(1)).isCloseTo((0.25 + 1 + 0) / 3, within(1e-12));
            assertThat(report.meanPassAt(2)).isCloseTo((0.5 + 1 + 0) / 3, within(1e-12)); // t1: 1 - C(3,2)/C(4,2)
            assertThat(progress).isNotEmpty();
            assertThat(progress.get(progress.size() - 1)).containsExactly(10, 10);

            assertThat(store.verdicts().count()).isEqualTo(10);
            Verdict broken = store.verdicts().withKeys(List.of(Verdict.keyOf("t3/1", VerifierSpec.of("same", Map.of())))).values().iterator().next();
            assertThat(broken.pass()).isFalse();
            assertThat(broken.reason()).contains("verifier error").contains("cannot read boom");
        }
    }

    @Test
    void should_judge_only_new_samples_when_run_again() {
        ExactProvider provider = new ExactProvider();
        Verifiers verifiers = new Verifiers(List.of(provider));
        try (RunStore store = RunStore.open(dir, provenance)) {
            store.tasks().put(List.of(task("t1", "a"), task("t2", "a"), task("t3", "b")));
            store.samples().put(samples());
            RunVerification.Report first = RunVerification.run(store, verifiers, (done, total) -> {});
            int callsAfterFirst = provider.calls.get();

            RunVerification.Report again = RunVerification.run(store, verifiers, (done, total) -> {});
            assertThat(provider.calls.get()).isEqualTo(callsAfterFirst);
            assertThat(again.judgedNow()).isZero();
            assertThat(again.overall()).isEqualTo(first.overall());
            assertThat(again.perTask()).isEqualTo(first.perTask());

            store.samples().put(sample("t3", 2, "m2", "right"));
            RunVerification.Report third = RunVerification.run(store, verifiers, (done, total) -> {});
            assertThat(third.judgedNow()).isEqualTo(1);
            assertThat(third.overall()).isEqualTo(new AnswerGrading.PassRate(11, 6));
            assertThat(third.byTeacher().get("m2")).isEqualTo(new AnswerGrading.PassRate(5, 5));
        }
    }

    @Test
    void should_page_through_more_samples_than_a_page() {
        Verifiers verifiers = new Verifiers(List.of(new ExactProvider()));
        int count = RunVerification.PAGE * 2 + 17;
        try (RunStore store = RunStore.open(dir, provenance)) {
            store.tasks().put(task("t1", "a"));
            List<Sample> many = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                many.add(sample("t1", i, "m1", i % 3 == 0 ? "right" : "wrong"));
            }
            store.samples().put(many);
            List<Long> pages = new ArrayList<>();
            RunVerification.Report report = RunVerification.run(store, verifiers, (done, total) -> pages.add(done));
            assertThat(pages).containsExactly((long) RunVerification.PAGE, 2L * RunVerification.PAGE, (long) count);
            assertThat(report.overall()).isEqualTo(new AnswerGrading.PassRate(count, (count + 2) / 3));
            assertThat(store.verdicts().count()).isEqualTo(count);
        }
    }

    @Test
    void should_name_a_sample_whose_task_is_missing() {
        Verifiers verifiers = new Verifiers(List.of(new ExactProvider()));
        try (RunStore store = RunStore.open(dir, provenance)) {
            store.tasks().put(task("t1", "a"));
            store.samples().put(List.of(sample("t1", 0, "m1", "right"), sample("gone", 0, "m1", "right")));
            assertThatThrownBy(() -> RunVerification.run(store, verifiers, (done, total) -> {}))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("gone/0").hasMessageContaining("no task 'gone'").hasMessageContaining("run.duckdb");
        }
    }
}

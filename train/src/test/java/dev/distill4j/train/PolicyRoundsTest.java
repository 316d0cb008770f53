package dev.distill4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.distill4j.core.Task;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.model.LocalModel;
import dev.distill4j.model.ModelConfig;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.model.decoder.DecoderWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy modes' rounds: GRPO's groups and its no-signal report, on-policy distillation, resuming. */
class PolicyRoundsTest {
    static final Path TEACHER = RejectionSamplingTest.TEACHER;

    static PolicyRounds.Settings settings(PolicyRounds.Mode mode, int rounds, int prompts, int group, double temperature, double beta) {
        return new PolicyRounds.Settings(mode, rounds, prompts, group, 1, temperature, 120, 0.2, 0.28, beta, true,
                SftSettings.builder().learningRate(1e-3).build());
    }

    @Test
    void should_report_no_signal_and_leave_the_weights_alone_when_nothing_passes() {
        try (LocalModel teacher = LocalModel.load(TEACHER);
                NDManager manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
                Decoder fresh = freshModel(teacher, manager)) {
            Map<String, float[]> before = fresh.weights().toArrays();
            List<PolicyRounds.Round> seen = new ArrayList<>();
            PolicyRounds.Result result = PolicyRounds.run(fresh, null, teacher.tokenizer(), teacher.template(), RejectionSamplingTest.prompts(4),
                    Verifiers.discover(), null, settings(PolicyRounds.Mode.GRPO, 2, 4, 4, 1.0, 0), 1, null, "x", new PolicyRounds.Listener() {
                        @Override
                        public void onRound(PolicyRounds.Round round) {
                            seen.add(round);
                        }
                    });
            assertThat(result.rounds()).hasSize(2).isEqualTo(seen);
            assertThat(result.anySignal()).isFalse();
            for (PolicyRounds.Round round : result.rounds()) {
                assertThat(round.samples()).isEqualTo(16);
                assertThat(round.passRate()).isZero();
                assertThat(round.zeroVarianceGroups()).isEqualTo(4);
                assertThat(round.trainedSequences()).isZero();
                assertThat(round.noSignal()).contains("pass rate 0");
                assertThat(round.loss()).isNaN();
            }
            Map<String, float[]> after = fresh.weights().toArrays();
            before.forEach((name, values) -> assertThat(after.get(name)).as(name).containsExactly(values));
        }
    }

    @Test
    void should_train_on_the_groups_with_a_spread_and_measure_the_drift_from_the_reference() {
        try (LocalModel student = LocalModel.load(TEACHER); LocalModel reference = LocalModel.load(TEACHER)) {
            // Sampled hot, the teacher gets some answers wrong: groups with a spread to learn from.
            PolicyRounds.Result result = PolicyRounds.run(student.decoder(), reference.decoder(), student.tokenizer(), student.template(),
                    RejectionSamplingTest.prompts(8), Verifiers.discover(), null, settings(PolicyRounds.Mode.GRPO, 2, 8, 4, 2.0, 0.04), 3, null, "x",
                    new PolicyRounds.Listener() {});
            PolicyRounds.Round first = result.rounds().get(0);
            assertThat(first.samples()).isEqualTo(32);
            assertThat(first.passRate()).isStrictlyBetween(0.0, 1.0);
            int spreadGroups = 8 - first.zeroVarianceGroups();
            assertThat(spreadGroups).isPositive();
            assertThat(first.trainedSequences()).isEqualTo(4 * spreadGroups);
            assertThat(first.noSignal()).isNull();
            assertThat(first.trainingTokens()).isPositive();
            assertThat(first.meanLength()).isPositive();
            // Before any step the policy is the reference: k3 is exactly 0 at every token.
            assertThat(first.kl()).isCloseTo(0.0, within(1e-6));
            PolicyRounds.Round second = result.rounds().get(1);
            if (second.noSignal() == null || first.noSignal() == null) {
                assertThat(second.kl()).isGreaterThan(1e-7);
            }
            assertThat(result.teacherQueries()).isZero();
        }
    }

    @Test
    void should_have_zero_loss_when_distilling_a_student_into_an_identical_teacher() {
        try (LocalModel student = LocalModel.load(TEACHER); LocalModel teacher = LocalModel.load(TEACHER)) {
            Map<String, float[]> before = student.decoder().weights().toArrays();
            TeacherScorer scorer = TeacherScorer.local(teacher.decoder(), 16);
            PolicyRounds.Result result = PolicyRounds.run(student.decoder(), null, student.tokenizer(), student.template(),
                    RejectionSamplingTest.prompts(6), Verifiers.discover(), scorer, settings(PolicyRounds.Mode.ONPOLICY, 1, 6, 1, 1.0, 0), 2, null,
                    "x", new PolicyRounds.Listener() {});
            PolicyRounds.Round round = result.rounds().get(0);
            assertThat(round.teacherQueries()).isEqualTo(6);
            assertThat(round.unalignedTokens()).isZero();
            assertThat(round.trainedSequences()).isEqualTo(6);
            assertThat(round.kl()).isCloseTo(0.0, within(1e-6));
            assertThat(round.loss()).isCloseTo(0.0, within(1e-7));
            // A zero advantage at every token is a zero gradient: Adam moves nothing.
            Map<String, float[]> after = student.decoder().weights().toArrays();
            before.forEach((name, values) -> assertThat(after.get(name)).as(name).containsExactly(values));
        }
    }

    @Test
    void should_pull_a_perturbed_student_back_towards_the_teacher() {
        try (LocalModel teacher = LocalModel.load(TEACHER);
                NDManager manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
                Decoder student = perturbed(teacher, manager, 0.5, 9)) {
            PolicyRounds.Settings settings = new PolicyRounds.Settings(PolicyRounds.Mode.ONPOLICY, 24, 16, 1, 1, 1.0, 120, 0.2, 0.2, 0, true,
                    SftSettings.builder().learningRate(1e-4).build());
            PolicyRounds.Result result = PolicyRounds.run(student, null, teacher.tokenizer(), teacher.template(), RejectionSamplingTest.prompts(64),
                    Verifiers.discover(), TeacherScorer.local(teacher.decoder(), 16), settings, 4, null, "x", new PolicyRounds.Listener() {});
            // The per-round estimate is noisy (16 answers): compare the first rounds' mean with the last rounds'.
            double firstKl = result.rounds().subList(0, 4).stream().mapToDouble(PolicyRounds.Round::kl).average().orElseThrow();
            double lastKl = result.rounds().subList(20, 24).stream().mapToDouble(PolicyRounds.Round::kl).average().orElseThrow();
            assertThat(firstKl).isGreaterThan(0.05);
            assertThat(lastKl).isLessThan(firstKl * 0.5);
            // Closer to the teacher is better at the task: the verifier agrees without having been asked.
            double firstPass = result.rounds().subList(0, 4).stream().mapToDouble(PolicyRounds.Round::passRate).average().orElseThrow();
            double lastPass = result.rounds().subList(20, 24).stream().mapToDouble(PolicyRounds.Round::passRate).average().orElseThrow();
            assertThat(lastPass).isGreaterThan(firstPass + 0.15);
            assertThat(result.teacherQueries()).isEqualTo(24 * 16);
        }
    }

    /** The teacher with Gaussian noise of {@code scale} times each weight tensor's spread added: a student near it. */
    static Decoder perturbed(LocalModel teacher, NDManager manager, double scale, long seed) {
        java.util.Random random = new java.util.Random(seed);
        Map<String, float[]> weights = new java.util.LinkedHashMap<>();
        teacher.decoder().weights().toArrays().forEach((name, values) -> {
            double mean = 0;
            for (float v : values) {
                mean += v;
            }
            mean /= values.length;
            double variance = 0;
            for (float v : values) {
                variance += (v - mean) * (v - mean);
            }
            double spread = Math.sqrt(variance / values.length);
            float[] noisy = values.clone();
            for (int i = 0; i < noisy.length; i++) {
                noisy[i] += (float) (scale * spread * random.nextGaussian());
            }
            weights.put(name, noisy);
        });
        return new Decoder(DecoderWeights.fromArrays(teacher.config(), weights, manager, DataType.FLOAT32));
    }

    @Test
    void should_resume_after_the_last_saved_round_and_end_where_an_uninterrupted_run_ends(@TempDir Path dir) {
        List<Task> prompts = RejectionSamplingTest.prompts(6);
        Map<String, float[]> uninterrupted;
        List<PolicyRounds.Round> straight;
        try (LocalModel student = LocalModel.load(TEACHER); LocalModel reference = LocalModel.load(TEACHER)) {
            straight = PolicyRounds.run(student.decoder(), reference.decoder(), student.tokenizer(), student.template(), prompts, Verifiers.discover(),
                    null, settings(PolicyRounds.Mode.GRPO, 3, 3, 4, 2.0, 0.04), 5, null, "x", new PolicyRounds.Listener() {}).rounds();
            uninterrupted = student.decoder().weights().toArrays();
        }
        try (LocalModel student = LocalModel.load(TEACHER); LocalModel reference = LocalModel.load(TEACHER)) {
            PolicyRounds.run(student.decoder(), reference.decoder(), student.tokenizer(), student.template(), prompts, Verifiers.discover(), null,
                    settings(PolicyRounds.Mode.GRPO, 2, 3, 4, 2.0, 0.04), 5, dir, "job", new PolicyRounds.Listener() {});
        }
        try (LocalModel student = LocalModel.load(TEACHER); LocalModel reference = LocalModel.load(TEACHER)) {
            int[] resumed = {-1};
            PolicyRounds.Result result = PolicyRounds.run(student.decoder(), reference.decoder(), student.tokenizer(), student.template(), prompts,
                    Verifiers.discover(), null, settings(PolicyRounds.Mode.GRPO, 3, 3, 4, 2.0, 0.04), 5, dir, "job", new PolicyRounds.Listener() {
                        @Override
                        public void onResume(int completedRounds) {
                            resumed[0] = completedRounds;
                        }
                    });
            assertThat(resumed[0]).isEqualTo(2);
            assertThat(result.resumedAfter()).isEqualTo(2);
            assertThat(result.rounds()).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(result.rounds().get(i).passRate()).isEqualTo(straight.get(i).passRate());
                assertThat(result.rounds().get(i).trainedSequences()).isEqualTo(straight.get(i).trainedSequences());
            }
            Map<String, float[]> after = student.decoder().weights().toArrays();
            uninterrupted.forEach((name, values) -> assertThat(after.get(name)).as(name).containsExactly(values));
        }
    }

    static Decoder freshModel(LocalModel teacher, NDManager manager) {
        ModelConfig config = teacher.config();
        ModelConfig small = ModelConfig.llama(config.vocabSize(), 32, 64, 1, 2, 1, config.maxPositionEmbeddings());
        return new Decoder(DecoderWeights.initialise(small, 1, manager, DataType.FLOAT32));
    }
}

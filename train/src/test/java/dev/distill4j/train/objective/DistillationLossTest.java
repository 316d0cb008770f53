package dev.distill4j.train.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistillationLossTest {
    private static final int B = 2;
    private static final int T = 3;
    private static final int V = 7;
    private static final int K = 3;

    @Test
    void should_equal_the_cross_entropy_when_the_teacher_is_certain_of_the_target() {
        Problem problem = Problem.random(new SplittableRandom(1));
        for (int position = 0; position < B * T; position++) {
            problem.ids[position * K] = problem.targets[position];
            problem.teacherLogprobs[position * K] = 0; // p = 1: no mass left for the bucket
            problem.present[position * K] = 1;
            problem.present[position * K + 1] = 0;
            problem.present[position * K + 2] = 0;
        }
        double crossEntropy = 0; // sum over masked positions of -log softmax(logits)[target], by hand
        for (int position = 0; position < B * T; position++) {
            if (problem.mask[position] == 1) {
                crossEntropy -= logSoftmax(problem.logits, position)[(int) problem.targets[position]];
            }
        }
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (double alpha : new double[] {0, 0.3, 1}) {
                assertThat(problem.topK(manager, DataType.FLOAT64, alpha).getDouble()).as("alpha %s", alpha)
                        .isCloseTo(crossEntropy, within(1e-12));
            }
        }
    }

    @Test
    void should_match_a_naive_loop_with_masked_positions_missing_alternatives_and_a_repeated_id() {
        Problem problem = Problem.random(new SplittableRandom(2));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (double alpha : new double[] {0, 0.25, 1}) {
                double expected = problem.reference(problem.logits, alpha);
                assertThat(problem.topK(manager, DataType.FLOAT64, alpha).getDouble()).as("alpha %s", alpha)
                        .isCloseTo(expected, within(1e-12));
                // The training dtype: the same loss to float32 precision.
                assertThat(problem.topK(manager, DataType.FLOAT32, alpha).getFloat()).as("float32, alpha %s", alpha)
                        .isCloseTo((float) expected, within(1e-5f * (float) Math.abs(expected)));
            }
        }
        // The fixture covers what it claims to: the naive sum would differ if any of these were ignored.
        assertThat(problem.mask).contains(0.0);
        assertThat(problem.present).contains(0.0);
        assertThat(problem.ids[2 * K]).isEqualTo(problem.ids[2 * K + 1]);
    }

    @Test
    void should_keep_the_students_bucket_accurate_in_float32_when_its_top_k_hold_nearly_all_its_mass() {
        // Student logits 20, 19, 18 on the teacher's ids and 0 on the 4 others: its mass outside the top-k is
        // 4 / (e^20 + e^19 + e^18 + 4) = 5.5e-9, below float32's resolution next to 1, so 1 - sum q would give 0 or
        // 6e-8 instead. The teacher leaves r = 0.1 for the bucket, which weighs log(5.5e-9) = -19.0 in the loss.
        Problem problem = Problem.random(new SplittableRandom(6));
        for (int position = 0; position < B * T; position++) {
            for (int v = 0; v < V; v++) {
                problem.logits[position * V + v] = 0;
            }
            for (int k = 0; k < K; k++) {
                problem.ids[position * K + k] = k + 2;
                problem.logits[position * V + k + 2] = 20 - k;
                problem.teacherLogprobs[position * K + k] = Math.log(0.3);
                problem.present[position * K + k] = 1;
            }
        }
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            double expected = problem.reference(problem.logits, 0);
            assertThat(problem.topK(manager, DataType.FLOAT32, 0).getFloat()).isCloseTo((float) expected, within(1e-5f * (float) Math.abs(expected)));
        }
    }

    @Test
    void should_have_the_gradient_of_a_central_finite_difference_of_the_naive_loss() {
        Problem problem = Problem.random(new SplittableRandom(3));
        double alpha = 0.3;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray logits = manager.create(problem.logits, new Shape(B, T, V));
            logits.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                collector.backward(DistillationLoss.topK(logits, problem.targets(manager), problem.mask(manager, DataType.FLOAT64),
                        problem.ids(manager), problem.teacherLogprobs(manager, DataType.FLOAT64), problem.present(manager, DataType.FLOAT64), alpha));
            }
            double[] gradient = logits.getGradient().toDoubleArray();
            double h = 1e-5;
            for (int i = 0; i < gradient.length; i++) {
                double[] plus = problem.logits.clone();
                double[] minus = problem.logits.clone();
                plus[i] += h;
                minus[i] -= h;
                double numeric = (problem.reference(plus, alpha) - problem.reference(minus, alpha)) / (2 * h);
                assertThat(gradient[i]).as("d loss / d logits[%d]", i).isCloseTo(numeric, within(1e-8 + 1e-6 * Math.abs(numeric)));
            }
            // Masked positions (row 0, position 1 and row 1, position 2) get no gradient at all.
            for (int v = 0; v < V; v++) {
                assertThat(gradient[V + v]).isZero();
                assertThat(gradient[(T + 2) * V + v]).isZero();
            }
        }
    }

    @Test
    void should_equal_the_full_vocabulary_loss_when_the_top_k_is_the_whole_vocabulary() {
        SplittableRandom random = new SplittableRandom(4);
        Problem problem = Problem.random(random);
        double[] teacherLogits = gaussians(random, B * T * V, 2.0);
        long[] ids = new long[B * T * V];
        double[] logprobs = new double[B * T * V];
        double[] present = new double[B * T * V];
        for (int position = 0; position < B * T; position++) {
            double[] teacher = logSoftmax(teacherLogits, position);
            int[] order = permutation(random, V); // the provider's order is its own; the loss must not care
            for (int k = 0; k < V; k++) {
                ids[position * V + k] = order[k];
                logprobs[position * V + k] = teacher[order[k]];
                present[position * V + k] = 1;
            }
        }
        double alpha = 0.4;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Shape all = new Shape(B, T, V);
            NDArray logits = manager.create(problem.logits, all);
            NDArray targets = problem.targets(manager);
            NDArray mask = problem.mask(manager, DataType.FLOAT64);
            double topK = DistillationLoss.topK(logits, targets, mask, manager.create(ids, all), manager.create(logprobs, all),
                    manager.create(present, all), alpha).getDouble();
            double full = DistillationLoss.fullVocabulary(logits, manager.create(teacherLogits, all), targets, mask, alpha).getDouble();
            assertThat(topK).isCloseTo(full, within(1e-12));

            double expected = 0; // the full-vocabulary loss by hand: alpha CE + (1 - alpha) sum_v p (log p - log q)
            for (int position = 0; position < B * T; position++) {
                if (problem.mask[position] == 0) {
                    continue;
                }
                double[] p = logSoftmax(teacherLogits, position);
                double[] q = logSoftmax(problem.logits, position);
                double kl = 0;
                for (int v = 0; v < V; v++) {
                    kl += Math.exp(p[v]) * (p[v] - q[v]);
                }
                expected += alpha * -q[(int) problem.targets[position]] + (1 - alpha) * kl;
            }
            assertThat(full).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void should_refuse_a_present_id_outside_the_vocabulary_and_an_alpha_outside_0_1() {
        Problem problem = Problem.random(new SplittableRandom(5));
        problem.ids[0] = V;
        problem.present[0] = 1;
        problem.mask[0] = 1;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            assertThatThrownBy(() -> problem.topK(manager, DataType.FLOAT64, 0.5)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("vocabulary [0, 7)");
            problem.ids[0] = 0;
            assertThatThrownBy(() -> problem.topK(manager, DataType.FLOAT64, 1.5)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("alpha");
        }
    }

    /** A (2, 3, 7) student and a teacher's top-3, with the awkward cases a provider's answers bring. */
    private static final class Problem {
        final double[] logits;
        final long[] targets;
        final double[] mask;
        final long[] ids;
        final double[] teacherLogprobs;
        final double[] present;

        private Problem(double[] logits, long[] targets, double[] mask, long[] ids, double[] teacherLogprobs, double[] present) {
            this.logits = logits;
            this.targets = targets;
            this.mask = mask;
            this.ids = ids;
            this.teacherLogprobs = teacherLogprobs;
            this.present = present;
        }

        static Problem random(SplittableRandom random) {
            double[] logits = gaussians(random, B * T * V, 1.5);
            long[] targets = new long[B * T];
            double[] mask = {1, 0, 1, 1, 1, 0}; // row 0 position 1 and row 1 position 2 are padding
            long[] ids = new long[B * T * K];
            double[] logprobs = new double[B * T * K];
            double[] present = new double[B * T * K];
            for (int position = 0; position < B * T; position++) {
                targets[position] = random.nextInt(V);
                double[] teacher = logSoftmax(gaussians(random, V, 2.0), 0);
                int[] order = permutation(random, V);
                for (int k = 0; k < K; k++) {
                    ids[position * K + k] = order[k];
                    logprobs[position * K + k] = teacher[order[k]];
                    present[position * K + k] = 1;
                }
            }
            // Position 2 (row 0): the provider repeats its first alternative; it must count once.
            ids[2 * K + 1] = ids[2 * K];
            logprobs[2 * K + 1] = logprobs[2 * K];
            // Position 3 (row 1): only two alternatives; the third slot is padding with nonsense in it.
            present[3 * K + 2] = 0;
            ids[3 * K + 2] = -1;
            logprobs[3 * K + 2] = Double.NaN;
            // Position 4 (row 1): no alternative at all, so the whole teacher mass sits in the bucket.
            for (int k = 0; k < K; k++) {
                present[4 * K + k] = 0;
                ids[4 * K + k] = -1;
                logprobs[4 * K + k] = Double.NaN;
            }
            // Position 5 (row 1) is masked and holds nonsense although its alternatives are marked present.
            for (int k = 0; k < K; k++) {
                ids[5 * K + k] = -1;
                logprobs[5 * K + k] = Double.NaN;
            }
            return new Problem(logits, targets, mask, ids, logprobs, present);
        }

        /** The loss by definition, in double precision, one position at a time, with 1 - sum q taken literally. */
        double reference(double[] studentLogits, double alpha) {
            double total = 0;
            for (int position = 0; position < B * T; position++) {
                if (mask[position] == 0) {
                    continue;
                }
                double[] logQ = logSoftmax(studentLogits, position);
                double crossEntropy = -logQ[(int) targets[position]];
                Set<Long> seen = new HashSet<>();
                double kl = 0;
                double teacherMass = 0;
                double studentMass = 0;
                for (int k = 0; k < K; k++) {
                    int slot = position * K + k;
                    if (present[slot] == 0 || !seen.add(ids[slot])) {
                        continue;
                    }
                    double p = Math.exp(teacherLogprobs[slot]);
                    kl += p * (teacherLogprobs[slot] - logQ[(int) ids[slot]]);
                    teacherMass += p;
                    studentMass += Math.exp(logQ[(int) ids[slot]]);
                }
                double rest = Math.max(0, 1 - teacherMass);
                if (rest > 0) {
                    kl += rest * (Math.log(rest) - Math.log(Math.max(1 - studentMass, 1e-12)));
                }
                total += alpha * crossEntropy + (1 - alpha) * kl;
            }
            return total;
        }

        NDArray topK(NDManager manager, DataType dtype, double alpha) {
            NDArray logits = manager.create(this.logits, new Shape(B, T, V)).toType(dtype, false);
            return DistillationLoss.topK(logits, targets(manager), mask(manager, dtype), ids(manager), teacherLogprobs(manager, dtype),
                    present(manager, dtype), alpha);
        }

        NDArray targets(NDManager manager) {
            return manager.create(targets, new Shape(B, T));
        }

        NDArray mask(NDManager manager, DataType dtype) {
            return manager.create(mask, new Shape(B, T)).toType(dtype, false);
        }

        NDArray ids(NDManager manager) {
            return manager.create(ids, new Shape(B, T, K));
        }

        NDArray teacherLogprobs(NDManager manager, DataType dtype) {
            return manager.create(teacherLogprobs, new Shape(B, T, K)).toType(dtype, false);
        }

        NDArray present(NDManager manager, DataType dtype) {
            return manager.create(present, new Shape(B, T, K)).toType(dtype, false);
        }
    }

    /** log softmax of the V values of one position of a flat (..., V) array. */
    static double[] logSoftmax(double[] values, int position) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < V; v++) {
            max = Math.max(max, values[position * V + v]);
        }
        double sum = 0;
        for (int v = 0; v < V; v++) {
            sum += Math.exp(values[position * V + v] - max);
        }
        double[] out = new double[V];
        for (int v = 0; v < V; v++) {
            out[v] = values[position * V + v] - max - Math.log(sum);
        }
        return out;
    }

    static double[] gaussians(SplittableRandom random, int n, double scale) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller keeps the fixture independent of java.util.Random's nextGaussian.
            out[i] = scale * Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        }
        return out;
    }

    static int[] permutation(SplittableRandom random, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = out[i];
            out[i] = out[j];
            out[j] = swap;
        }
        return out;
    }
}

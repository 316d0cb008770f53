package dev.distill4j.train.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class PolicyLossTest {
    private static final double OLD = -1.0;

    @Test
    void should_clip_only_the_terms_worked_out_by_hand() {
        // Two sequences of two tokens and a padding slot; eps 0.2 on both sides.
        //   seq 0, A = +1: ratio 1.5 -> min(1.5 * 1, 1.2 * 1) = 1.2     clipped (A > 0, ratio above 1.2)
        //                  ratio 0.5 -> min(0.5 * 1, 0.8 * 1) = 0.5     not clipped: a worse token is not protected
        //   seq 1, A = -1: ratio 0.5 -> min(-0.5, -0.8)        = -0.8    clipped (A < 0, ratio below 0.8)
        //                  ratio 1.5 -> min(-1.5, -1.2)        = -1.5    not clipped: the pessimistic bound keeps it
        // sum = 1.2 + 0.5 - 0.8 - 1.5 = -0.6 over 4 tokens: loss = 0.15, clipped fraction 2 / 4.
        // With epsilonHigh 0.28 (DAPO's clip-higher) the first term is 1.28: sum -0.52, loss 0.13.
        // The padding slot holds an old logprob of -1000, whose ratio would overflow: it must count nowhere.
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray logprobs = logprobs(manager, new double[][] {{1.5, 0.5, 1}, {0.5, 1.5, 1}});
            NDArray old = manager.create(new double[] {OLD, OLD, -1000, OLD, OLD, -1000}, new Shape(2, 3));
            NDArray advantages = manager.create(new double[] {1, -1});
            NDArray mask = manager.create(new double[] {1, 1, 0, 1, 1, 0}, new Shape(2, 3));

            PolicyLoss.Result symmetric = PolicyLoss.clipped(logprobs, old, advantages, mask, 0.2, 0.2, null, 0);
            assertThat(symmetric.loss().getDouble()).isCloseTo(0.15, within(1e-12));
            assertThat(symmetric.clippedFraction()).isEqualTo(0.5);
            assertThat(symmetric.tokens()).isEqualTo(4);
            assertThat(symmetric.meanKl()).isZero();

            PolicyLoss.Result clipHigher = PolicyLoss.clipped(logprobs, old, advantages, mask, 0.2, 0.28, null, 0);
            assertThat(clipHigher.loss().getDouble()).isCloseTo(0.13, within(1e-12));
        }
    }

    @Test
    void should_be_minus_the_token_mean_advantage_at_ratio_1_without_kl() {
        // Sequences of 2, 1 and 3 completion tokens with advantages 0.5, -1 and 2:
        // token mean = (2 * 0.5 + 1 * -1 + 3 * 2) / 6 = 1, so the loss is -1.
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray logprobs = manager.create(new double[] {-0.3, -2.0, -0.1, -1.2, -0.7, -0.9, -0.4, -3.0, -0.2}, new Shape(3, 3));
            NDArray mask = manager.create(new double[] {1, 1, 0, 1, 0, 0, 1, 1, 1}, new Shape(3, 3));
            NDArray advantages = manager.create(new double[] {0.5, -1, 2});
            PolicyLoss.Result result = PolicyLoss.clipped(logprobs, logprobs.duplicate(), advantages, mask, 0.2, 0.2, null, 0);
            assertThat(result.loss().getDouble()).isCloseTo(-1.0, within(1e-12));
            assertThat(result.clippedFraction()).isZero();

            // Per-token advantages that repeat each sequence's value are the same objective.
            NDArray perToken = manager.create(new double[] {0.5, 0.5, 0.5, -1, -1, -1, 2, 2, 2}, new Shape(3, 3));
            assertThat(PolicyLoss.clipped(logprobs, logprobs.duplicate(), perToken, mask, 0.2, 0.2, null, 0).loss().getDouble())
                    .isCloseTo(-1.0, within(1e-12));
        }
    }

    @Test
    void should_add_no_kl_when_the_reference_equals_the_policy_and_k3_when_it_does_not() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray logprobs = logprobs(manager, new double[][] {{1.1, 0.9}});
            NDArray old = manager.create(new double[] {OLD, OLD}, new Shape(1, 2));
            NDArray advantages = manager.create(new double[] {0.7});
            NDArray mask = manager.create(new double[] {1, 1}, new Shape(1, 2));
            double withoutKl = PolicyLoss.clipped(logprobs, old, advantages, mask, 0.2, 0.2, null, 0).loss().getDouble();

            PolicyLoss.Result same = PolicyLoss.clipped(logprobs, old, advantages, mask, 0.2, 0.2, logprobs.duplicate(), 0.5);
            assertThat(same.meanKl()).isZero();
            assertThat(same.loss().getDouble()).isCloseTo(withoutKl, within(1e-15));

            // ref - new = ln 2 at both tokens: k3 = 2 - ln 2 - 1 = 1 - ln 2 = 0.30685...
            PolicyLoss.Result apart = PolicyLoss.clipped(logprobs, old, advantages, mask, 0.2, 0.2, logprobs.add(Math.log(2)), 0.5);
            assertThat(apart.meanKl()).isCloseTo(1 - Math.log(2), within(1e-12));
            assertThat(apart.loss().getDouble()).isCloseTo(withoutKl + 0.5 * (1 - Math.log(2)), within(1e-12));
        }
    }

    @Test
    void should_lower_the_loss_when_a_good_token_inside_the_clip_range_gets_likelier() {
        // Token 0: A > 0, ratio 1.05, inside [0.8, 1.2]: raising its logprob must lower the loss, with the gradient
        // of a central finite difference. Token 1: A > 0, ratio 1.5, clipped: no gradient from the surrogate.
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            double[] values = {OLD + Math.log(1.05), OLD + Math.log(1.5)};
            NDArray old = manager.create(new double[] {OLD, OLD}, new Shape(1, 2));
            NDArray advantages = manager.create(new double[] {0.8});
            NDArray mask = manager.create(new double[] {1, 1}, new Shape(1, 2));
            NDArray reference = manager.create(new double[] {-1.2, -0.6}, new Shape(1, 2));
            for (double beta : new double[] {0, 0.1}) {
                NDArray logprobs = manager.create(values, new Shape(1, 2));
                logprobs.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    collector.backward(PolicyLoss.clipped(logprobs, old, advantages, mask, 0.2, 0.2, reference, beta).loss());
                }
                double[] gradient = logprobs.getGradient().toDoubleArray();
                double h = 1e-6;
                for (int i = 0; i < 2; i++) {
                    double[] plus = values.clone();
                    double[] minus = values.clone();
                    plus[i] += h;
                    minus[i] -= h;
                    double numeric = (loss(manager, plus, old, advantages, mask, reference, beta)
                            - loss(manager, minus, old, advantages, mask, reference, beta)) / (2 * h);
                    assertThat(gradient[i]).as("beta %s, token %d", beta, i).isCloseTo(numeric, within(1e-8));
                }
                if (beta == 0) {
                    assertThat(gradient[0]).isCloseTo(-1.05 * 0.8 / 2, within(1e-12)); // d/dlp of -(ratio * A) / 2
                    assertThat(gradient[1]).isZero();
                }
                assertThat(gradient[0]).isNegative();
            }
        }
    }

    @Test
    void should_refuse_a_kl_weight_without_a_reference() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray logprobs = manager.create(new double[] {-1, -2}, new Shape(1, 2));
            NDArray mask = manager.create(new double[] {1, 1}, new Shape(1, 2));
            assertThatThrownBy(() -> PolicyLoss.clipped(logprobs, logprobs, manager.create(new double[] {1}), mask, 0.2, 0.2, null, 0.04))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no reference logprobs");
            assertThatThrownBy(() -> PolicyLoss.clipped(logprobs, logprobs, manager.create(new double[] {1, 2}), mask, 0.2, 0.2, null, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("advantages must be (batch) or (batch, len)");
        }
    }

    private static double loss(NDManager manager, double[] values, NDArray old, NDArray advantages, NDArray mask, NDArray reference,
            double beta) {
        NDArray logprobs = manager.create(values, new Shape(1, values.length));
        return PolicyLoss.clipped(logprobs, old, advantages, mask, 0.2, 0.2, reference, beta).loss().getDouble();
    }

    /** New logprobs whose ratios to {@link #OLD} are the given ones. */
    private static NDArray logprobs(NDManager manager, double[][] ratios) {
        double[] flat = new double[ratios.length * ratios[0].length];
        for (int b = 0; b < ratios.length; b++) {
            for (int t = 0; t < ratios[b].length; t++) {
                flat[b * ratios[b].length + t] = OLD + Math.log(ratios[b][t]);
            }
        }
        return manager.create(flat, new Shape(ratios.length, ratios[0].length));
    }
}

package dev.distill4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizerTest {
    @Test
    void should_take_the_adamw_steps_worked_out_by_hand() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch"); AdamW adam = new AdamW(0.9, 0.99, 1e-8, 0.1, manager)) {
            NDArray w = manager.create(new float[] {1.0f, -2.0f});
            NDArray g = manager.create(new float[] {0.5f, 0.25f});
            NDArray bias = manager.create(new float[] {3.0f});
            w.setRequiresGradient(true);
            bias.setRequiresGradient(true);
            Map<String, NDArray> parameters = new LinkedHashMap<>();
            parameters.put("layer.weight", w);
            parameters.put("layer.bias", bias);
            setGradient(w, g);
            setGradient(bias, manager.create(new float[] {-1.0f}));
            adam.step(parameters, 0.01);
            // Step 1: m̂ = g, v̂ = g², so the Adam part is sign(g) * |g|/(|g|+eps) ≈ ±1.
            // weight: 1.0 - 0.01 * (1 + 0.1 * 1.0) = 0.989 ; -2.0 - 0.01 * (1 + 0.1 * -2.0) = -2.008
            // bias (no decay): 3.0 - 0.01 * (-1) = 3.01
            assertThat(w.toFloatArray()).containsExactly(new float[] {0.989f, -2.008f}, within(1e-6f));
            assertThat(bias.toFloatArray()).containsExactly(new float[] {3.01f}, within(1e-6f));
            assertThat(w.getGradient().toFloatArray()).containsExactly(0f, 0f);

            // Step 2 with gradient (0.5, 0.25) again: m = 0.9*m + 0.1*g = g, v = g² too; bias corrections
            // 1-0.9² = 0.19 and 1-0.99² = 0.0199 leave m̂ = g/0.19*0.19... = g, v̂ = g², so again ±1 plus decay.
            setGradient(w, g);
            setGradient(bias, manager.create(new float[] {0f}));
            adam.step(parameters, 0.01);
            double w0 = 0.989 - 0.01 * (1 + 0.1 * 0.989);
            double w1 = -2.008 - 0.01 * (1 + 0.1 * -2.008);
            assertThat(w.toFloatArray()).containsExactly(new float[] {(float) w0, (float) w1}, within(1e-6f));
            assertThat(adam.steps()).isEqualTo(2);
        }
    }

    @Test
    void should_warm_up_linearly_then_decay_along_a_cosine() {
        LearningRateSchedule schedule = new LearningRateSchedule(1.0, 10, 110, 0.1);
        assertThat(schedule.at(1)).isCloseTo(0.1, within(1e-12));
        assertThat(schedule.at(5)).isCloseTo(0.5, within(1e-12));
        assertThat(schedule.at(10)).isCloseTo(1.0, within(1e-12));
        // Half-way through the decay: cos(pi/2) = 0, so 0.1 + 0.9 * 0.5 = 0.55.
        assertThat(schedule.at(60)).isCloseTo(0.55, within(1e-12));
        assertThat(schedule.at(110)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void should_clip_the_global_gradient_norm() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray a = manager.create(new float[] {3f});
            NDArray b = manager.create(new float[] {4f, 0f});
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            setGradient(a, manager.create(new float[] {3f}));
            setGradient(b, manager.create(new float[] {4f, 0f}));
            double norm = SftTrainer.clipGradients(Map.of("a", a, "b", b), 1.0);
            assertThat(norm).isCloseTo(5.0, within(1e-6));
            assertThat(a.getGradient().toFloatArray()[0]).isCloseTo(0.6f, within(1e-5f));
            assertThat(b.getGradient().toFloatArray()[0]).isCloseTo(0.8f, within(1e-5f));
        }
    }

    @Test
    void should_report_an_infinite_norm_without_scaling_and_zero_such_gradients_exactly() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray a = manager.create(new float[] {1f, 2f});
            a.setRequiresGradient(true);
            setGradient(a, manager.create(new float[] {Float.POSITIVE_INFINITY, 3f}));
            assertThat(SftTrainer.clipGradients(Map.of("a", a), 1.0)).isInfinite();
            assertThat(a.getGradient().toFloatArray()).containsExactly(Float.POSITIVE_INFINITY, 3f);
            SftTrainer.zeroGradients(Map.of("a", a));
            assertThat(a.getGradient().toFloatArray()).containsExactly(0f, 0f);
        }
    }

    /** Gives a parameter exactly the gradient g, through autograd: d/dw sum(w * g) = g. */
    private static void setGradient(NDArray parameter, NDArray g) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(parameter.mul(g).sum());
        }
    }
}

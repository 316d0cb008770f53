package dev.distill4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tensor-by-number arithmetic whose gradients survive a garbage collection between forward and backward. */
class ScalarsTest {
    private static final float[] X = {0.25f, 1f, 2f, 4f};
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
    }

    @AfterAll
    static void release() {
        manager.close();
    }

    /** d(sum(op(x)))/dx, with the Java memory churned between the forward and the backward pass. */
    private static float[] gradientAfterChurn(UnaryOperator<NDArray> op) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(X);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray loss = op.apply(x).sum();
                List<ByteBuffer> refills = JavaMemoryChurn.run();
                collector.backward(loss);
                assertThat(refills).isNotEmpty();
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    void should_keep_the_gradient_of_a_product_and_a_quotient_by_a_number() {
        assertThat(gradientAfterChurn(x -> Scalars.mul(x, 3))).containsExactly(3f, 3f, 3f, 3f);
        assertThat(gradientAfterChurn(x -> Scalars.div(x, 4))).containsExactly(0.25f, 0.25f, 0.25f, 0.25f);
    }

    @Test
    void should_keep_the_gradient_of_a_power() {
        // d(x^-0.5)/dx = -0.5 x^-1.5: at 0.25, 1, 2, 4 that is -4, -0.5, -0.5/2^1.5, -1/16.
        float[] gradient = gradientAfterChurn(x -> Scalars.pow(x, -0.5));
        assertThat(gradient[0]).isEqualTo(-4f);
        assertThat(gradient[1]).isEqualTo(-0.5f);
        assertThat((double) gradient[2]).isCloseTo(-0.5 / Math.pow(2, 1.5), within(1e-6));
        assertThat(gradient[3]).isEqualTo(-1f / 16);
    }

    @Test
    void should_pass_the_gradient_only_where_the_bound_does_not_hold() {
        assertThat(gradientAfterChurn(x -> Scalars.maximum(x, 1.5))).containsExactly(0f, 0f, 1f, 1f);
        assertThat(gradientAfterChurn(x -> Scalars.minimum(x, 1.5))).containsExactly(1f, 1f, 0f, 0f);
    }

    @Test
    void should_make_the_number_a_tensor_of_no_dimensions_and_the_type_of_the_other_operand() {
        NDArray wide = Scalars.of(manager.create(new double[] {1}), 0.1);
        assertThat(wide.getShape().dimension()).isZero();
        assertThat(wide.getDataType()).isEqualTo(DataType.FLOAT64);
        assertThat(wide.getDouble()).isEqualTo(0.1);
        NDArray narrow = Scalars.of(manager.create(new float[] {1}), 0.1);
        assertThat(narrow.getDataType()).isEqualTo(DataType.FLOAT32);
        assertThat(narrow.getFloat()).isEqualTo(0.1f);
    }
}

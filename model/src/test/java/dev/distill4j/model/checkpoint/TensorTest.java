package dev.distill4j.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void should_reject_data_whose_length_is_not_the_product_of_the_shape() {
        assertThatThrownBy(() -> Tensor.of("w", new float[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tensor 'w': field 'data': expected 6 values for shape [2, 3], got 5");
        assertThatThrownBy(() -> Tensor.of("w", new float[0], 2, -1))
                .hasMessage("field 'shape': expected dimensions >= 0, got [2, -1]");
    }

    @Test
    void should_treat_the_empty_shape_as_a_scalar_and_a_zero_dimension_as_empty() {
        assertThat(Tensor.of("s", new float[] {3f}).shape()).isEmpty();
        assertThat(Tensor.of("e", new float[0], 4, 0).shape()).containsExactly(4, 0);
        assertThatThrownBy(() -> Tensor.of("s", new float[0])).hasMessageContaining("expected 1 values for shape []");
    }

    @Test
    void should_keep_its_shape_when_the_callers_array_changes() {
        long[] shape = {2, 2};
        Tensor tensor = new Tensor("w", shape, new float[4]);
        shape[0] = 4;
        tensor.shape()[1] = 1;
        assertThat(tensor.shape()).containsExactly(2, 2);
    }

    @Test
    void should_be_equal_by_content_with_nan_equal_to_nan_and_minus_zero_distinct() {
        assertThat(Tensor.of("w", new float[] {Float.NaN, 1f}, 2)).isEqualTo(Tensor.of("w", new float[] {Float.NaN, 1f}, 2))
                .hasSameHashCodeAs(Tensor.of("w", new float[] {Float.NaN, 1f}, 2));
        assertThat(Tensor.of("w", new float[] {-0f}, 1)).isNotEqualTo(Tensor.of("w", new float[] {0f}, 1));
        assertThat(Tensor.of("w", new float[] {1f, 2f}, 2)).isNotEqualTo(Tensor.of("w", new float[] {1f, 2f}, 1, 2));
        assertThat(Tensor.of("w", new float[] {1f, 2f}, 1, 2)).hasToString("w [1, 2]");
    }
}

package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OperandEnumerationTest {
    private static long[] operands(String prompt) {
        return OperandEnumeration.numbers(prompt).stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void should_score_a_grid_walked_in_order_as_an_enumeration() {
        List<long[]> stream = new ArrayList<>();
        for (int a = 10; a <= 99; a++) {
            for (int b = 10; b <= 99; b++) {
                stream.add(operands("What is " + a + " + " + b + "?"));
            }
        }
        // 8100 prompts, all distinct; every step but the 89 row wraps changes one operand by 1.
        double score = OperandEnumeration.score(stream);
        assertThat(score).isGreaterThanOrEqualTo(0.8);
        assertThat(score).isCloseTo((8099.0 - 89.0) / 8099.0, within(1e-12));
    }

    @Test
    void should_score_a_partial_walk_in_strides_as_an_enumeration() {
        List<long[]> stream = new ArrayList<>();
        for (int a = 100; a < 105; a++) {
            for (int b = 0; b < 200; b += 5) {
                stream.add(new long[] {a, b});
            }
        }
        assertThat(OperandEnumeration.score(stream)).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void should_score_scattered_operands_with_repeats_as_benign() {
        Random random = new Random(20260101L);
        List<long[]> stream = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            if (i > 0 && random.nextInt(4) == 0) {
                stream.add(stream.get(random.nextInt(stream.size())).clone()); // asking again
            } else {
                stream.add(operands("What is " + (random.nextInt(2000) - 1000) + " + " + random.nextInt(5000) + "?"));
            }
        }
        assertThat(OperandEnumeration.score(stream)).isLessThanOrEqualTo(0.2);
    }

    @Test
    void should_score_the_same_question_asked_again_and_again_as_zero() {
        List<long[]> stream = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            stream.add(new long[] {2, 2});
        }
        assertThat(OperandEnumeration.score(stream)).isZero();
    }

    @Test
    void should_score_zero_without_steps_to_see() {
        assertThat(OperandEnumeration.score(List.of())).isZero();
        assertThat(OperandEnumeration.score(List.<long[]>of(new long[] {1}))).isZero();
        assertThat(OperandEnumeration.score(List.of(new long[0], new long[0], new long[0]))).isZero();
        // A jump larger than a small step, or one across the ends of long, is not a step.
        assertThat(OperandEnumeration.score(List.of(new long[] {1}, new long[] {12}))).isZero();
        assertThat(OperandEnumeration.score(List.of(new long[] {Long.MAX_VALUE}, new long[] {Long.MIN_VALUE}))).isZero();
        assertThat(OperandEnumeration.score(List.of(new long[] {1}, new long[] {11}))).isEqualTo(1.0);
    }

    @Test
    void should_read_the_numbers_the_skeleton_masks_in_order() {
        assertThat(OperandEnumeration.numbers("What is -23 + 58, then 1,204 * 3.25?")).containsExactly(-23L, 58L, 1204L, 325L);
        assertThat(OperandEnumeration.numbers("see https://x.org/7 and \"9 lives\" and a@b9.com, not Q3")).isEmpty();
        assertThat(OperandEnumeration.numbers("huge 123456789012345678901234567890 and -99999999999999999999"))
                .containsExactly(Long.MAX_VALUE, Long.MIN_VALUE);
    }

    @Test
    void should_name_a_missing_vector() {
        List<long[]> stream = new ArrayList<>();
        stream.add(new long[] {1});
        stream.add(null);
        assertThatThrownBy(() -> OperandEnumeration.score(stream)).hasMessageContaining("operands[1]");
        assertThatThrownBy(() -> OperandEnumeration.score(null)).hasMessageContaining("operands must not be null");
    }
}

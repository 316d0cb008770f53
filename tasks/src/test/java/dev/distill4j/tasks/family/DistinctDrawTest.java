package dev.distill4j.tasks.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.core.Split;
import dev.distill4j.core.tasks.TaskRequest;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DistinctDrawTest {
    /** A space of 200 numbers, each its own canonical content. */
    private final DistinctDraw<Integer> numbers = new DistinctDraw<>("test", random -> random.nextInt(200),
            String::valueOf, String::valueOf);

    private static long evalCount() {
        return IntStream.range(0, 200).filter(i -> ContentSplit.of("test", String.valueOf(i)) == Split.EVAL).count();
    }

    @Test
    void should_collect_the_whole_split_of_a_small_space_without_repeats() {
        int n = (int) evalCount();
        List<Integer> drawn = numbers.draw(TaskRequest.of(n, 3, Split.EVAL), "widen it");
        assertThat(drawn).doesNotHaveDuplicates().hasSize(n)
                .allMatch(i -> ContentSplit.of("test", String.valueOf(i)) == Split.EVAL);
    }

    @Test
    void should_fail_with_the_count_found_when_the_split_runs_out() {
        int n = (int) evalCount() + 1;
        assertThatThrownBy(() -> numbers.draw(TaskRequest.of(n, 3, Split.EVAL), "widen it"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("task family 'test' found only " + (n - 1) + " distinct eval tasks of the " + n
                        + " requested in 20000 draws: the configured problem space is too small; widen it");
    }

    @Test
    void should_treat_problems_with_one_identity_as_one() {
        // Identity by value mod 10: at most 10 distinct problems, whatever the space holds.
        DistinctDraw<Integer> byLastDigit = new DistinctDraw<>("test", random -> random.nextInt(200),
                String::valueOf, i -> String.valueOf(i % 10));
        List<Integer> drawn = byLastDigit.draw(TaskRequest.of(1, 5, Split.TRAIN), "");
        assertThat(drawn).hasSize(1);
        assertThatThrownBy(() -> byLastDigit.draw(TaskRequest.of(11, 5, Split.TRAIN), ""))
                .hasMessageContaining("found only");
    }

    @Test
    void should_return_nothing_for_zero_tasks() {
        assertThat(numbers.draw(TaskRequest.of(0, 1, Split.TRAIN), "")).isEmpty();
    }

    @Test
    void should_depend_only_on_the_request() {
        Function<Long, List<Integer>> draw = seed -> numbers.draw(TaskRequest.of(20, seed, Split.TRAIN), "");
        assertThat(draw.apply(9L)).isEqualTo(draw.apply(9L)).isNotEqualTo(draw.apply(10L));
    }
}

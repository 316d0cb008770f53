package dev.distill4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.eval.MajorityVote.Votes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MajorityVoteTest {
    private static Votes votes(String correct, String... answers) {
        return new Votes(Arrays.asList(answers), correct);
    }

    @Test
    void should_pick_the_most_frequent_answer_and_break_ties_by_first_appearance() {
        assertThat(MajorityVote.majorityAnswer(Arrays.asList("7", "8", "8"), 3)).isEqualTo("8");
        // 2-2 tie: "A" appeared first, although "B" reached two votes first.
        assertThat(MajorityVote.majorityAnswer(Arrays.asList("A", "B", "B", "A"), 4)).isEqualTo("A");
        // Only the first k count: over 2 samples "B" and "A" tie 1-1 and "B" came first.
        assertThat(MajorityVote.majorityAnswer(Arrays.asList("B", "A", "A", "A"), 2)).isEqualTo("B");
    }

    @Test
    void should_let_samples_without_an_answer_abstain() {
        assertThat(MajorityVote.majorityAnswer(Arrays.asList(null, null, "5"), 3)).isEqualTo("5");
        assertThat(MajorityVote.majorityAnswer(Arrays.asList(null, null), 2)).isNull();
    }

    @Test
    void should_count_the_tasks_whose_majority_is_correct() {
        List<Votes> tasks = List.of(
                votes("12", "12", "13", "12", "13"),   // maj@1 12 ok; maj@2 tie -> 12 ok; maj@4 2-2 tie -> 12 ok
                votes("5", "6", "5", "5", "5"),        // maj@1 6 wrong; maj@2 tie -> 6 wrong; maj@4 5 ok
                votes("x", null, null, "y", "x"),      // maj@1 none wrong; maj@2 none wrong; maj@4 y/x tie -> y wrong
                votes("9", null, "9", "8", "9"));      // maj@1 none wrong; maj@2 9 ok; maj@4 9 (two of three votes) ok

        assertThat(MajorityVote.majAtK(tasks, 1)).isEqualTo(1 / 4.0);
        assertThat(MajorityVote.majAtK(tasks, 2)).isEqualTo(2 / 4.0);
        assertThat(MajorityVote.majAtK(tasks, 4)).isEqualTo(3 / 4.0);
        assertThat(MajorityVote.majAtK(tasks, List.of(4, 1, 2))).isEqualTo(Map.of(1, 0.25, 2, 0.5, 4, 0.75));
        assertThat(MajorityVote.majAtK(tasks, List.of(4, 1, 2)).firstKey()).isEqualTo(1);
    }

    @Test
    void should_refuse_k_beyond_the_samples_and_tasks_without_a_correct_answer() {
        assertThatThrownBy(() -> MajorityVote.majAtK(List.of(votes("1", "1", "2")), 3)).hasMessageContaining("maj@3 needs 3 samples per task, task 0 has 2");
        assertThatThrownBy(() -> MajorityVote.majAtK(List.of(votes("1", "1")), 0)).hasMessageContaining("k must be in [1, 1]");
        assertThatThrownBy(() -> MajorityVote.majAtK(List.of(), 1)).hasMessageContaining("at least one task");
        assertThatThrownBy(() -> votes(null, "1")).hasMessageContaining("correct answer");
    }
}

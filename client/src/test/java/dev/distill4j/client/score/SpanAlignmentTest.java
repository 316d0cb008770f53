package dev.distill4j.client.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SpanAlignment on hand-made tokenisations of one text, "abcdef" unless said otherwise; expected values worked out by hand. */
class SpanAlignmentTest {
    @Test
    void should_give_each_student_token_the_teachers_logprob_when_both_tokenise_alike() {
        List<ScoredSpan> teacher = List.of(new ScoredSpan(0, 2, -0.5), new ScoredSpan(2, 3, -1.0), new ScoredSpan(3, 6, -2.0));

        double[] logprobs = SpanAlignment.perToken(new int[] {0, 2, 3}, new int[] {2, 3, 6}, teacher);

        assertThat(logprobs).containsExactly(-0.5, -1.0, -2.0);
    }

    @Test
    void should_sum_the_teacher_tokens_inside_one_student_token() {
        // Student: "ab" "cdef"; teacher: "ab" "c" "def". log p("cdef") = log p("c") + log p("def" | "c").
        List<ScoredSpan> teacher = List.of(new ScoredSpan(0, 2, -0.5), new ScoredSpan(2, 3, -0.25), new ScoredSpan(3, 6, -1.5));

        double[] logprobs = SpanAlignment.perToken(new int[] {0, 2}, new int[] {2, 6}, teacher);

        assertThat(logprobs).containsExactly(-0.5, -1.75);
    }

    @Test
    void should_leave_unaligned_only_the_student_tokens_a_teacher_token_straddles() {
        // Student: "ab" "cd" "ef"; teacher: "abc" "d" "ef". "abc" crosses the boundary at 2: "ab" and "cd" cannot be scored.
        List<ScoredSpan> teacher = List.of(new ScoredSpan(0, 3, -1.0), new ScoredSpan(3, 4, -2.0), new ScoredSpan(4, 6, -3.0));

        double[] logprobs = SpanAlignment.perToken(new int[] {0, 2, 4}, new int[] {2, 4, 6}, teacher);

        assertThat(logprobs[0]).isNaN();
        assertThat(logprobs[1]).isNaN();
        assertThat(logprobs[2]).isEqualTo(-3.0);
    }

    @Test
    void should_leave_unaligned_student_tokens_that_together_make_one_teacher_token() {
        // Student: "a" "b" "cdef"; teacher: "ab" "cdef". Only log p("ab") is known; its split between "a" and "b" is not.
        List<ScoredSpan> teacher = List.of(new ScoredSpan(0, 2, -0.75), new ScoredSpan(2, 6, -0.5));

        double[] logprobs = SpanAlignment.perToken(new int[] {0, 1, 2}, new int[] {1, 2, 6}, teacher);

        assertThat(logprobs[0]).isNaN();
        assertThat(logprobs[1]).isNaN();
        assertThat(logprobs[2]).isEqualTo(-0.5);
    }

    @Test
    void should_leave_unaligned_what_the_teacher_did_not_score_and_empty_tokens() {
        // The teacher scored "cd" only (the prompt "ab" is not scored; "ef" lay past what it echoed back unchanged).
        List<ScoredSpan> teacher = List.of(new ScoredSpan(2, 3, -0.5), new ScoredSpan(3, 4, -0.5));

        double[] logprobs = SpanAlignment.perToken(new int[] {0, 2, 4, 4}, new int[] {2, 4, 4, 6}, teacher);

        assertThat(logprobs[0]).isNaN();
        assertThat(logprobs[1]).isEqualTo(-1.0);
        assertThat(logprobs[2]).as("an empty student token").isNaN();
        assertThat(logprobs[3]).isNaN();
    }

    @Test
    void should_refuse_teacher_spans_out_of_order_and_mismatched_token_arrays() {
        List<ScoredSpan> backwards = List.of(new ScoredSpan(2, 4, -1.0), new ScoredSpan(0, 2, -1.0));

        assertThatThrownBy(() -> SpanAlignment.perToken(new int[] {0}, new int[] {2}, backwards))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field 'teacher'");
        assertThatThrownBy(() -> SpanAlignment.perToken(new int[] {0, 2}, new int[] {2}, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field 'token_ends'");
    }
}

package dev.distill4j.tasks.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.core.Judgement;
import dev.distill4j.core.VerifierSpec;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntegerVerifierTest extends VerifierContractTest {
    @Override
    VerifierSpec spec() {
        return VerifierSpec.of("integer");
    }

    @Override
    String reference() {
        return "4517277";
    }

    @Override
    String correctCompletion() {
        return "First 2,258,638 + 2,258,639 = 4,517,277.\nAnswer: 4517277";
    }

    @Override
    String wrongCompletion() {
        return "Answer: 4517278";
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Answer: 4,517,277", "Answer: 4 517 277", "Answer: 4_517_277", "Answer: +4517277",
            "Answer: ٤٥١٧٢٧٧", "Answer: ４５１７２７７", "Answer: **4517277**", "The answer is 4517277.",
            "#### 4517277", "so $\\boxed{4517277}$", "Answer: 04517277", "Answer: 4517277.00",
            "I computed 12 first, then the total 4517277", "Final answer: 4,517,277 (4517277)"})
    void should_accept_the_same_integer_however_it_is_written(String completion) {
        Judgement judgement = judge(completion);
        assertThat(judgement.pass()).as(judgement.reason()).isTrue();
        assertThat(judgement.extracted()).isEqualTo("4517277");
    }

    @Test
    void should_reject_two_different_numbers_on_the_answer_line_as_ambiguous() {
        Judgement judgement = judge("12", "Answer: 12 or 13");
        assertThat(judgement.pass()).isFalse();
        assertThat(judgement.reason()).contains("ambiguous").contains("12").contains("13");
    }

    @Test
    void should_take_the_last_marker_when_the_model_revises_itself() {
        assertThat(judge("13", "Answer: 12\nWait, I made an error.\nAnswer: 13").pass()).isTrue();
        assertThat(judge("12", "Answer: 12\nWait, I made an error.\nAnswer: 13").pass()).isFalse();
    }

    @Test
    void should_fall_back_to_the_last_number_when_there_is_no_marker() {
        assertThat(judge("15", "7 plus 8 makes 15").pass()).isTrue();
    }

    @Test
    void should_not_fall_back_to_earlier_numbers_when_the_answer_line_has_none() {
        Judgement judgement = judge("15", "7 plus 8 makes 15\nAnswer: fifteen");
        assertThat(judgement.pass()).isFalse();
        assertThat(judgement.reason()).contains("no number");
    }

    @Test
    void should_compare_signs_and_treat_minus_zero_as_zero() {
        assertThat(judge("-12", "Answer: -12").pass()).isTrue();
        assertThat(judge("-12", "Answer: −12").pass()).isTrue();
        assertThat(judge("-12", "Answer: 12").pass()).isFalse();
        assertThat(judge("0", "Answer: -0").pass()).isTrue();
    }

    @Test
    void should_reject_a_non_integer_answer() {
        Judgement judgement = judge("3", "Answer: 3.5");
        assertThat(judgement.pass()).isFalse();
        assertThat(judgement.reason()).contains("not an integer");
    }

    @Test
    void should_judge_a_million_digit_answer_exactly() {
        String reference = "7" + "3".repeat(999_999);
        assertThat(judge(reference, "Answer: " + reference).pass()).isTrue();
        String offByOne = new BigInteger("7" + "3".repeat(999)).add(BigInteger.ONE).toString();
        // The same million digits but for the last one.
        String differentTail = "7" + "3".repeat(999_998) + "4";
        Judgement judgement = judge(reference, "Answer: " + differentTail);
        assertThat(judgement.pass()).isFalse();
        assertThat(judgement.extracted()).hasSizeLessThan(AnswerText.CLIP + 40);
        assertThat(judge("7" + "3".repeat(999), "Answer: " + offByOne).pass()).isFalse();
    }

    @Test
    void should_take_only_the_last_number_when_asked_to() {
        VerifierSpec lastNumber = VerifierSpec.of("integer", Map.of("extract", "last_number"));
        assertThat(verifier(lastNumber).verify(task("9", lastNumber), "Answer: 3\nno, 9").pass()).isTrue();
    }

    @Test
    void should_read_the_whole_completion_when_asked_to() {
        VerifierSpec whole = VerifierSpec.of("integer", Map.of("extract", "whole"));
        assertThat(verifier(whole).verify(task("9", whole), " 9 ").pass()).isTrue();
        assertThat(verifier(whole).verify(task("9", whole), "3 then 9").pass()).isFalse();
    }

    @Test
    void should_fail_on_a_reference_that_is_not_an_integer() {
        assertThat(judge("abc", "Answer: 1").reason()).contains("reference is not an integer");
    }

    @Test
    void should_reject_an_unknown_extract_mode_with_a_suggestion() {
        assertThatThrownBy(() -> verifier(VerifierSpec.of("integer", Map.of("extract", "last_numbr"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'extract'")
                .hasMessageContaining("did you mean 'last_number'?");
    }
}

package dev.distill4j.tasks.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distill4j.core.Judgement;
import dev.distill4j.core.VerifierSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExactVerifierTest extends VerifierContractTest {
    @Override
    VerifierSpec spec() {
        return VerifierSpec.of("exact");
    }

    @Override
    String reference() {
        return "New York";
    }

    @Override
    String correctCompletion() {
        return "The largest US city.\nAnswer: New York";
    }

    @Override
    String wrongCompletion() {
        return "Answer: new york";
    }

    @ParameterizedTest
    @ValueSource(strings = {"Answer:   New    York  ", "Answer: **New York**", "Answer: New York.",
            "Answer: New\u00A0York", "Ｎｅｗ Ｙｏｒｋ", "Thinking...\n\nNew York\n\n", "The answer is `New York`"})
    void should_accept_the_reference_after_normalising_whitespace_width_and_decorations(String completion) {
        Judgement judgement = judge(completion);
        assertThat(judgement.pass()).as(judgement.reason()).isTrue();
    }

    @Test
    void should_keep_a_period_that_belongs_to_the_reference() {
        assertThat(judge("U.S.", "Answer: U.S.").pass()).isTrue();
        assertThat(judge("U.S.", "Answer: U.K.").pass()).isFalse();
    }

    @Test
    void should_ignore_case_only_when_asked() {
        VerifierSpec ignoreCase = VerifierSpec.of("exact", Map.of("ignore_case", true));
        assertThat(verifier(ignoreCase).verify(task("New York", ignoreCase), "Answer: NEW YORK").pass()).isTrue();
        assertThat(judge("Answer: NEW YORK").pass()).isFalse();
    }

    @Test
    void should_say_what_it_expected_and_what_it_got() {
        Judgement judgement = judge("Answer: Boston");
        assertThat(judgement.reason()).isEqualTo("expected 'New York', got 'Boston'");
        assertThat(judgement.extracted()).isEqualTo("Boston");
    }

    @Test
    void should_compare_the_whole_completion_when_asked() {
        VerifierSpec whole = VerifierSpec.of("exact", Map.of("extract", "whole"));
        assertThat(verifier(whole).verify(task("a b", whole), "\n a \n b \n").pass()).isTrue();
        assertThat(verifier(whole).verify(task("b", whole), "a\nb").pass()).isFalse();
    }

    @Test
    void should_compare_the_last_number_as_written_when_asked() {
        VerifierSpec lastNumber = VerifierSpec.of("exact", Map.of("extract", "last_number"));
        assertThat(verifier(lastNumber).verify(task("1,234", lastNumber), "It is 1,234 units").pass()).isTrue();
        assertThat(verifier(lastNumber).verify(task("1234", lastNumber), "It is 1,234 units").pass()).isFalse();
    }

    @Test
    void should_reject_an_empty_completion() {
        Judgement judgement = judge("");
        assertThat(judgement.pass()).isFalse();
        assertThat(judgement.reason()).isEqualTo("no answer found");
    }
}

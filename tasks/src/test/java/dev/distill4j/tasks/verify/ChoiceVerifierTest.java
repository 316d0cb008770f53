package dev.distill4j.tasks.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.core.Judgement;
import dev.distill4j.core.VerifierSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChoiceVerifierTest extends VerifierContractTest {
    private static final VerifierSpec CITIES = VerifierSpec.of("choice",
            Map.of("choices", List.of("Paris", "London", "New York", "New York City")));

    @Override
    VerifierSpec spec() {
        return VerifierSpec.of("choice");
    }

    @Override
    String reference() {
        return "B";
    }

    @Override
    String correctCompletion() {
        return "Option A is wrong because of the date.\nAnswer: B";
    }

    @Override
    String wrongCompletion() {
        return "Answer: C";
    }

    @ParameterizedTest
    @ValueSource(strings = {"Answer: B", "Answer: (B)", "Answer: B)", "Answer: B.", "Answer: b", "The answer is (B).",
            "I pick B", "Answer: **B**", "\\boxed{B}"})
    void should_accept_the_label_however_it_is_written(String completion) {
        Judgement judgement = judge(completion);
        assertThat(judgement.pass()).as(judgement.reason()).isTrue();
        assertThat(judgement.extracted()).isEqualTo("B");
    }

    @Test
    void should_reject_two_different_choices_as_ambiguous() {
        Judgement judgement = judge("Answer: A or B");
        assertThat(judgement.pass()).isFalse();
        assertThat(judgement.reason()).isEqualTo("ambiguous answer: names A and B");
    }

    @Test
    void should_not_read_the_article_a_as_choice_a() {
        assertThat(judge("I choose B as a safe bet").pass()).isTrue();
    }

    @Test
    void should_accept_a_choice_text_or_its_letter_when_choices_are_texts() {
        assertThat(judgeCities("London", "Answer: London").pass()).isTrue();
        assertThat(judgeCities("London", "Answer: B").pass()).isTrue();
        assertThat(judgeCities("London", "Answer: B) London").pass()).isTrue();
        assertThat(judgeCities("B", "Answer: london.").pass()).isTrue();
        assertThat(judgeCities("London", "Answer: Paris").pass()).isFalse();
    }

    @Test
    void should_reject_a_letter_that_contradicts_the_text() {
        Judgement judgement = judgeCities("London", "Answer: B) Paris");
        assertThat(judgement.pass()).isFalse();
        assertThat(judgement.reason()).contains("ambiguous");
    }

    @Test
    void should_prefer_the_longer_choice_text_it_contains() {
        assertThat(judgeCities("New York City", "I would say New York City, clearly").pass()).isTrue();
        assertThat(judgeCities("New York", "I would say New York City, clearly").pass()).isFalse();
    }

    @Test
    void should_fail_when_no_choice_is_named() {
        Judgement judgement = judge("Answer: none of them");
        assertThat(judgement.pass()).isFalse();
        assertThat(judgement.reason()).startsWith("no choice found");
    }

    @Test
    void should_fail_on_a_reference_outside_the_choices() {
        assertThat(judge("E", "Answer: B").reason()).startsWith("reference does not name one choice");
    }

    @Test
    void should_reject_duplicate_choices() {
        assertThatThrownBy(() -> verifier(VerifierSpec.of("choice", Map.of("choices", List.of("A", "a")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'choices': expected distinct choices");
    }

    private Judgement judgeCities(String reference, String completion) {
        return verifier(CITIES).verify(task(reference, CITIES), completion);
    }
}

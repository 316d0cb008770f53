package dev.distill4j.tasks.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.core.Judgement;
import dev.distill4j.core.VerifierSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberVerifierTest extends VerifierContractTest {
    @Override
    VerifierSpec spec() {
        return VerifierSpec.of("number");
    }

    @Override
    String reference() {
        return "1234.5";
    }

    @Override
    String correctCompletion() {
        return "Answer: 1,234.50";
    }

    @Override
    String wrongCompletion() {
        return "Answer: 1243.5";
    }

    @ParameterizedTest(name = "{0} for reference {1}")
    @CsvSource(delimiter = '|', value = {
            "Answer: 1.5e3           | 1500",
            "Answer: 1500.0000000001 | 1500",
            "Answer: -0.5            | -.5",
            "Answer: 3/4             | 0.75",
            "Answer: 1/3             | 0.333333333333333",
            "Answer: 1/2 = 0.5       | 0.5",
            "Answer: ١٫٥             | 1.5",
            "The answer is $2.50.    | 2.5"})
    void should_accept_numbers_equal_within_the_default_tolerance(String completion, String reference) {
        Judgement judgement = judge(reference, completion);
        assertThat(judgement.pass()).as(judgement.reason()).isTrue();
    }

    @ParameterizedTest(name = "{0} for reference {1}")
    @CsvSource(delimiter = '|', value = {
            "Answer: 1500.00001 | 1500",
            "Answer: 0.3333     | 0.333333333333333",
            "Answer: 0.5        | -0.5",
            "Answer: 1e-12      | 0"})
    void should_reject_numbers_outside_the_default_tolerance(String completion, String reference) {
        assertThat(judge(reference, completion).pass()).isFalse();
    }

    @Test
    void should_use_the_absolute_tolerance_near_zero() {
        VerifierSpec loose = VerifierSpec.of("number", Map.of("abs_tol", 1e-6));
        assertThat(verifier(loose).verify(task("0", loose), "Answer: 1e-7").pass()).isTrue();
        assertThat(verifier(loose).verify(task("0", loose), "Answer: 1e-5").pass()).isFalse();
    }

    @Test
    void should_use_the_relative_tolerance_it_is_given() {
        VerifierSpec percentTolerance = VerifierSpec.of("number", Map.of("rel_tol", 0.01));
        // |101 - 100| = 1 <= 0.01 * 101; |103 - 100| = 3 > 0.01 * 103.
        assertThat(verifier(percentTolerance).verify(task("100", percentTolerance), "Answer: 101").pass()).isTrue();
        assertThat(verifier(percentTolerance).verify(task("100", percentTolerance), "Answer: 103").pass()).isFalse();
    }

    @Test
    void should_read_percentages_only_when_allowed() {
        Judgement refused = judge("0.5", "Answer: 50%");
        assertThat(refused.pass()).isFalse();
        assertThat(refused.reason()).contains("percent");
        VerifierSpec percent = VerifierSpec.of("number", Map.of("percent", true));
        assertThat(verifier(percent).verify(task("0.5", percent), "Answer: 50%").pass()).isTrue();
    }

    @Test
    void should_reject_absurdly_long_numbers_unless_spelled_like_the_reference() {
        String longNumber = "1." + "4".repeat(20_000);
        assertThat(judge(longNumber, "Answer: " + longNumber).pass()).isTrue();
        Judgement judgement = judge("1.5", "Answer: " + longNumber);
        assertThat(judgement.pass()).isFalse();
        assertThat(judgement.reason()).contains("too long");
    }

    @Test
    void should_reject_numbers_beyond_any_tolerance_without_expanding_them() {
        assertThat(judge("1", "Answer: 1e-999999999").pass()).isFalse();
        assertThat(judge("1e999999999", "Answer: 1e999999999").pass()).isTrue();
        assertThat(judge("1e999999999", "Answer: 1.0e999999999").pass()).isTrue();
    }

    @Test
    void should_reject_a_negative_tolerance_naming_the_option() {
        assertThatThrownBy(() -> verifier(VerifierSpec.of("number", Map.of("rel_tol", -1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'rel_tol'")
                .hasMessageContaining("expected a finite number >= 0, got -1");
    }
}

package dev.distill4j.tasks.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.distill4j.core.Judgement;
import dev.distill4j.core.VerifierSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegexVerifierTest extends VerifierContractTest {
    @Override
    VerifierSpec spec() {
        // (.*a){12}! backtracks polynomially with a high degree (Java memoises the textbook (a+)+$ away).
        return VerifierSpec.of("regex", Map.of("pattern", "(.*a){12}!|^\\d{4}-\\d{2}-\\d{2}$", "timeout_ms", 50));
    }

    @Override
    String reference() {
        return "unused";
    }

    @Override
    String correctCompletion() {
        return "The date is below.\nAnswer: 2024-03-05";
    }

    @Override
    String wrongCompletion() {
        return "Answer: 5 March 2024";
    }

    @Test
    void should_time_out_on_catastrophic_backtracking_instead_of_hanging() {
        // Without a timeout this search takes minutes: 12 nested greedy .* over 40 characters, no "!" to end on.
        VerifierSpec spec = VerifierSpec.of("regex", Map.of("pattern", "(.*a){12}!", "timeout_ms", 100));
        String bait = "a".repeat(40);
        Judgement judgement = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> verifier(spec).verify(task("x", spec), "Answer: " + bait));
        assertThat(judgement.pass()).isFalse();
        assertThat(judgement.reason()).isEqualTo("regex timed out after 100 ms");
    }

    @Test
    void should_match_the_answer_by_default_and_the_completion_when_asked() {
        VerifierSpec onAnswer = VerifierSpec.of("regex", Map.of("pattern", "draft"));
        VerifierSpec onCompletion = VerifierSpec.of("regex", Map.of("pattern", "draft", "target", "completion"));
        String completion = "A first draft.\nAnswer: final";
        assertThat(verifier(onAnswer).verify(task("", onAnswer), completion).pass()).isFalse();
        assertThat(verifier(onCompletion).verify(task("", onCompletion), completion).pass()).isTrue();
    }

    @Test
    void should_apply_the_flags() {
        VerifierSpec sensitive = VerifierSpec.of("regex", Map.of("pattern", "^yes$"));
        VerifierSpec insensitive = VerifierSpec.of("regex", Map.of("pattern", "^yes$", "flags", "i"));
        assertThat(verifier(sensitive).verify(task("", sensitive), "Answer: YES").pass()).isFalse();
        assertThat(verifier(insensitive).verify(task("", insensitive), "Answer: YES").pass()).isTrue();
        VerifierSpec dotAll = VerifierSpec.of("regex", Map.of("pattern", "a.b", "flags", "s", "target", "completion"));
        assertThat(verifier(dotAll).verify(task("", dotAll), "a\nb").pass()).isTrue();
    }

    @Test
    void should_reject_an_invalid_pattern_when_created_naming_the_option() {
        assertThatThrownBy(() -> verifier(VerifierSpec.of("regex", Map.of("pattern", "(unclosed"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'pattern'")
                .hasMessageContaining("(unclosed");
    }

    @Test
    void should_require_a_pattern() {
        assertThatThrownBy(() -> verifier(VerifierSpec.of("regex")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'pattern': expected a non-empty string, got null");
    }

    @Test
    void should_reject_unknown_flags_and_targets() {
        assertThatThrownBy(() -> verifier(VerifierSpec.of("regex", Map.of("pattern", "x", "flags", "ix"))))
                .hasMessageContaining("option 'flags'");
        assertThatThrownBy(() -> verifier(VerifierSpec.of("regex", Map.of("pattern", "x", "target", "answers"))))
                .hasMessageContaining("did you mean 'answer'?");
    }
}

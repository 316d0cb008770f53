package dev.distill4j.tasks.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.Judgement;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.verify.Verifier;
import dev.distill4j.core.verify.Verifiers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every verifier passes: it is found by type through the ServiceLoader, accepts its own
 * canonical answer, rejects a wrong one, and on an adversarial corpus (huge numbers, deep or truncated JSON,
 * 10 MB completions, null bytes, lone surrogates, catastrophic-regex bait) returns a judgement promptly and
 * never throws.
 */
abstract class VerifierContractTest {
    /** Generous: each case takes well under a second; this only guards against hangs. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(5);

    private static final Verifiers VERIFIERS = Verifiers.discover();

    /** The spec under test. */
    abstract VerifierSpec spec();

    /** A reference answer of the kind the verifier expects. */
    abstract String reference();

    /** A completion that the verifier must accept for {@link #reference()}. */
    abstract String correctCompletion();

    /** A completion that the verifier must reject for {@link #reference()}. */
    abstract String wrongCompletion();

    Verifier verifier() {
        return VERIFIERS.forSpec(spec());
    }

    Verifier verifier(VerifierSpec spec) {
        return VERIFIERS.forSpec(spec);
    }

    Judgement judge(String completion) {
        return judge(reference(), completion);
    }

    Judgement judge(String reference, String completion) {
        return verifier().verify(task(reference, spec()), completion);
    }

    static Task task(String reference, VerifierSpec spec) {
        return new Task("test:1", "test", Split.EVAL, List.of(ChatMessage.user("question")), reference, null, spec, Map.of());
    }

    @Test
    void should_be_found_by_its_type() {
        assertThat(VERIFIERS.providers()).containsKey(spec().type());
        assertThat(VERIFIERS.providers().get(spec().type()).description()).isNotBlank();
    }

    @Test
    void should_accept_the_correct_answer() {
        Judgement judgement = judge(correctCompletion());
        assertThat(judgement.pass()).as(judgement.reason()).isTrue();
        assertThat(judgement.score()).isEqualTo(1.0);
    }

    @Test
    void should_reject_a_wrong_answer() {
        Judgement judgement = judge(wrongCompletion());
        assertThat(judgement.pass()).isFalse();
        assertThat(judgement.score()).isLessThan(1.0);
        assertThat(judgement.reason()).isNotBlank();
    }

    @Test
    void should_fail_rather_than_throw_without_a_task() {
        assertThat(verifier().verify(null, correctCompletion()).pass()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.distill4j.tasks.verify.AdversarialCorpus#completions")
    void should_judge_adversarial_completions_promptly_without_throwing(String completion) {
        Verifier verifier = verifier();
        Task task = task(reference(), spec());
        Judgement judgement = assertTimeoutPreemptively(HANG_GUARD, () -> verifier.verify(task, completion));
        assertThat(judgement).isNotNull();
        assertThat(judgement.score()).isBetween(0.0, 1.0);
        assertThat(judgement.reason()).isNotNull();
        if (judgement.extracted() != null) {
            assertThat(judgement.extracted().length()).isLessThan(AnswerText.CLIP + 40);
        }
    }

    @ParameterizedTest(name = "reference: {0}")
    @MethodSource("dev.distill4j.tasks.verify.AdversarialCorpus#references")
    void should_fail_rather_than_throw_on_an_odd_reference(String reference) {
        Verifier verifier = verifier();
        Task task = task(reference, spec());
        Judgement judgement = assertTimeoutPreemptively(HANG_GUARD, () -> verifier.verify(task, correctCompletion()));
        assertThat(judgement).isNotNull();
        assertThat(judgement.reason()).isNotNull();
    }

    static Stream<Named<String>> named(Object... pairs) {
        Stream.Builder<Named<String>> out = Stream.builder();
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(Named.of((String) pairs[i], (String) pairs[i + 1]));
        }
        return out.build();
    }
}

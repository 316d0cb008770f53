package dev.distill4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.Judgement;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.verify.Verifiers;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampledEvaluationTest {
    static Task task(String id, String reference) {
        return new Task(id, "custom", Split.EVAL, List.of(ChatMessage.user("q " + id)), reference, null, VerifierSpec.of("integer"), Map.of());
    }

    @Test
    void should_compute_pass_at_k_and_maj_at_k_by_hand() {
        // Task a (answer 7), 4 samples: 7, 3, 3, 7 -> c = 2. pass@1 = 2/4; pass@2 = 1 - C(2,2)/C(4,2) = 1 - 1/6 = 5/6.
        //   maj@1 (first: 7) right; maj@2 (7, 3 tie -> first seen, 7) right; maj@4 (7:2, 3:2 tie -> 7) right.
        // Task b (answer 5), samples 1, 1, 5, 5 -> c = 2; maj@1 wrong, maj@2 wrong, maj@4 (1:2, 5:2, tie -> 1) wrong.
        List<Task> tasks = List.of(task("a", "7"), task("b", "5"));
        List<List<String>> answers = List.of(List.of("Answer: 7", "Answer: 3", "Answer: 3", "Answer: 7"),
                List.of("Answer: 1", "Answer: 1", "Answer: 5", "Answer: 5"));
        SampledEvaluation.Result result = SampledEvaluation.of(tasks, answers, Verifiers.discover(), List.of(1, 2, 4, 8));
        assertThat(result.samplesPerTask()).isEqualTo(4);
        assertThat(result.passAtK().get(1)).isCloseTo(0.5, within(1e-12));
        assertThat(result.passAtK().get(2)).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(result.passAtK().get(4)).isCloseTo(1.0, within(1e-12));
        assertThat(result.majAtK()).containsEntry(1, 0.5).containsEntry(2, 0.5).containsEntry(4, 0.5);
        assertThat(result.passAtK()).doesNotContainKey(8);
    }

    @Test
    void should_let_answers_with_nothing_extracted_abstain_from_the_vote() {
        List<Judgement> judgements = Arrays.asList(Judgement.fail("no answer", null), Judgement.fail("no answer", null),
                Judgement.pass("5"));
        assertThat(SampledEvaluation.majorityCorrect(judgements)).isTrue();
        assertThat(SampledEvaluation.majorityCorrect(List.of(Judgement.fail("no answer", null)))).isFalse();
    }
}

package dev.distill4j.curate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.Example;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.Verdict;
import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.config.CurationConfig;
import dev.distill4j.core.store.RunStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run-store stage when a program and an LLM judge both judged a sample: each must accept it. */
class CurationStageTest {
    @TempDir
    Path dir;

    private static final String[] ANSWERS = {
        "The invoice total comes to four hundred and twelve euros after the discount is applied",
        "Seventeen boxes arrived on Tuesday morning and the remaining crates are due next week",
        "A booking for two guests runs from the third of March until the ninth at the harbour hotel",
        "Multiply the tens column first then carry the one into the hundreds column to finish",
    };

    private static Task task(int i) {
        return new Task("t" + i, "custom", Split.TRAIN, List.of(ChatMessage.user("Question number " + i + " about a different subject")),
                "ref", null, VerifierSpec.of("exact", Map.of()), Map.of());
    }

    private static Verdict verdict(String sampleKey, String taskId, String verifier, double score) {
        return new Verdict(verifier + ":" + sampleKey, sampleKey, taskId, verifier, score >= 1.0, score, "", null);
    }

    @Test
    void should_keep_a_sample_only_when_the_program_and_the_judge_both_accept_it() {
        try (RunStore store = RunStore.open(dir, new Provenance("curate", "cafe03", 1, "test"))) {
            for (int i = 0; i < 4; i++) {
                store.tasks().put(task(i));
                store.samples().put(new Sample("s" + i, null, "t" + i, 0, "teacher", ANSWERS[i], "stop", 1, 1, null));
            }
            String judge = "judge{hash=0123456789abcdef, rubric=style}";
            store.verdicts().put(List.of(
                    verdict("s0", "t0", "exact", 1.0), verdict("s0", "t0", judge, 0.25),   // the judge finds it poor
                    verdict("s1", "t1", "exact", 0.0), verdict("s1", "t1", judge, 1.0),    // the judge is persuaded by a wrong answer
                    verdict("s2", "t2", "exact", 1.0), verdict("s2", "t2", judge, 1.0),    // both accept
                    verdict("s3", "t3", "exact", 1.0)));                                   // only the program judged it

            CurationStage.Result result = CurationStage.run(store, CurationConfig.builder().build(), List.of(), 1, done -> {});

            assertThat(result.funnel().in()).isEqualTo(4);
            assertThat(result.funnel().kept()).isEqualTo(2);
            assertThat(result.funnel().dropped(DropReason.BELOW_MIN_SCORE)).isEqualTo(2);
            assertThat(store.examples().all()).extracting(Example::taskId).containsExactlyInAnyOrder("t2", "t3");
        }
    }
}

package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CoverageSignalTest {
    final CoverageSignal signal = new CoverageSignal(20);

    @Test
    void should_score_a_walk_through_one_template_high() {
        List<PromptTrace> walk = new ArrayList<>();
        for (int a = 10; a < 14; a++) {
            for (int b = 10; b < 60; b++) {
                walk.add(PromptTrace.of("What is " + a + " + " + b + "? Show your work."));
            }
        }
        assertThat(signal.score(walk)).isGreaterThan(0.9);
    }

    @Test
    void should_score_an_evaluation_job_and_varied_chat_low() {
        // The hard negative: one benchmark template, but its operands are the benchmark's, not a walk.
        Random random = new Random(4);
        List<PromptTrace> evaluation = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            evaluation.add(PromptTrace.of("Question: what is " + (100 + random.nextInt(9_900)) + " * " + (10 + random.nextInt(90)) + "? Answer:"));
        }
        assertThat(signal.score(evaluation)).isLessThan(0.1);
        String[] chats = {"How do I boil an egg for 7 minutes?", "Write a haiku about autumn", "Fix this Python error: list index out of range",
            "Summarise the meeting notes from Tuesday", "What's a good name for a cat?", "Translate 'good morning' to Spanish"};
        List<PromptTrace> chat = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            chat.add(PromptTrace.of(chats[random.nextInt(chats.length)]));
        }
        assertThat(signal.score(chat)).isLessThan(0.1);
    }

    @Test
    void should_wait_for_enough_prompts_and_keep_only_a_few_operands() {
        List<PromptTrace> few = new ArrayList<>();
        for (int b = 0; b < 5; b++) {
            few.add(PromptTrace.of("What is 1 + " + b + "?"));
        }
        assertThat(signal.score(few)).isZero();
        assertThat(PromptTrace.of("1 2 3 4 5 6 7 8 9").operands()).containsExactly(1, 2, 3, 4, 5, 6);
    }
}

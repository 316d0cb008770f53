package dev.distill4j.curate;

import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.Example;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.Verdict;
import dev.distill4j.core.config.CurationConfig;
import dev.distill4j.core.store.RunStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The pipeline's curate stage over a run store: reads tasks, samples and verdicts, runs every sample through a
 * {@link Curator}, and replaces the {@code examples} table with what it keeps (so the table always reflects the last
 * curation settings, and running it again changes nothing). Each kept sample becomes the task's prompt messages
 * followed by the completion as the assistant message, with source {@code teacher-verified} when its verdict passed
 * ({@code teacher-unverified} when a {@code min_score} below 1 let a failing one in).
 *
 * <p>Decontamination is against the question of every evaluation task in the run (the last user message: the system
 * prompt and the family's instructions are not the item) and any further evaluation texts given.
 */
public final class CurationStage {
    private CurationStage() {}

    /**
     * @param funnel          every sample of the run: kept, or dropped for one reason
     * @param examples        rows now in the examples table
     * @param evaluationTexts evaluation texts decontaminated against
     */
    public record Result(Funnel funnel, int examples, int evaluationTexts) {}

    /**
     * @param extraEvaluationTexts evaluation texts beyond the run's own evaluation tasks (another benchmark's questions)
     * @param seed                 seeds the MinHash functions
     * @param progress             told how many samples are done, now and then
     */
    public static Result run(RunStore store, CurationConfig config, List<String> extraEvaluationTexts, long seed, LongConsumer progress) {
        Map<String, Task> trainingTasks = new HashMap<>();
        List<String> evaluationTexts = new ArrayList<>(extraEvaluationTexts);
        store.tasks().forEach(task -> {
            if (task.split() == Split.TRAIN) {
                trainingTasks.put(task.id(), task);
            } else {
                evaluationTexts.add(task.question());
            }
        });
        Map<String, Verdict> verdicts = DecidingVerdicts.of(store, key -> true);
        List<Example> kept = new ArrayList<>();
        Curator<Example> curator = Curator.<Example>builder(config).evaluationTexts(evaluationTexts).seed(seed)
                .build(candidate -> kept.add(candidate.payload()));
        long[] outside = new long[2];
        long[] done = {0};
        store.samples().forEach(sample -> {
            Task task = trainingTasks.get(sample.taskId());
            Verdict verdict = verdicts.get(sample.key());
            if (task == null) {
                outside[0]++;
            } else if (verdict == null) {
                outside[1]++;
            } else {
                curator.offer(candidate(task, sample, verdict));
            }
            if (++done[0] % 1000 == 0) {
                progress.accept(done[0]);
            }
        });
        progress.accept(done[0]);
        Funnel funnel = curator.finish().plus(DropReason.NOT_A_TRAINING_TASK, outside[0]).plus(DropReason.UNVERIFIED, outside[1]);
        int stored = store.examples().replaceAll(kept);
        return new Result(funnel, stored, evaluationTexts.size());
    }

    private static Candidate<Example> candidate(Task task, Sample sample, Verdict verdict) {
        List<ChatMessage> conversation = new ArrayList<>(task.messages());
        conversation.add(ChatMessage.assistant(sample.completion()));
        Example example = Example.of(task.id(), verdict.pass() ? "teacher-verified" : "teacher-unverified", conversation, sample.key(),
                verdict.score());
        StringBuilder prompt = new StringBuilder();
        for (ChatMessage message : task.messages()) {
            prompt.append(message.content()).append('\n');
        }
        return new Candidate<>(task.id(), verdict.score(), prompt.toString(), sample.completion(), example);
    }
}

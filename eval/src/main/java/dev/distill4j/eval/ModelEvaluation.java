package dev.distill4j.eval;

import dev.distill4j.core.Task;
import dev.distill4j.core.io.Answer;
import dev.distill4j.core.verify.AnswerGrading;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.model.LocalModel;
import dev.distill4j.model.generate.Completion;
import dev.distill4j.model.generate.Sampling;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Greedy accuracy of a local model on tasks: each task's prompt through the chat template, a completion decoded
 * greedily (batched), graded by the task's own verifier. Reported with a 95% Wilson interval, overall and per
 * slice (the task metadata's difficulty or template).
 */
public final class ModelEvaluation {
    private ModelEvaluation() {}

    /** Accuracy over a slice of tasks. */
    public record Slice(long n, long correct, double accuracy, WilsonInterval ci95) {
        static Slice of(long n, long correct) {
            return new Slice(n, correct, n == 0 ? 0 : (double) correct / n, n == 0 ? new WilsonInterval(0, 1) : WilsonInterval.of95(correct, n));
        }
    }

    /** The results: overall, by slice key ("difficulty=3", "template=invoice_email"), and every graded answer. */
    public record Result(Slice overall, Map<String, Slice> bySlice, AnswerGrading.Report report, List<String> answers) {}

    /**
     * @param maxTokens the longest answer to decode
     * @param progress  called with the number of tasks done after each batch (for a progress bar)
     */
    public static Result run(LocalModel model, List<Task> tasks, Verifiers verifiers, int maxTokens, IntConsumer progress) {
        List<Completion> completions = new ArrayList<>();
        for (int from = 0; from < tasks.size(); from += LocalModel.MAX_BATCH) {
            List<Task> batch = tasks.subList(from, Math.min(tasks.size(), from + LocalModel.MAX_BATCH));
            List<List<dev.distill4j.core.ChatMessage>> prompts = batch.stream().map(Task::messages).toList();
            // Each answer may use what the context leaves after its prompt, up to maxTokens.
            int context = model.config().maxPositionEmbeddings();
            List<Sampling> greedy = batch.stream().map(t -> Sampling.greedy(Math.max(1,
                    Math.min(maxTokens, context - model.tokenizer().encode(model.template().render(t.messages(), true)).length)))).toList();
            completions.addAll(model.chat(prompts, greedy));
            progress.accept(completions.size());
        }
        return grade(tasks, completions.stream().map(Completion::text).toList(), verifiers);
    }

    /**
     * Grades one answer per task, however it was made (a local model, an endpoint, a file), by each task's verifier.
     *
     * @param texts the answer to each task, in task order
     */
    public static Result grade(List<Task> tasks, List<String> texts, Verifiers verifiers) {
        if (texts.size() != tasks.size()) {
            throw new IllegalArgumentException("expected one answer per task: " + tasks.size() + " tasks, " + texts.size() + " answers");
        }
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            answers.add(new Answer(tasks.get(i).id(), 0, texts.get(i), null, i + 1));
        }
        AnswerGrading.Report report = AnswerGrading.grade(tasks, answers, verifiers, "model answers");
        long correct = report.overall().passed();
        Map<String, long[]> slices = new LinkedHashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            boolean pass = report.verdicts().get(i).pass();
            for (String key : new String[] {"difficulty", "template", "op", "kind"}) {
                Object value = tasks.get(i).metadata().get(key);
                if (value != null) {
                    long[] counts = slices.computeIfAbsent(key + "=" + value, k -> new long[2]);
                    counts[0]++;
                    counts[1] += pass ? 1 : 0;
                }
            }
        }
        Map<String, Slice> bySlice = new LinkedHashMap<>();
        slices.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> bySlice.put(e.getKey(), Slice.of(e.getValue()[0], e.getValue()[1])));
        return new Result(Slice.of(tasks.size(), correct), bySlice, report, List.copyOf(texts));
    }
}

package dev.distill4j.core.verify;

import dev.distill4j.core.ContentKey;
import dev.distill4j.core.Judgement;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Suggestions;
import dev.distill4j.core.Task;
import dev.distill4j.core.Verdict;
import dev.distill4j.core.io.Answer;
import dev.distill4j.core.io.InputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Grades a set of answers against their tasks with each task's verifier, and sums up pass rates. */
public final class AnswerGrading {
    private AnswerGrading() {}

    /** Pass counts of one slice (a family, or everything). */
    public record PassRate(long answers, long passed) {
        public double rate() {
            return answers == 0 ? 0.0 : (double) passed / answers;
        }
    }

    /**
     * @param samples         the answers as samples (key derived from task, index and text), in answer order
     * @param verdicts        one verdict per sample, in the same order
     * @param overall         pass counts over every answer
     * @param byFamily        pass counts per task family, by family name
     * @param unansweredTasks tasks that no answer addressed
     */
    public record Report(List<Sample> samples, List<Verdict> verdicts, PassRate overall, Map<String, PassRate> byFamily, int unansweredTasks) {}

    /**
     * Grades every answer.
     *
     * @param answersSource the answers file name, for errors about unknown task ids
     * @throws InputException when an answer names a task that is not among {@code tasks}
     */
    public static Report grade(List<Task> tasks, List<Answer> answers, Verifiers verifiers, String answersSource) {
        Map<String, Task> byId = new LinkedHashMap<>();
        for (Task task : tasks) {
            byId.put(task.id(), task);
        }
        List<Sample> samples = new ArrayList<>(answers.size());
        List<Verdict> verdicts = new ArrayList<>(answers.size());
        Map<String, long[]> counts = new TreeMap<>();
        long passed = 0;
        Set<String> answered = new HashSet<>();
        for (Answer answer : answers) {
            Task task = byId.get(answer.taskId());
            if (task == null) {
                throw new InputException(answersSource + ":" + answer.line() + ": field 'task_id': no task '" + answer.taskId()
                        + "' among the tasks" + Suggestions.didYouMean(answer.taskId(), byId.keySet()));
            }
            answered.add(task.id());
            Sample sample = new Sample(ContentKey.of("answer", task.id(), Integer.toString(answer.sampleIndex()), answer.text()), null,
                    task.id(), answer.sampleIndex(), answer.model(), answer.text(), null, 0, 0, null);
            Judgement judgement = judge(verifiers, task, answer.text());
            samples.add(sample);
            verdicts.add(Verdict.of(sample.key(), task.id(), task.verifier(), judgement));
            long[] familyCounts = counts.computeIfAbsent(task.family(), f -> new long[2]);
            familyCounts[0]++;
            if (judgement.pass()) {
                familyCounts[1]++;
                passed++;
            }
        }
        Map<String, PassRate> byFamily = new LinkedHashMap<>();
        counts.forEach((family, c) -> byFamily.put(family, new PassRate(c[0], c[1])));
        return new Report(samples, verdicts, new PassRate(answers.size(), passed), byFamily, tasks.size() - answered.size());
    }

    /** A verifier that throws broke its contract; the answer fails with the reason rather than stopping the run. */
    private static Judgement judge(Verifiers verifiers, Task task, String completion) {
        Verifier verifier = verifiers.forSpec(task.verifier());
        try {
            return verifier.verify(task, completion);
        } catch (RuntimeException e) {
            return Judgement.fail("verifier error: " + e, null);
        }
    }
}

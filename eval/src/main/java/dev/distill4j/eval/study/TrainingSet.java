package dev.distill4j.eval.study;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The first {@code examples} training examples of one source, walking the tasks in one fixed order, so that the
 * sets of one source and seed are nested: the 128-example set holds the 64-example one. Each example is its task
 * with the source's answer in place of the expert solution, which is what supervised fine-tuning trains on.
 *
 * @param teacherQueries the teacher samples paid for to build the set: for verified rollouts, every sample drawn
 *                       for every task walked (a task whose samples all failed cost its samples and gave nothing);
 *                       for unverified ones, one per example
 * @param teacherLogprobs for distillation, the chosen rollout's token logprobs by task id; empty for other sources
 */
public record TrainingSet(DataSource source, List<Task> tasks, long teacherQueries, Map<String, JsonNode> teacherLogprobs) {

    /** The answer prefix of gold examples: the line every built-in verifier reads the final answer from. */
    static final String GOLD_PREFIX = "Answer: ";

    public int examples() {
        return tasks.size();
    }

    /**
     * @param ordered  the training tasks in this seed's order
     * @param rollouts the teacher's rollouts by task id (absent or empty: the teacher was not asked about the task)
     * @return the set, or null when the source has fewer than {@code examples} examples to give
     */
    public static TrainingSet first(DataSource source, int examples, List<Task> ordered, Map<String, List<TeacherRollout>> rollouts) {
        List<Task> chosen = new ArrayList<>(examples);
        Map<String, JsonNode> logprobs = new HashMap<>();
        long queries = 0;
        for (Task task : ordered) {
            if (chosen.size() == examples) {
                break;
            }
            List<TeacherRollout> drawn = rollouts.getOrDefault(task.id(), List.of()).stream()
                    .sorted(Comparator.comparingInt(TeacherRollout::sampleIndex)).toList();
            String answer = switch (source) {
                case GOLD -> GOLD_PREFIX + task.reference();
                case EXPERT -> task.expertSolution();
                case TEACHER_VERIFIED, TEACHER_KD -> {
                    queries += drawn.size();
                    TeacherRollout first = drawn.stream().filter(TeacherRollout::kept).findFirst().orElse(null);
                    if (first != null && source == DataSource.TEACHER_KD && first.logprobs() != null) {
                        logprobs.put(task.id(), first.logprobs());
                    }
                    yield first == null ? null : first.text();
                }
                case TEACHER_UNVERIFIED -> {
                    queries += drawn.isEmpty() ? 0 : 1;
                    yield drawn.isEmpty() ? null : drawn.get(0).text();
                }
            };
            if (answer != null) {
                chosen.add(new Task(task.id(), task.family(), task.split(), task.messages(), task.reference(), answer, task.verifier(),
                        task.metadata()));
            }
        }
        return chosen.size() < examples ? null : new TrainingSet(source, List.copyOf(chosen), queries, Map.copyOf(logprobs));
    }
}

package dev.distill4j.client.judge;

import dev.distill4j.client.BoundedConcurrency;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Task;
import dev.distill4j.core.store.RunStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Two teachers' samples of the same tasks compared by the judge, pair by pair: for each task, the i-th sample of the
 * first model (by sample index) against the i-th of the second, as many pairs as the scarcer model has samples.
 */
public final class ModelComparison {
    private ModelComparison() {}

    /**
     * @param first          the model whose samples are "first" in every {@link PairwiseVerdict}
     * @param maxConcurrency comparisons in flight at once
     * @throws InterruptedException when interrupted: answers stored so far stay stored
     */
    public static List<PairwiseVerdict> run(RunStore store, PairwiseJudge judge, String first, String second, int maxConcurrency)
            throws InterruptedException {
        Map<String, Task> tasks = new HashMap<>();
        store.tasks().forEach(task -> tasks.put(task.id(), task));
        Map<String, List<Sample>> firsts = new TreeMap<>();
        Map<String, List<Sample>> seconds = new TreeMap<>();
        store.samples().forEach(sample -> {
            if (first.equals(sample.model())) {
                firsts.computeIfAbsent(sample.taskId(), id -> new ArrayList<>()).add(sample);
            } else if (second.equals(sample.model())) {
                seconds.computeIfAbsent(sample.taskId(), id -> new ArrayList<>()).add(sample);
            }
        });
        List<Sample[]> pairs = new ArrayList<>();
        firsts.forEach((taskId, mine) -> {
            List<Sample> theirs = seconds.getOrDefault(taskId, List.of());
            mine.sort(Comparator.comparingInt(Sample::sampleIndex));
            theirs.sort(Comparator.comparingInt(Sample::sampleIndex));
            for (int i = 0; i < Math.min(mine.size(), theirs.size()); i++) {
                pairs.add(new Sample[] {mine.get(i), theirs.get(i)});
            }
        });
        return BoundedConcurrency.map(pairs, maxConcurrency, pair -> judge.compare(tasks.get(pair[0].taskId()), pair[0], pair[1]));
    }
}

package dev.distill4j.client.judge;

import dev.distill4j.core.Sample;
import dev.distill4j.core.Task;
import dev.distill4j.core.store.RunStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

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
        Semaphore slots = new Semaphore(maxConcurrency);
        List<PairwiseVerdict> verdicts = new ArrayList<>(pairs.size());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<PairwiseVerdict>> futures = new ArrayList<>();
            for (Sample[] pair : pairs) {
                futures.add(threads.submit(() -> {
                    slots.acquire();
                    try {
                        return judge.compare(tasks.get(pair[0].taskId()), pair[0], pair[1]);
                    } finally {
                        slots.release();
                    }
                }));
            }
            try {
                for (Future<PairwiseVerdict> future : futures) {
                    verdicts.add(future.get());
                }
            } catch (InterruptedException e) {
                threads.shutdownNow();
                throw e;
            } catch (ExecutionException e) {
                threads.shutdownNow();
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("a comparison failed: " + e.getCause(), e.getCause());
            }
        }
        return verdicts;
    }
}

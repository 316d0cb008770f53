package dev.distill4j.core.verify;

import dev.distill4j.core.Judgement;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Task;
import dev.distill4j.core.Verdict;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.store.StoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The pipeline's verify stage: every sample of a run judged by its task's verifier, the verdicts stored in the
 * {@code verdicts} table, and the pass rates that say how good the teacher's data is: overall, per family, per
 * teacher (the model that wrote the sample), and pass@k per task.
 *
 * <p>A verdict's key is the sample's key with the verifier spec, so running the stage again judges only samples
 * that are new (or whose task's verifier changed) and a stage killed half-way resumes where it stopped. Samples are
 * read a page at a time: memory holds one page and a few counters per task, not the run.
 */
public final class RunVerification {
    private RunVerification() {}

    /** Samples read, judged and stored per page: one transaction each. */
    static final int PAGE = 2_000;

    /** Passing samples among the samples of one task. */
    public record TaskPasses(String taskId, String family, int samples, int passed) {
        /** Unbiased pass@k, or NaN when the task has fewer than k samples. */
        public double passAt(int k) {
            return samples < k ? Double.NaN : PassAtK.estimate(samples, passed, k);
        }
    }

    /**
     * @param samples      samples in the run
     * @param judgedNow    verdicts this call made (the others were stored before)
     * @param overall      pass counts over every sample
     * @param byFamily     by task family
     * @param byTeacher    by the model that wrote the sample
     * @param perTask      per task with at least one sample, in task-id order
     * @param unsampled    tasks in the run that have no sample
     * @param verifierErrors samples whose verifier threw (they fail, with the error as reason)
     */
    public record Report(long samples, long judgedNow, AnswerGrading.PassRate overall, Map<String, AnswerGrading.PassRate> byFamily,
            Map<String, AnswerGrading.PassRate> byTeacher, List<TaskPasses> perTask, long unsampled, long verifierErrors) {

        /** The k values every sampled task can be scored at: 1, 2, 4, ... up to the fewest samples any task has. */
        public List<Integer> ks() {
            int fewest = perTask.stream().mapToInt(TaskPasses::samples).min().orElse(0);
            List<Integer> ks = new ArrayList<>();
            for (int k = 1; k <= fewest; k *= 2) {
                ks.add(k);
            }
            if (fewest > 0 && ks.get(ks.size() - 1) != fewest) {
                ks.add(fewest);
            }
            return ks;
        }

        /** pass@k averaged over the sampled tasks (each task counts once, however many samples it has). */
        public double meanPassAt(int k) {
            return perTask.stream().mapToDouble(task -> task.passAt(k)).average().orElse(Double.NaN);
        }
    }

    /**
     * Judges every sample of the run that has no verdict under its task's verifier yet, stores the verdicts and
     * sums up all of them.
     *
     * @param progress called after each page with (samples done, samples in the run)
     * @throws StoreException a sample whose task is not in the run's tasks table
     */
    public static Report run(RunStore store, Verifiers verifiers, BiConsumer<Long, Long> progress) {
        Map<String, Task> tasks = new HashMap<>();
        store.tasks().forEach(task -> tasks.put(task.id(), task));
        long total = store.samples().count();
        Counts counts = new Counts();
        Map<String, int[]> perTask = new TreeMap<>();
        long[] done = {0, 0, 0}; // samples seen, judged now, verifier errors
        store.samples().forEachPage(PAGE, page -> {
            Map<String, Sample> byVerdictKey = new LinkedHashMap<>();
            for (Sample sample : page) {
                Task task = tasks.get(sample.taskId());
                if (task == null) {
                    throw new StoreException(store.file() + ": table samples, key " + sample.key() + ": field 'task_id': no task '"
                            + sample.taskId() + "' in table tasks");
                }
                byVerdictKey.put(Verdict.keyOf(sample.key(), task.verifier()), sample);
            }
            Map<String, Verdict> stored = store.verdicts().withKeys(byVerdictKey.keySet());
            // Verifiers are pure CPU work and thread-safe (one instance serves every task of a spec).
            List<Verdict> fresh = byVerdictKey.entrySet().parallelStream()
                    .filter(entry -> !stored.containsKey(entry.getKey()))
                    .map(entry -> judge(verifiers, tasks.get(entry.getValue().taskId()), entry.getValue()))
                    .toList();
            store.verdicts().put(fresh);
            Map<String, Verdict> bySample = new HashMap<>();
            stored.values().forEach(verdict -> bySample.put(verdict.sampleKey(), verdict));
            fresh.forEach(verdict -> bySample.put(verdict.sampleKey(), verdict));
            for (Sample sample : page) {
                Task task = tasks.get(sample.taskId());
                Verdict verdict = bySample.get(sample.key());
                counts.add(task.family(), sample.model() == null ? "(unknown)" : sample.model(), verdict.pass());
                int[] taskCounts = perTask.computeIfAbsent(task.id(), id -> new int[2]);
                taskCounts[0]++;
                taskCounts[1] += verdict.pass() ? 1 : 0;
            }
            done[0] += page.size();
            done[1] += fresh.size();
            done[2] += fresh.stream().filter(verdict -> verdict.reason().startsWith(VERIFIER_ERROR)).count();
            progress.accept(done[0], total);
        });
        List<TaskPasses> passes = new ArrayList<>(perTask.size());
        perTask.forEach((id, c) -> passes.add(new TaskPasses(id, tasks.get(id).family(), c[0], c[1])));
        return new Report(done[0], done[1], counts.overall(), counts.rates(counts.families), counts.rates(counts.teachers), passes,
                tasks.size() - perTask.size(), done[2]);
    }

    static final String VERIFIER_ERROR = "verifier error: ";

    /** A verifier that throws broke its contract; the sample fails with the reason rather than stopping the stage. */
    private static Verdict judge(Verifiers verifiers, Task task, Sample sample) {
        Judgement judgement;
        try {
            judgement = verifiers.forSpec(task.verifier()).verify(task, sample.completion());
        } catch (RuntimeException e) {
            judgement = Judgement.fail(VERIFIER_ERROR + e, null);
        }
        return Verdict.of(sample.key(), task.id(), task.verifier(), judgement);
    }

    /** Pass counts by family and by teacher. */
    private static final class Counts {
        final Map<String, long[]> families = new TreeMap<>();
        final Map<String, long[]> teachers = new TreeMap<>();
        long samples;
        long passed;

        void add(String family, String teacher, boolean pass) {
            samples++;
            passed += pass ? 1 : 0;
            for (long[] c : List.of(families.computeIfAbsent(family, f -> new long[2]), teachers.computeIfAbsent(teacher, t -> new long[2]))) {
                c[0]++;
                c[1] += pass ? 1 : 0;
            }
        }

        AnswerGrading.PassRate overall() {
            return new AnswerGrading.PassRate(samples, passed);
        }

        Map<String, AnswerGrading.PassRate> rates(Map<String, long[]> counts) {
            Map<String, AnswerGrading.PassRate> rates = new LinkedHashMap<>();
            counts.forEach((name, c) -> rates.put(name, new AnswerGrading.PassRate(c[0], c[1])));
            return rates;
        }
    }
}

package dev.distill4j.eval.study;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Task;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.eval.ModelEvaluation;
import dev.distill4j.eval.report.StudyReport;
import dev.distill4j.model.LocalModel;
import dev.distill4j.model.checkpoint.DType;
import dev.distill4j.train.DistillationObjective;
import dev.distill4j.train.Objective;
import dev.distill4j.train.SftJob;
import dev.distill4j.train.SftSettings;
import dev.distill4j.train.SftTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sample-efficiency study: fresh students trained on nested subsets of each data source, each evaluated
 * greedily on the same held-out tasks. A student already in the ledger is not trained again, so a study that was
 * stopped resumes where it was; a student stopped mid-training resumes from its last saved step.
 */
public final class SampleEfficiencyStudy {
    static final int HELD_OUT_LOSS_TASKS = 64;
    /**
     * The cross-entropy's weight in distillation, the KL's being 1 - alpha: half and half, so that a student learns
     * the tokens the teacher wrote and the distribution it wrote them from alike.
     */
    static final double KD_ALPHA = 0.5;

    private SampleEfficiencyStudy() {}

    /**
     * @param train    the training tasks (their expert solutions and references feed the expert and gold sources)
     * @param eval     the held-out tasks every student is measured on
     * @param rollouts the teacher's answers to training tasks, by task id
     */
    public record Inputs(List<Task> train, List<Task> eval, Map<String, List<TeacherRollout>> rollouts) {}

    /** Where finished students are kept: a study finds the ones it already trained there. */
    public interface Ledger {
        Optional<StudyReport.StudentRun> find(StudentKey key);

        /** @param answers the student's answer to each evaluation task, in task order, with its grade */
        void record(StudentKey key, StudyReport.StudentRun run, ModelEvaluation.Result answers);
    }

    /** Progress, called from the worker threads. */
    public interface Listener {
        default void started(StudentKey key, int done, int total) {}

        default void finished(StudyReport.StudentRun run, boolean fromLedger, int done, int total) {}

        default void step(StudentKey key, SftTrainer.StepReport report) {}
    }

    /**
     * @param students every student trained or found, in (preset, source, size, seed) order
     * @param skipped  the students that could not be made, with why (a source with too few examples)
     */
    public record Outcome(List<StudyReport.StudentRun> students, List<String> skipped) {}

    public static Outcome run(Inputs inputs, StudySettings settings, Path modelsDir, Verifiers verifiers, Ledger ledger, Listener listener)
            throws InterruptedException {
        List<StudentKey> keys = new ArrayList<>();
        List<TrainingSet> sets = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String preset : settings.presets()) {
            for (DataSource source : settings.sources()) {
                for (int size : settings.sizes()) {
                    for (long seed : settings.seeds()) {
                        StudentKey key = new StudentKey(source, size, seed, preset);
                        TrainingSet set = TrainingSet.first(source, size, ordered(inputs.train(), seed), inputs.rollouts());
                        if (set == null) {
                            skipped.add(key.name() + ": " + source.description() + " give fewer than " + size + " examples");
                            continue;
                        }
                        keys.add(key);
                        sets.add(set);
                    }
                }
            }
        }
        int total = keys.size();
        AtomicInteger done = new AtomicInteger();
        StudyReport.StudentRun[] runs = new StudyReport.StudentRun[total];
        int workers = Math.min(settings.workers(), Math.max(1, total));
        // The native library loads with the engine; a study that has not touched a tensor yet must load it first.
        Engine.getEngine("PyTorch");
        int threads = workers > 1 ? Math.max(1, Runtime.getRuntime().availableProcessors() / workers) : JniUtils.getNumThreads();
        List<Callable<Void>> jobs = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            int index = i;
            jobs.add(() -> {
                StudentKey key = keys.get(index);
                Optional<StudyReport.StudentRun> known = ledger.find(key);
                if (known.isPresent()) {
                    runs[index] = known.get();
                    listener.finished(known.get(), true, done.incrementAndGet(), total);
                    return null;
                }
                listener.started(key, done.get(), total);
                StudyReport.StudentRun run = trainAndEvaluate(key, sets.get(index), inputs.eval(), settings, modelsDir, verifiers, ledger, listener);
                runs[index] = run;
                listener.finished(run, false, done.incrementAndGet(), total);
                return null;
            });
        }
        TrainingPool.run(jobs, workers, threads, "study-student");
        return new Outcome(List.of(runs), List.copyOf(skipped));
    }

    /** This seed's order of the training tasks: every source of one seed walks the same order. */
    static List<Task> ordered(List<Task> train, long seed) {
        List<Task> ordered = new ArrayList<>(train);
        Collections.shuffle(ordered, new Random(seed));
        return ordered;
    }

    private static StudyReport.StudentRun trainAndEvaluate(StudentKey key, TrainingSet set, List<Task> eval, StudySettings settings, Path modelsDir,
            Verifiers verifiers, Ledger ledger, Listener listener) {
        int batch = Math.min(settings.batchSize(), set.examples());
        SftSettings sft = SftSettings.builder().batchSize(batch).learningRate(settings.learningRate()).warmupRatio(settings.warmupRatio())
                .maxSteps((long) settings.steps()).epochs(Math.max(1, (int) Math.ceil((double) settings.steps() * batch / set.examples())))
                .evalEvery(0).checkpointEvery(Math.max(50, settings.steps() / 4)).seed(key.seed()).build();
        Path out = modelsDir.resolve(key.name());
        String command = "./distill study (student " + key.name() + ")";
        // The held-out loss (on the expert's solutions of evaluation tasks, the same text for every student) is the
        // loss a scaling law is fitted to; a few dozen tasks measure it well enough and cost little.
        List<Task> heldOut = eval.stream().filter(t -> t.expertSolution() != null).limit(HELD_OUT_LOSS_TASKS).toList();
        Objective objective = key.source() == DataSource.TEACHER_KD ? new DistillationObjective(KD_ALPHA) : Objective.SFT;
        SftJob.Spec spec = new SftJob.Spec(set.tasks(), heldOut, null, key.preset(), contextFor(set.tasks(), eval, settings.maxTokens()), sft,
                out, Provenance.adHoc(key.name(), key.seed()), DType.F32, command, objective, set.teacherLogprobs());
        SftJob.Outcome trained = SftJob.run(spec, new SftTrainer.Listener() {
            @Override
            public void onStep(SftTrainer.StepReport report) {
                listener.step(key, report);
            }
        });
        ModelEvaluation.Result result;
        try (LocalModel student = LocalModel.load(out)) {
            result = ModelEvaluation.run(student, eval, verifiers, settings.maxTokens(), done -> {});
        }
        ModelEvaluation.Slice overall = result.overall();
        StudyReport.StudentRun run = new StudyReport.StudentRun(key.source().wireName(), set.examples(), key.seed(),
                new StudyReport.Accuracy(overall.accuracy(), overall.ci95().low(), overall.ci95().high(), overall.n()), set.teacherQueries(),
                trained.result().tokensSeen(), trained.seconds(), key.preset(), trained.config().parameterCount(), trained.dataTokens(),
                trained.finalHeldOutLoss());
        ledger.record(key, run, result);
        return run;
    }

    /** Rotary positions cost nothing, but a context far beyond the longest conversation would only hide mistakes. */
    private static int contextFor(List<Task> train, List<Task> eval, int maxTokens) {
        int longest = 0;
        for (List<Task> tasks : List.of(train, eval)) {
            for (Task task : tasks) {
                int chars = task.messages().stream().mapToInt(m -> m.content().length() + 16).sum()
                        + (task.expertSolution() == null ? 0 : task.expertSolution().length());
                longest = Math.max(longest, chars);
            }
        }
        return Math.max(256, longest + maxTokens + 32);
    }
}

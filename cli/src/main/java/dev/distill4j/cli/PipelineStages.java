package dev.distill4j.cli;

import dev.distill4j.client.generate.GenerationSummary;
import dev.distill4j.client.generate.SamplingStrategy;
import dev.distill4j.core.Task;
import dev.distill4j.core.config.PipelineConfig;
import dev.distill4j.core.config.RubricLoader;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.curate.CurationStage;
import dev.distill4j.curate.DropReason;
import dev.distill4j.curate.Funnel;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;

/**
 * The data stages of a pipeline, in order: tasks, then (with a teacher) generate, verify, judge and curate. Each
 * reads the tables upstream of it and writes its own, so running them again does no work twice. {@code run},
 * {@code study} and {@code demo} share them.
 */
final class PipelineStages {
    private PipelineStages() {}

    /**
     * @param generation null without a teacher
     * @param funnel     null without a teacher
     */
    record Result(List<Task> tasks, GenerationSummary generation, Funnel funnel, boolean failedRequests, boolean unjudged) {}

    static Result run(PipelineConfig config, RunStore store, TaskFamilies families, Verifiers verifiers, PrintWriter stdout,
            Supplier<ProgressLine> progress) throws InterruptedException {
        return run(config, store, families, verifiers, stdout, progress, config.hasTeacher());
    }

    /** @param askTeacher whether to run the teacher's stages (a study of expert data only measures the teacher, nothing more) */
    static Result run(PipelineConfig config, RunStore store, TaskFamilies families, Verifiers verifiers, PrintWriter stdout,
            Supplier<ProgressLine> progress, boolean askTeacher) throws InterruptedException {
        List<Task> tasks = TasksStage.run(config.tasks(), store, families, verifiers, stdout);
        if (!config.hasTeacher() || !askTeacher) {
            return new Result(tasks, null, null, false, false);
        }
        SamplingStrategy strategy = SamplingStrategy.from(config.teacher().strategy(), config.teacher().sampling().n());
        GenerationSummary summary = GenerateStep.run(config, store, strategy, verifiers, progress.get());
        GenerateStep.print(summary, stdout);
        if (summary.requestsFailed() > 0) {
            return new Result(tasks, summary, null, true, false);
        }
        VerifyStep.print(VerifyStep.run(store, verifiers, progress.get()), stdout);
        boolean unjudged = false;
        if (config.hasJudge()) {
            JudgeStep.Result judged = JudgeStep.run(config.judge(), RubricLoader.load(config.judge().rubric()), store, config.run().seed(), null,
                    progress.get());
            JudgeStep.print(judged, stdout);
            unjudged = judged.report().unjudgedTotal() > 0;
        }
        long samples = store.samples().count();
        ProgressLine curating = progress.get();
        CurationStage.Result curated = CurationStage.run(store, config.curation(), List.of(), config.run().seed(),
                done -> curating.update(done, samples, "samples curated"));
        printFunnel(curated.funnel(), stdout);
        return new Result(tasks, summary, curated.funnel(), false, unjudged);
    }

    static void printFunnel(Funnel funnel, PrintWriter out) {
        StringBuilder drops = new StringBuilder();
        for (DropReason reason : DropReason.values()) {
            if (funnel.dropped(reason) > 0) {
                drops.append(drops.isEmpty() ? "; dropped: " : ", ").append(reason.wireName().replace('_', ' ')).append(' ')
                        .append(funnel.dropped(reason));
            }
        }
        out.printf("  curate    %d samples in, %d kept as examples%s%n", funnel.in(), funnel.kept(), drops);
    }
}

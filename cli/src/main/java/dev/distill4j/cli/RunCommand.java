package dev.distill4j.cli;

import dev.distill4j.client.generate.GenerationSummary;
import dev.distill4j.client.generate.SamplingStrategy;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.config.ConfigCheck;
import dev.distill4j.core.config.PipelineConfig;
import dev.distill4j.core.config.PipelineConfigLoader;
import dev.distill4j.core.config.RubricLoader;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.curate.CurationStage;
import dev.distill4j.curate.DropReason;
import dev.distill4j.curate.Funnel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs a configured pipeline. Every stage reads the tables upstream of it and writes its own, so running
 * again with the same config does no work twice. Stages not in this release are named, not faked.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Validate a pipeline config and run its stages into <run.dir>/<run.name>/run.duckdb.",
            "Errors name the file, line and key. Running again with the same config does no work twice."},
        footer = {"", "Examples:",
            "  ./distill run docs/pipeline.example.yaml",
            "  ./distill run pipeline.yaml --check      (validate only)",
            "A full, commented config: docs/pipeline.example.yaml"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG.yaml", description = "The pipeline config.")
    Path configFile;

    @Option(names = "--check", description = "Only validate the config; run nothing.")
    boolean checkOnly;

    @Option(names = {"-q", "--quiet"}, description = "No progress line.")
    boolean quiet;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        TaskFamilies families = TaskFamilies.discover();
        Verifiers verifiers = Verifiers.discover();
        PipelineConfig config = ConfigCheck.check(PipelineConfigLoader.load(configFile), families, verifiers);
        stdout.printf("%s: valid (run '%s', config hash %s)%n", configFile, config.run().name(), config.hash().substring(0, 12));
        if (checkOnly) {
            return ExitCode.OK.code;
        }
        Path runDir = config.run().folder();
        Provenance provenance = new Provenance(config.run().name(), config.hash(), config.run().seed(), null);
        boolean unjudged = false;
        try (RunStore store = RunStore.open(runDir, provenance)) {
            TasksStage.run(config.tasks(), store, families, verifiers, stdout);
            if (config.hasTeacher()) {
                SamplingStrategy strategy = SamplingStrategy.from(config.teacher().strategy(), config.teacher().sampling().n());
                GenerationSummary summary = GenerateStep.run(config, store, strategy, verifiers,
                        new ProgressLine(spec.commandLine().getErr(), quiet));
                GenerateStep.print(summary, stdout);
                if (summary.requestsFailed() > 0) {
                    return ExitCode.INCOMPLETE.code;
                }
                VerifyStep.print(VerifyStep.run(store, verifiers, new ProgressLine(spec.commandLine().getErr(), quiet)), stdout);
                if (config.hasJudge()) {
                    JudgeStep.Result judged = JudgeStep.run(config.judge(), RubricLoader.load(config.judge().rubric()), store,
                            config.run().seed(), null, new ProgressLine(spec.commandLine().getErr(), quiet));
                    JudgeStep.print(judged, stdout);
                    unjudged = judged.report().unjudgedTotal() > 0;
                }
                long samples = store.samples().count();
                ProgressLine curating = new ProgressLine(spec.commandLine().getErr(), quiet);
                CurationStage.Result curated = CurationStage.run(store, config.curation(), List.of(), config.run().seed(),
                        done -> curating.update(done, samples, "samples curated"));
                printFunnel(curated.funnel(), stdout);
            }
        }
        stdout.printf("  not in this release yet: %s%n", String.join(", ", List.of("train", "evaluate", "report")));
        // Samples the judge could not judge are asked about again by the next run, as failed teacher requests are.
        return unjudged ? ExitCode.INCOMPLETE.code : ExitCode.OK.code;
    }

    private static void printFunnel(Funnel funnel, PrintWriter out) {
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

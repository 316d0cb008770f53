package dev.distill4j.cli;

import dev.distill4j.client.generate.GenerationSummary;
import dev.distill4j.client.generate.SamplingStrategy;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.config.ConfigCheck;
import dev.distill4j.core.config.PipelineConfig;
import dev.distill4j.core.config.PipelineConfigLoader;
import dev.distill4j.core.config.StrategyConfig;
import dev.distill4j.core.config.StrategyKind;
import dev.distill4j.core.config.TeacherConfig;
import dev.distill4j.core.io.InputException;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.verify.Verifiers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The generate stage alone: samples from the config's teacher into the run store, resuming whatever is stored. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Ask the config's teacher endpoints for samples of every train task and store each answer as it arrives",
            "in <run.dir>/<run.name>/run.duckdb. Stored samples are never asked for again: run it again after a crash,",
            "a Ctrl-C or a budget stop and it sends only what is missing. Progress on stderr."},
        footer = {"", "Examples:",
            "  ./distill generate --config pipeline.yaml",
            "  ./distill generate --config pipeline.yaml --strategy until-verified --verified 2 --max-samples 16 --json",
            "  ./distill generate --config pipeline.yaml --strategy difficulty --verified 4 --max-samples 32 --give-up-after 8",
            "  ./distill generate --config pipeline.yaml --batch        (a provider batch; killed and run again, it polls the same batch)",
            "The strategy can also be set in the config (teacher.strategy); a flag given here overrides it.",
            "The teacher section (endpoints, sampling, strategy, batch, budget_usd): docs/pipeline.example.yaml"})
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "pipeline.yaml", description = "The pipeline config; needs a teacher section.")
    Path configFile;

    // Each flag left out keeps the config's teacher.strategy value, so null means "not given", not a default.
    @Option(names = "--strategy", paramLabel = "NAME", converter = StrategyName.class,
            description = "fixed, until-verified, or difficulty; overrides teacher.strategy.kind (default there: fixed).")
    StrategyKind strategy;

    @Option(names = "--verified", paramLabel = "K",
            description = "Passing samples wanted per task (until-verified, difficulty); overrides teacher.strategy.verified.")
    Integer verified;

    @Option(names = "--max-samples", paramLabel = "N",
            description = "The most samples per task (until-verified, difficulty); overrides teacher.strategy.max_samples.")
    Integer maxSamples;

    @Option(names = "--give-up-after", paramLabel = "M",
            description = "difficulty: no more samples after M with no pass; overrides teacher.strategy.give_up_after.")
    Integer giveUpAfter;

    @Option(names = "--batch",
            description = "Send the requests as a provider batch (/v1/files + /v1/batches, about half the price, answered within"
                    + " teacher.batch.completion_window) instead of live calls; turns teacher.batch.enabled on for this run.")
    boolean batch;

    @Option(names = "--json", description = "Print the summary as one JSON object on stdout.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress line.")
    boolean quiet;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        TaskFamilies families = TaskFamilies.discover();
        Verifiers verifiers = Verifiers.discover();
        PipelineConfig config = ConfigCheck.check(PipelineConfigLoader.load(configFile), families, verifiers);
        if (!config.hasTeacher()) {
            throw new InputException(configFile + ": no 'teacher' section: generate needs endpoints to ask"
                    + " (see docs/pipeline.example.yaml)");
        }
        SamplingStrategy chosen = strategy(config);
        Provenance provenance = new Provenance(config.run().name(), config.hash(), config.run().seed(), null);
        GenerationSummary summary;
        // With --json, stdout carries one object only: the tasks line goes to stderr.
        PrintWriter notes = json ? spec.commandLine().getErr() : stdout;
        try (RunStore store = RunStore.open(config.run().folder(), provenance)) {
            TasksStage.run(config.tasks(), store, families, verifiers, notes);
            TeacherConfig teacher = batch ? config.teacher().withBatch(config.teacher().batch().enable()) : config.teacher();
            summary = GenerateStep.run(config, teacher, store, chosen, verifiers, new ProgressLine(spec.commandLine().getErr(), quiet));
        }
        if (json) {
            stdout.println(GenerateStep.json(summary));
        } else {
            GenerateStep.print(summary, stdout);
        }
        return summary.requestsFailed() > 0 ? ExitCode.INCOMPLETE.code : ExitCode.OK.code;
    }

    /** The config's teacher.strategy with the flags given on the command line put over it. */
    private SamplingStrategy strategy(PipelineConfig config) {
        StrategyConfig.Builder chosen = config.teacher().strategy().toBuilder();
        if (strategy != null) {
            chosen.kind(strategy);
        }
        if (verified != null) {
            chosen.verified(verified);
        }
        if (maxSamples != null) {
            chosen.maxSamples(maxSamples);
        }
        if (giveUpAfter != null) {
            chosen.giveUpAfter(giveUpAfter);
        }
        return SamplingStrategy.from(chosen.build(), config.teacher().sampling().n());
    }

    /** Accepts the names as written in --help (until-verified), in any case. */
    static final class StrategyName implements picocli.CommandLine.ITypeConverter<StrategyKind> {
        @Override
        public StrategyKind convert(String value) {
            try {
                return StrategyKind.valueOf(value.strip().replace('-', '_').toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("expected fixed, until-verified or difficulty, got '" + value + "'");
            }
        }
    }
}

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
        PipelineStages.Result stages;
        try (RunStore store = RunStore.open(runDir, provenance)) {
            stages = PipelineStages.run(config, store, families, verifiers, stdout, () -> new ProgressLine(spec.commandLine().getErr(), quiet));
        }
        if (stages.failedRequests()) {
            return ExitCode.INCOMPLETE.code;
        }
        stdout.printf("  next: ./distill study --config %s (students from this data, evaluated, and the report)%n", configFile);
        // Samples the judge could not judge are asked about again by the next run, as failed teacher requests are.
        return stages.unjudged() ? ExitCode.INCOMPLETE.code : ExitCode.OK.code;
    }
}

package dev.distill4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Task;
import dev.distill4j.core.config.ConfigCheck;
import dev.distill4j.core.config.CurationConfig;
import dev.distill4j.core.config.PipelineConfig;
import dev.distill4j.core.config.PipelineConfigLoader;
import dev.distill4j.core.io.InputException;
import dev.distill4j.core.io.TaskFile;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.curate.CurationStage;
import dev.distill4j.curate.DropReason;
import dev.distill4j.curate.Funnel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The curate stage alone: samples and verdicts of a run become its examples table. */
@Command(name = "curate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Turn a run's verified samples into training examples: score threshold, length filters, best-of-N, decontamination",
            "against the run's evaluation tasks (and --eval-tasks files), exact and near duplicates, per-task caps. Replaces the",
            "run's examples table and prints the funnel: how many came in, were kept, and were dropped for each reason."},
        footer = {"", "Examples:",
            "  ./distill curate --config pipeline.yaml                  (the curation section, the run folder of run.name)",
            "  ./distill curate --run runs/check --json                 (a run made by verify --run, default settings)",
            "  ./distill curate --config pipeline.yaml --eval-tasks gsm8k-test.jsonl",
            "The curation section (min_score, best_of_n, max_per_task, dedup, near_dup_jaccard, shingle, decontaminate, ngram,",
            "min_overlap, min_chars, max_chars): docs/pipeline.example.yaml"})
final class CurateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "pipeline.yaml", description = "The pipeline config: its curation section and run folder.")
    Path configFile;

    @Option(names = "--run", paramLabel = "DIR", description = "The run folder (default: the config's run.dir/run.name).")
    Path runDir;

    @Option(names = "--eval-tasks", paramLabel = "FILE",
            description = "More evaluation tasks (JSONL, as 'tasks make' writes) to decontaminate against; may be repeated.")
    List<Path> evalTaskFiles = new ArrayList<>();

    @Option(names = "--json", description = "Print the funnel as one JSON object on stdout.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress line.")
    boolean quiet;

    @Override
    public Integer call() {
        RunChoice choice = RunChoice.of(configFile, runDir, spec);
        Verifiers verifiers = Verifiers.discover();
        List<String> evaluationTexts = new ArrayList<>();
        for (Path file : evalTaskFiles) {
            for (Task task : TaskFile.read(file, verifiers)) {
                evaluationTexts.add(task.question());
            }
        }
        CurationStage.Result result;
        try (RunStore store = RunStore.open(choice.folder(), choice.provenance())) {
            long samples = store.samples().count();
            ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), quiet || json);
            result = CurationStage.run(store, choice.curation(), evaluationTexts, choice.provenance().seed(),
                    done -> progress.update(done, samples, "samples"));
        }
        print(result);
        return ExitCode.OK.code;
    }

    private void print(CurationStage.Result result) {
        PrintWriter out = spec.commandLine().getOut();
        Funnel funnel = result.funnel();
        if (json) {
            ObjectNode object = Json.MAPPER.createObjectNode().put("in", funnel.in()).put("kept", funnel.kept())
                    .put("examples", result.examples()).put("evaluation_texts", result.evaluationTexts());
            ObjectNode dropped = object.putObject("dropped");
            funnel.dropped().forEach((reason, count) -> dropped.put(reason.wireName(), count));
            out.println(object);
            return;
        }
        out.printf("%-22s %10d%n", "samples in", funnel.in());
        for (DropReason reason : DropReason.values()) {
            if (funnel.dropped(reason) > 0) {
                out.printf("%-22s %10d%n", "- " + reason.wireName().replace('_', ' '), funnel.dropped(reason));
            }
        }
        out.printf("%-22s %10d%n", "kept (examples)", funnel.kept());
        out.printf("decontaminated against %d evaluation texts%n", result.evaluationTexts());
    }

    /** Which run and settings a stage command works on: a config (its run folder unless --run), or a bare run folder. */
    record RunChoice(Path folder, Provenance provenance, CurationConfig curation) {
        static RunChoice of(Path configFile, Path runDir, CommandSpec spec) {
            if (configFile == null && runDir == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --config pipeline.yaml, --run DIR, or both");
            }
            if (configFile == null) {
                if (!Files.isRegularFile(runDir.resolve(RunStore.FILE_NAME))) {
                    throw new InputException(runDir + ": no " + RunStore.FILE_NAME + " here (make one with generate or verify --run)");
                }
                return new RunChoice(runDir, Provenance.adHoc(runDir.toAbsolutePath().normalize().getFileName().toString(), 1),
                        CurationConfig.builder().build());
            }
            PipelineConfig config = ConfigCheck.check(PipelineConfigLoader.load(configFile), TaskFamilies.discover(), Verifiers.discover());
            Provenance provenance = new Provenance(config.run().name(), config.hash(), config.run().seed(), null);
            return new RunChoice(runDir != null ? runDir : config.run().folder(), provenance, config.curation());
        }
    }
}

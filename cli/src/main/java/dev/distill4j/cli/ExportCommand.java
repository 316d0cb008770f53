package dev.distill4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.curate.export.ExampleExport;
import dev.distill4j.curate.export.ExportFormat;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A run's curated examples as a training dataset file. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a run's curated examples (./distill curate) as a dataset for trainers: OpenAI fine-tuning chat JSONL",
            "(messages only), Hugging Face messages JSONL or Parquet, the last two with provenance columns (task_id, source,",
            "sample_key, teacher_model, verifier, score, run). Written to a temporary file, then renamed into place."},
        footer = {"", "Examples:",
            "  ./distill export --config pipeline.yaml --format chat-jsonl --out train.jsonl",
            "  ./distill export --run runs/demo --format parquet --out train.parquet",
            "  ./distill export --run runs/demo --format hf-jsonl --out train.hf.jsonl --json"})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "pipeline.yaml", description = "The pipeline config: its run folder.")
    Path configFile;

    @Option(names = "--run", paramLabel = "DIR", description = "The run folder (default: the config's run.dir/run.name).")
    Path runDir;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", converter = FormatName.class,
            description = "chat-jsonl, hf-jsonl or parquet.")
    ExportFormat format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The dataset file to write.")
    Path out;

    @Option(names = "--json", description = "Print one JSON object (rows, file, format) on stdout.")
    boolean json;

    @Override
    public Integer call() {
        CurateCommand.RunChoice choice = CurateCommand.RunChoice.of(configFile, runDir, spec);
        long rows;
        try (RunStore store = RunStore.open(choice.folder(), choice.provenance())) {
            rows = ExampleExport.run(store, format, out);
        }
        if (json) {
            ObjectNode object = Json.MAPPER.createObjectNode().put("rows", rows).put("format", format.wireName()).put("file", out.toString());
            spec.commandLine().getOut().println(object);
        } else {
            spec.commandLine().getOut().printf("wrote %d examples as %s to %s%n", rows, format.wireName(), out);
        }
        return ExitCode.OK.code;
    }

    /** The format names of --help, in any case. */
    static final class FormatName implements picocli.CommandLine.ITypeConverter<ExportFormat> {
        @Override
        public ExportFormat convert(String value) {
            try {
                return ExportFormat.parse(value.strip());
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("expected chat-jsonl, hf-jsonl or parquet, got '" + value + "'");
            }
        }
    }
}

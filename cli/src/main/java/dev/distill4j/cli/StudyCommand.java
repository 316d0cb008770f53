package dev.distill4j.cli;

import dev.distill4j.core.Json;
import dev.distill4j.core.config.ConfigCheck;
import dev.distill4j.core.config.PipelineConfig;
import dev.distill4j.core.config.PipelineConfigLoader;
import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.eval.report.HtmlReport;
import dev.distill4j.eval.report.ReportMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "study", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The sample-efficiency study of a pipeline config: its data stages (tasks, the teacher's",
            "rollouts, verification, curation), the teacher measured through its endpoint, fresh students trained",
            "on nested subsets of each data source (the config's study: section), a power law fitted to each",
            "source's curve, and the report (index.html + metrics.json). See docs/study.md.",
            "Stopped? Run it again: finished students are found, not trained again."},
        footer = {"", "Examples:",
            "  ./distill study --config docs/study.example.yaml",
            "  ./distill study --config pipeline.yaml --report /tmp/report --json"})
final class StudyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "CONFIG.yaml", description = "The pipeline config, with its study: section.")
    Path config;

    @Option(names = "--report", paramLabel = "DIR", description = "Where the report goes (default: <run folder>/report).")
    Path reportDir;

    @Option(names = "--json", description = "Print metrics.json's object instead of the table.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress line.")
    boolean quiet;

    @Override
    public Integer call() throws InterruptedException {
        long began = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        PipelineConfig pipeline = ConfigCheck.check(PipelineConfigLoader.load(config), TaskFamilies.discover(), Verifiers.discover());
        PrintWriter stages = json ? new PrintWriter(spec.commandLine().getErr(), true) : out;
        StudyPipeline.Outcome outcome = StudyPipeline.run(pipeline, stages, () -> new ProgressLine(spec.commandLine().getErr(), quiet || json),
                "./distill study --config " + config, began);
        if (outcome.incomplete()) {
            stages.println("teacher requests failed; run the same command again to retry them (nothing paid for is asked again)");
            return ExitCode.INCOMPLETE.code;
        }
        Path dir = reportDir != null ? reportDir : pipeline.run().folder().resolve("report");
        HtmlReport.write(outcome.report(), dir);
        if (json) {
            out.println(Json.MAPPER.valueToTree(ReportMetrics.of(outcome.report())).toString());
        } else {
            StudyPipeline.printHeadline(outcome.report(), out);
            out.printf("%nReport: %s (metrics: %s)%n", dir.resolve("index.html"), dir.resolve("metrics.json"));
        }
        return ExitCode.OK.code;
    }
}

package dev.distill4j.cli;

import dev.distill4j.core.config.ConfigCheck;
import dev.distill4j.core.config.PipelineConfig;
import dev.distill4j.core.config.PipelineConfigLoader;
import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.eval.report.HtmlReport;
import dev.distill4j.model.LocalModel;
import dev.distill4j.serve.OpenAiServer;
import dev.distill4j.serve.ServeConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The embedded default, end to end: the shipped teacher behind {@code serve} on loopback plays the frontier API,
 * the pipeline distills it through HTTP, a compact sample-efficiency study trains students from several data
 * sources, and the report is written. The config it runs is {@code demo.yaml} beside this class.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The whole story on this machine: the shipped teacher served on loopback, distilled through",
            "HTTP into students from several data sources at several data sizes, evaluated, and reported",
            "(index.html + metrics.json). About 4.5 minutes on 2 cores; --quick is the same story, smaller",
            "(under half a minute)."},
        footer = {"", "Examples:", "  ./distill demo", "  ./distill demo --quick --out /tmp/demo"})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "The same story, smaller: fewer tasks, students and steps.")
    boolean quick;

    @Option(names = "--out", defaultValue = "runs/demo", paramLabel = "DIR", description = "Run folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--teacher", defaultValue = ShippedTeacher.DEFAULT, paramLabel = "DIR",
            description = "The teacher checkpoint to serve (default: ${DEFAULT-VALUE}).")
    Path teacher;

    @Option(names = {"-q", "--quiet"}, description = "No progress line.")
    boolean quiet;

    @Override
    public Integer call() throws InterruptedException {
        long began = System.nanoTime();
        PrintWriter stdout = spec.commandLine().getOut();
        ShippedTeacher.require(teacher);
        Path runDir = out.toAbsolutePath().normalize();
        try (LocalModel model = LocalModel.load(teacher);
                OpenAiServer server = OpenAiServer.start(model, ServeConfig.builder().host("127.0.0.1").port(0).modelName("teacher-arith")
                        .maxBatch(64).build())) {
            stdout.printf("distill4j demo%s: %s served on %s (the \"frontier API\"), distilled through HTTP%n", quick ? " --quick" : "",
                    teacher, server.baseUrl());
            PipelineConfig config = ConfigCheck.check(PipelineConfigLoader.parse(demoConfig(server.baseUrl(), runDir), "demo.yaml", runDir.getParent()),
                    TaskFamilies.discover(), Verifiers.discover());
            StudyPipeline.Outcome outcome = StudyPipeline.run(config, stdout, () -> new ProgressLine(spec.commandLine().getErr(), quiet),
                    "./distill demo" + (quick ? " --quick" : "") + " --out " + out, began);
            if (outcome.incomplete()) {
                stdout.println("teacher requests failed; run the demo again to retry them");
                return ExitCode.INCOMPLETE.code;
            }
            Path reportDir = runDir.resolve("report");
            HtmlReport.write(outcome.report(), reportDir);
            StudyPipeline.printHeadline(outcome.report(), stdout);
            stdout.printf(Locale.ROOT, "%nReport: %s (metrics: %s); %.0f s in all. The server is stopped.%n", reportDir.resolve("index.html"),
                    reportDir.resolve("metrics.json"), (System.nanoTime() - began) / 1e9);
        }
        return ExitCode.OK.code;
    }

    /**
     * The demo's pipeline with this run's values. Full: 1,100 training tasks (enough verified rollouts for the
     * 800-example subsets when a fifth of the hot samples fail), students at 50, 200 and 800 examples, 700 steps
     * each. Quick: a tenth of it.
     */
    private String demoConfig(String baseUrl, Path runDir) {
        Map<String, String> values = quick
                ? Map.of("TRAIN", "160", "EVAL", "64", "K", "[1]", "SIZES", "[16, 32, 64]", "STEPS", "40")
                : Map.of("TRAIN", "1100", "EVAL", "200", "K", "[1, 2]", "SIZES", "[50, 200, 800]", "STEPS", "700");
        Map<String, String> all = new java.util.HashMap<>(values);
        all.put("BASE_URL", baseUrl);
        all.put("RUN_NAME", runDir.getFileName().toString());
        all.put("RUN_DIR", runDir.getParent().toString());
        return ConfigTemplate.fill("demo.yaml", all);
    }
}

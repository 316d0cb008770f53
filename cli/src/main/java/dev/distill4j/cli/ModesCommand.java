package dev.distill4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.client.TeacherEndpoint;
import dev.distill4j.core.AtomicFiles;
import dev.distill4j.core.Json;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.config.ConfigCheck;
import dev.distill4j.core.config.PipelineConfig;
import dev.distill4j.core.config.PipelineConfigLoader;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.model.LocalModel;
import dev.distill4j.serve.OpenAiServer;
import dev.distill4j.serve.ServeConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./distill modes}: every training mode measured on the same student configuration and seed against the
 * shipped teacher, served on loopback (the protocol is {@link ModeComparison}'s), as a table of accuracy against
 * teacher queries, student samples and training tokens.
 */
@Command(name = "modes", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The training modes side by side: the shipped teacher served on loopback, a common starting student",
            "(SFT on its first verified rollouts), then sft, kd, rft, onpolicy and grpo each train a copy of it; all are",
            "evaluated on the same held-out tasks. Prints accuracy against teacher queries, student samples and",
            "training tokens. About 10 minutes a seed on 2 cores; --quick is the same protocol, tiny. Resumes when rerun."},
        footer = {"", "Examples:", "  ./distill modes --markdown docs/results/modes.md", "  ./distill modes --quick --out /tmp/modes --json"})
final class ModesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "The same protocol, tiny (about a minute).")
    boolean quick;

    @Option(names = "--seeds", split = ",", defaultValue = "1", description = "Seeds: each its own order of tasks, starting student and samples (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--out", defaultValue = "runs/modes", paramLabel = "DIR", description = "Run folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--teacher", defaultValue = ShippedTeacher.DEFAULT, paramLabel = "DIR", description = "The teacher checkpoint to serve (default: ${DEFAULT-VALUE}).")
    Path teacher;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the table as Markdown to FILE.")
    Path markdown;

    @Option(names = "--json", description = "Print the rows as one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        long began = System.nanoTime();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ShippedTeacher.require(teacher);
        ModeComparison.Plan plan = quick ? ModeComparison.Plan.quick() : ModeComparison.Plan.full();
        Path runDir = out.toAbsolutePath().normalize();
        List<ModeComparison.Row> rows = new ArrayList<>();
        try (LocalModel model = LocalModel.load(teacher);
                OpenAiServer server = OpenAiServer.start(model, ServeConfig.builder().host("127.0.0.1").port(0).modelName("teacher-arith").maxBatch(64)
                        .build())) {
            PipelineConfig config = ConfigCheck.check(PipelineConfigLoader.parse(config(server.baseUrl(), runDir, plan), "modes.yaml", runDir.getParent()),
                    TaskFamilies.discover(), Verifiers.discover());
            List<Task> tasks;
            java.util.Map<String, List<dev.distill4j.eval.study.TeacherRollout>> rollouts;
            try (RunStore store = RunStore.open(runDir, new Provenance(config.run().name(), config.hash(), config.run().seed(), null))) {
                PipelineStages.Result stages = PipelineStages.run(config, store, TaskFamilies.discover(), Verifiers.discover(), err,
                        () -> new ProgressLine(err, false), true);
                if (stages.failedRequests()) {
                    stdout.println("teacher requests failed; run the command again to retry them");
                    return ExitCode.INCOMPLETE.code;
                }
                tasks = stages.tasks();
                rollouts = StudyPipeline.rollouts(store);
            }
            List<Task> train = tasks.stream().filter(t -> t.split() == Split.TRAIN).toList();
            List<Task> eval = tasks.stream().filter(t -> t.split() == Split.EVAL).limit(plan.evalTasks()).toList();
            TeacherEndpoint endpoint = TeacherEndpoint.builder().name("loopback").baseUrl(server.baseUrl()).model("teacher-arith").build();
            for (long seed : seeds) {
                rows.addAll(ModeComparison.run(plan, train, eval, rollouts, endpoint, runDir.resolve("models"), seed,
                        step -> err.printf("seed %d: %s%n", seed, step)));
            }
        }
        String command = "./distill modes" + (quick ? " --quick" : "") + " --seeds " + String.join(",", seeds.stream().map(String::valueOf).toList());
        String table = markdown(rows, plan, command, (System.nanoTime() - began) / 1e9);
        if (json) {
            ObjectNode object = Json.MAPPER.createObjectNode().put("command", command);
            object.set("plan", Json.MAPPER.valueToTree(plan));
            ArrayNode array = object.putArray("rows");
            rows.forEach(row -> array.add(Json.MAPPER.valueToTree(row)));
            stdout.println(object);
        } else {
            stdout.print(table);
            stdout.flush();
        }
        if (markdown != null) {
            AtomicFiles.writeText(markdown, writer -> writer.write(table));
            err.println("wrote " + markdown);
        }
        return ExitCode.OK.code;
    }

    /** The rows as a Markdown table, with the protocol's sizes and the command that made it. */
    static String markdown(List<ModeComparison.Row> rows, ModeComparison.Plan plan, String command, double seconds) {
        StringBuilder text = new StringBuilder();
        text.append("| mode | seed | accuracy (95% CI) | teacher queries | student samples | training tokens | seconds | note |\n");
        text.append("|---|---|---|---:|---:|---:|---:|---|\n");
        for (ModeComparison.Row row : rows) {
            text.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% (%.1f-%.1f) | %,d | %,d | %,d | %.0f | %s |%n", row.mode(), row.seed(),
                    100 * row.accuracy(), 100 * row.low(), 100 * row.high(), row.teacherQueries(), row.studentSamples(), row.trainingTokens(),
                    row.seconds(), row.note()));
        }
        text.append(String.format(Locale.ROOT, "%nMade by `%s` in %.0f s. Micro students (0.1M parameters) on 2-digit addition, %d held-out tasks;"
                + " the starting student: SFT on %d verified rollouts for %d steps; sft and kd: %d rollouts, %d more steps; rft: %d rounds of %d answers"
                + " per prompt; onpolicy: %d rounds of %d prompts; grpo: %d rounds of %d prompts x %d answers.%n", command, seconds, plan.evalTasks(),
                plan.baseExamples(), plan.baseSteps(), plan.moreExamples(), plan.moreSteps(), plan.rftRounds(), plan.rftSamples(), plan.policyRounds(),
                plan.onPolicyPrompts(), plan.policyRounds(), plan.grpoPrompts(), plan.grpoGroup()));
        return text.toString();
    }

    private static String config(String baseUrl, Path runDir, ModeComparison.Plan plan) {
        return ConfigTemplate.fill("modes.yaml", java.util.Map.of("BASE_URL", baseUrl, "RUN_NAME", runDir.getFileName().toString(), "RUN_DIR",
                runDir.getParent().toString(), "TRAIN", Integer.toString(plan.trainTasks()), "EVAL", Integer.toString(plan.evalTasks())));
    }
}

package dev.distill4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.Verdict;
import dev.distill4j.core.io.JsonLines;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.eval.ModelEvaluation;
import dev.distill4j.model.LocalModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Greedy accuracy of a local model on held-out tasks, graded by each task's verifier, with a 95%% Wilson",
            "interval, overall and by difficulty / template."},
        footer = {"", "Examples:",
            "  ./distill eval --model models/teacher-arith --family arith --n 1000",
            "  ./distill eval --model models/teacher-extract --family extract --n 500 --json",
            "  ./distill eval --model models/student --tasks eval.jsonl --answers answers.jsonl"})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A checkpoint folder (Hugging Face layout).")
    Path model;

    @Mixin
    TaskSource source;

    @Option(names = "--n", defaultValue = "1000", description = "Evaluation tasks to generate from a family (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated tasks (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-tokens", defaultValue = "800", description = "Longest answer decoded (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--answers", paramLabel = "FILE",
            description = "Also write every answer with its verdict as JSONL (task_id, answer, pass, score, reason).")
    Path answersFile;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress line.")
    boolean quiet;

    @Override
    public Integer call() {
        List<Task> tasks = source.tasks(n, seed, Split.EVAL);
        if (source.file != null) {
            tasks = tasks.stream().filter(t -> t.split() == Split.EVAL).toList();
            if (tasks.isEmpty()) {
                throw new IllegalArgumentException(source.file + " has no tasks with split 'eval'");
            }
        }
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), quiet || json);
        int total = tasks.size();
        ModelEvaluation.Result result;
        try (LocalModel local = LocalModel.load(model)) {
            result = ModelEvaluation.run(local, tasks, Verifiers.discover(), maxTokens, done -> progress.update(done, total, "tasks"));
        }
        if (answersFile != null) {
            writeAnswers(tasks, result);
        }
        PrintWriter out = spec.commandLine().getOut();
        ModelEvaluation.Slice overall = result.overall();
        if (json) {
            ObjectNode object = Json.MAPPER.createObjectNode().put("model", model.toString()).put("accuracy", overall.accuracy())
                    .put("ci95_low", overall.ci95().low()).put("ci95_high", overall.ci95().high()).put("n", overall.n())
                    .put("correct", overall.correct());
            ObjectNode slices = object.putObject("by_slice");
            result.bySlice().forEach((key, slice) -> slices.putObject(key).put("n", slice.n()).put("accuracy", slice.accuracy()));
            out.println(object);
        } else {
            out.printf("accuracy %.1f%% (95%% CI %.1f%%-%.1f%%) on %d tasks%n", 100 * overall.accuracy(), 100 * overall.ci95().low(),
                    100 * overall.ci95().high(), overall.n());
            result.bySlice().forEach((key, slice) -> out.printf("  %-24s %6.1f%%  (n=%d)%n", key, 100 * slice.accuracy(), slice.n()));
        }
        return ExitCode.OK.code;
    }

    /** One line per task, in task order, so a reader can see what the model got wrong and why. */
    private void writeAnswers(List<Task> tasks, ModelEvaluation.Result result) {
        List<ObjectNode> lines = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            Verdict verdict = result.report().verdicts().get(i);
            lines.add(Json.MAPPER.createObjectNode().put("task_id", tasks.get(i).id()).put("answer", result.completions().get(i).text())
                    .put("pass", verdict.pass()).put("score", verdict.score()).put("reason", verdict.reason()));
        }
        JsonLines.write(answersFile, lines);
    }
}

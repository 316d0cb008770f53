package dev.distill4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.Verdict;
import dev.distill4j.core.io.JsonLines;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.core.config.EndpointConfig;
import dev.distill4j.core.config.SamplingConfig;
import dev.distill4j.core.config.TeacherConfig;
import dev.distill4j.eval.ModelEvaluation;
import dev.distill4j.eval.SampledEvaluation;
import dev.distill4j.model.generate.Sampling;
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
        description = {"Greedy accuracy of a local model, or of any OpenAI-compatible endpoint, on held-out tasks,",
            "graded by each task's verifier, with a 95%% Wilson interval, overall and by difficulty / template;",
            "with --k, pass@k (unbiased estimator) and maj@k (majority vote) from max(k) samples per task."},
        footer = {"", "Examples:",
            "  ./distill eval --model models/teacher-arith --family arith --n 1000",
            "  ./distill eval --model models/teacher-extract --family extract --n 500 --json",
            "  ./distill eval --model models/student --tasks eval.jsonl --answers answers.jsonl",
            "  ./distill eval --model models/teacher-arith --family arith --n 200 --k 1,4,8 --temperature 1.0",
            "  ./distill eval --endpoint http://127.0.0.1:8000/v1 --endpoint-model teacher-arith --family arith --n 200",
            "  ./distill eval --endpoint https://api.example.com/v1 --endpoint-model big-model --api-key-env PROVIDER_API_KEY --family arith"})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "A checkpoint folder (Hugging Face layout).")
    Path model;

    @Option(names = "--endpoint", paramLabel = "URL", description = "Or an OpenAI-compatible base URL (ending in /v1) to evaluate.")
    String endpoint;

    @Option(names = "--endpoint-model", paramLabel = "NAME", description = "The model name sent to --endpoint.")
    String endpointModel;

    @Option(names = "--api-key-env", paramLabel = "VAR", description = "The environment variable holding --endpoint's API key (never the key itself).")
    String apiKeyEnv;

    @Option(names = "--concurrency", defaultValue = "16", description = "Requests in flight to --endpoint (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--k", split = ",", paramLabel = "K", description = "Also report pass@k and maj@k for each k, from max(k) samples per task.")
    List<Integer> ks;

    @Option(names = "--temperature", defaultValue = "1.0", description = "Sampling temperature of the --k samples (default: ${DEFAULT-VALUE}).")
    double temperature;

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
    public Integer call() throws InterruptedException {
        List<Task> tasks = source.tasks(n, seed, Split.EVAL);
        if (source.file != null) {
            tasks = tasks.stream().filter(t -> t.split() == Split.EVAL).toList();
            if (tasks.isEmpty()) {
                throw new IllegalArgumentException(source.file + " has no tasks with split 'eval'");
            }
        }
        if ((model == null) == (endpoint == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give one of --model DIR and --endpoint URL");
        }
        if (endpoint != null && endpointModel == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--endpoint needs --endpoint-model NAME");
        }
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), quiet || json);
        int total = tasks.size();
        Verifiers verifiers = Verifiers.discover();
        int samples = ks == null ? 0 : ks.stream().mapToInt(Integer::intValue).max().orElse(0);
        if (ks != null && ks.stream().anyMatch(k -> k < 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--k: each k must be >= 1, got " + ks);
        }
        ModelEvaluation.Result result;
        SampledEvaluation.Result sampled = null;
        if (model != null) {
            try (LocalModel local = LocalModel.load(model)) {
                result = ModelEvaluation.run(local, tasks, verifiers, maxTokens, done -> progress.update(done, total, "tasks"));
                if (samples > 0) {
                    sampled = SampledEvaluation.of(tasks, localSamples(local, tasks, samples), verifiers, ks);
                }
            }
        } else {
            TeacherConfig teacher = new TeacherConfig(List.of(EndpointConfig.builder().name("eval").baseUrl(endpoint).model(endpointModel)
                    .apiKeyEnv(apiKeyEnv).maxConcurrency(concurrency).build()), SamplingConfig.builder().build(), null);
            List<List<String>> greedy = EndpointAnswers.ask(teacher, tasks, 1, 0.0, maxTokens, seed, done -> progress.update(done, total, "tasks"));
            result = ModelEvaluation.grade(tasks, greedy.stream().map(a -> a.get(0)).toList(), verifiers);
            if (samples > 0) {
                sampled = SampledEvaluation.of(tasks, EndpointAnswers.ask(teacher, tasks, samples, temperature, maxTokens, seed + 1,
                        done -> progress.update(done, total, "tasks sampled")), verifiers, ks);
            }
        }
        if (answersFile != null) {
            writeAnswers(tasks, result);
        }
        PrintWriter out = spec.commandLine().getOut();
        ModelEvaluation.Slice overall = result.overall();
        if (json) {
            ObjectNode object = Json.MAPPER.createObjectNode().put("model", model != null ? model.toString() : endpointModel)
                    .put("accuracy", overall.accuracy())
                    .put("ci95_low", overall.ci95().low()).put("ci95_high", overall.ci95().high()).put("n", overall.n())
                    .put("correct", overall.correct());
            ObjectNode slices = object.putObject("by_slice");
            result.bySlice().forEach((key, slice) -> slices.putObject(key).put("n", slice.n()).put("accuracy", slice.accuracy()));
            if (sampled != null) {
                object.put("samples_per_task", sampled.samplesPerTask()).put("temperature", temperature);
                ObjectNode pass = object.putObject("pass_at_k");
                sampled.passAtK().forEach((k, value) -> pass.put(String.valueOf(k), value));
                ObjectNode majority = object.putObject("maj_at_k");
                sampled.majAtK().forEach((k, value) -> majority.put(String.valueOf(k), value));
            }
            out.println(object);
        } else {
            out.printf("accuracy %.1f%% (95%% CI %.1f%%-%.1f%%) on %d tasks%n", 100 * overall.accuracy(), 100 * overall.ci95().low(),
                    100 * overall.ci95().high(), overall.n());
            result.bySlice().forEach((key, slice) -> out.printf("  %-24s %6.1f%%  (n=%d)%n", key, 100 * slice.accuracy(), slice.n()));
            if (sampled != null) {
                SampledEvaluation.Result shown = sampled;
                out.printf("%d samples per task at temperature %s:%n", shown.samplesPerTask(), temperature);
                shown.passAtK().forEach((k, value) -> out.printf("  pass@%-3d %6.1f%%   maj@%-3d %6.1f%%%n", k, 100 * value, k,
                        100 * shown.majAtK().get(k)));
            }
        }
        return ExitCode.OK.code;
    }

    /** {@code samples} answers per task from the local model at --temperature, batched. */
    private List<List<String>> localSamples(LocalModel local, List<Task> tasks, int samples) {
        List<List<dev.distill4j.core.ChatMessage>> prompts = new ArrayList<>();
        List<Sampling> settings = new ArrayList<>();
        int context = local.config().maxPositionEmbeddings();
        for (int i = 0; i < tasks.size(); i++) {
            // As in greedy evaluation: an answer may use what the context leaves after its prompt, up to --max-tokens.
            int room = Math.max(1, Math.min(maxTokens, context - local.tokenizer().encode(local.template().render(tasks.get(i).messages(), true)).length));
            for (int s = 0; s < samples; s++) {
                prompts.add(tasks.get(i).messages());
                settings.add(new Sampling(temperature, 1.0, 0, room, List.of(), seed * 1_000_003L + (long) i * samples + s, false, 0));
            }
        }
        List<List<String>> answers = new ArrayList<>();
        List<String> flat = local.chat(prompts, settings).stream().map(c -> c.text()).toList();
        for (int i = 0; i < tasks.size(); i++) {
            answers.add(flat.subList(i * samples, (i + 1) * samples));
        }
        return answers;
    }

    /** One line per task, in task order, so a reader can see what the model got wrong and why. */
    private void writeAnswers(List<Task> tasks, ModelEvaluation.Result result) {
        List<ObjectNode> lines = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            Verdict verdict = result.report().verdicts().get(i);
            lines.add(Json.MAPPER.createObjectNode().put("task_id", tasks.get(i).id()).put("answer", result.answers().get(i))
                    .put("pass", verdict.pass()).put("score", verdict.score()).put("reason", verdict.reason()));
        }
        JsonLines.write(answersFile, lines);
    }
}

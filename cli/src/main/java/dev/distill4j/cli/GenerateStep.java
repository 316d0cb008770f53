package dev.distill4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.client.OpenAiBatchWire;
import dev.distill4j.client.TeacherClient;
import dev.distill4j.client.generate.GenerateStage;
import dev.distill4j.client.generate.GenerationProgress;
import dev.distill4j.client.generate.GenerationSummary;
import dev.distill4j.client.generate.SamplingStrategy;
import dev.distill4j.core.Json;
import dev.distill4j.core.config.PipelineConfig;
import dev.distill4j.core.config.TeacherConfig;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.verify.Verifiers;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.stream.Collectors;

/** The generate stage as the commands run it: a client for the config's endpoints, a progress line, a summary. */
final class GenerateStep {
    private GenerateStep() {}

    static GenerationSummary run(PipelineConfig config, RunStore store, SamplingStrategy strategy, Verifiers verifiers,
            ProgressLine progressLine) throws InterruptedException {
        return run(config, config.teacher(), store, strategy, verifiers, progressLine);
    }

    /** @param teacher the config's teacher section as this run uses it ({@code --batch} turns batches on in it) */
    static GenerationSummary run(PipelineConfig config, TeacherConfig teacher, RunStore store, SamplingStrategy strategy, Verifiers verifiers,
            ProgressLine progressLine) throws InterruptedException {
        boolean[] first = {true};
        try (TeacherClient client = GenerateStage.clientFor(teacher).seed(config.run().seed()).build();
                OpenAiBatchWire batchWire = teacher.batch().enabled() ? GenerateStage.batchWireFor(teacher, System::getenv, config.run().seed())
                        : null) {
            return GenerateStage.builder().store(store).client(client).batchWire(batchWire).teacher(teacher).strategy(strategy)
                    .verifiers(verifiers).progress(progress -> {
                        // Samples found stored say nothing about the teacher's speed: the ETA counts only what this run does.
                        if (first[0]) {
                            progressLine.resumedAt(progress.done());
                            first[0] = false;
                        }
                        progressLine.update(progress.done(), progress.total(), detail(progress));
                    })
                    .build().run();
        }
    }

    static String detail(GenerationProgress progress) {
        String errors = progress.errors().isEmpty() ? "" : ", errors " + progress.errors().entrySet().stream()
                .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " " + e.getValue()).collect(Collectors.joining(" "));
        return String.format(Locale.ROOT, "samples, %.1f req/s, %.0f tok/s, $%.4f%s", progress.requestsPerSecond(),
                progress.tokensPerSecond(), progress.costUsd(), errors);
    }

    static ObjectNode json(GenerationSummary summary) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("tasks", summary.tasks()).put("samples_stored", summary.samplesStored()).put("samples_written", summary.samplesWritten())
                .put("requests_sent", summary.requestsSent()).put("requests_failed", summary.requestsFailed())
                .put("requests_cached", summary.requestsCached()).put("prompt_tokens", summary.promptTokens())
                .put("completion_tokens", summary.completionTokens()).put("cost_usd", summary.costUsd())
                .put("saved_usd", summary.savedUsd()).put("stopped_by_budget", summary.stoppedByBudget())
                .put("elapsed_s", summary.elapsed().toMillis() / 1000.0).put("batches", summary.batches());
        summary.batchProblems().forEach(json.putArray("batch_problems")::add);
        ObjectNode errors = json.putObject("errors");
        summary.errors().forEach((kind, count) -> errors.put(kind.name().toLowerCase(Locale.ROOT), count));
        return json;
    }

    static void print(GenerationSummary summary, PrintWriter out) {
        out.printf(Locale.ROOT, "  generate  %d samples for %d tasks (%d new) from %d requests; %d requests not sent again (saved $%.4f)%n",
                summary.samplesStored(), summary.tasks(), summary.samplesWritten(), summary.requestsSent(), summary.requestsCached(),
                summary.savedUsd());
        out.printf(Locale.ROOT, "            %d prompt + %d completion tokens, $%.4f%s%n", summary.promptTokens(),
                summary.completionTokens(), summary.costUsd(), summary.stoppedByBudget() ? "; stopped at the budget" : "");
        if (summary.batches() > 0) {
            out.printf(Locale.ROOT, "            through %d provider batch(es), at the batch price%n", summary.batches());
        }
        summary.batchProblems().forEach(problem -> out.println("            " + problem));
        if (summary.requestsFailed() > 0) {
            out.printf("            %d request(s) failed (%s); run again to retry them%n", summary.requestsFailed(),
                    summary.errors().entrySet().stream().map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " " + e.getValue())
                            .collect(Collectors.joining(", ")));
        }
    }
}

package dev.distill4j.cli;

import dev.distill4j.client.BoundedConcurrency;
import dev.distill4j.client.ChatCall;
import dev.distill4j.client.Completion;
import dev.distill4j.client.TeacherClient;
import dev.distill4j.client.TeacherResult;
import dev.distill4j.client.generate.GenerateStage;
import dev.distill4j.core.Task;
import dev.distill4j.core.config.EndpointConfig;
import dev.distill4j.core.config.TeacherConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Answers of a model behind an OpenAI-compatible endpoint to evaluation tasks: what {@code eval --endpoint} and
 * the study measure a teacher with. Through the same client as generation (limits, retries, circuit breaker).
 */
final class EndpointAnswers {
    private EndpointAnswers() {}

    /**
     * @param samples     answers per task: 1 greedy (temperature 0), or k sampled at {@code temperature} for pass@k and maj@k
     * @return per task, its answers in order
     */
    static List<List<String>> ask(TeacherConfig teacher, List<Task> tasks, int samples, double temperature, int maxTokens, long seed,
            IntConsumer progress) throws InterruptedException {
        AtomicInteger done = new AtomicInteger();
        try (TeacherClient client = GenerateStage.clientFor(teacher).seed(seed).build()) {
            int concurrency = teacher.endpoints().stream().mapToInt(EndpointConfig::maxConcurrency).sum();
            return BoundedConcurrency.map(tasks, concurrency, task -> {
                TeacherResult result = client.call(new ChatCall(task.messages(), samples, samples == 1 ? 0.0 : temperature, 1.0, maxTokens, List.of(),
                        seed, false, 0, Map.of()));
                progress.accept(done.incrementAndGet());
                return result.choices().stream().map(Completion::text).toList();
            });
        }
    }
}

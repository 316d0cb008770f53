package dev.distill4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.tasks.TaskRequest;
import dev.distill4j.model.LocalModel;
import dev.distill4j.tasks.arith.ArithFamily;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Output tokens per second of a live server at several numbers of concurrent clients, all in one run so their
 * ratio is fair on a shared machine. A level with C clients has C x R requests (greedy chat completions of
 * arithmetic tasks, the teacher's own job) in a shared list; each client takes the next one as soon as its last one
 * is answered, over loopback HTTP, so C are in flight until the list runs out (as vLLM's serving benchmark does with
 * a concurrency limit). A level's rate is the completion tokens the server reported over the level's wall time.
 * Latency percentiles are of the highest level's requests.
 */
public final class ServeBenchmark {
    private ServeBenchmark() {}

    /**
     * Rates by number of clients, in the order asked; latencies of the last (highest) level. {@code meanBatchRows}: the
     * rows of the running batch averaged over a level's decoding steps (how full the batch ran, at most the number of
     * clients); {@code prefillPasses}: the level's forward passes for joining prompts.
     */
    public record Figures(String model, int maxBatch, int requestsPerClient, Map<Integer, Double> tokensPerSecond, Map<Integer, Double> meanBatchRows,
            Map<Integer, Long> prefillPasses, double p50Ms, double p99Ms, long requests, int failed) {}

    /**
     * @param maxTokens the most tokens per answer (the arith teacher stops by itself after 100-300)
     */
    public static Figures run(LocalModel model, int[] clients, int requestsPerClient, int maxTokens, int maxBatch) throws Exception {
        return run(model, clients, requestsPerClient, maxTokens, maxBatch, null);
    }

    /** The same with the guard recording and scoring every request (null: no guard). */
    public static Figures run(LocalModel model, int[] clients, int requestsPerClient, int maxTokens, int maxBatch, dev.distill4j.serve.guard.Guard guard)
            throws Exception {
        int most = Arrays.stream(clients).max().orElse(1);
        List<String> questions = new ArithFamily().generate(TaskRequest.of(most * requestsPerClient + 4, 2024, Split.EVAL)).stream()
                .map(Task::question).toList();
        ServeConfig config = ServeConfig.builder().port(0).maxBatch(maxBatch).maxQueuedRows(Math.max(1024, most * 2)).guard(guard).build();
        Map<Integer, Double> rates = new LinkedHashMap<>();
        Map<Integer, Double> meanRows = new LinkedHashMap<>();
        Map<Integer, Long> prefills = new LinkedHashMap<>();
        double[] latencies = new double[0];
        long requests = 0;
        AtomicInteger failed = new AtomicInteger();
        try (OpenAiServer server = OpenAiServer.start(model, config);
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            HttpClient http = HttpClient.newBuilder().executor(threads).connectTimeout(Duration.ofSeconds(10)).build();
            URI chat = URI.create(server.baseUrl() + "/chat/completions");
            // Warm-up: native code paths, the JIT, the first connections.
            ask(http, chat, questions.get(0), maxTokens, failed);
            ask(http, chat, questions.get(1), maxTokens, failed);
            for (int level : clients) {
                AtomicLong tokens = new AtomicLong();
                double[] levelLatencies = new double[level * requestsPerClient];
                List<Future<?>> running = new ArrayList<>();
                Metrics.EngineCounts before = server.engineCounts();
                long start = System.nanoTime();
                AtomicInteger next = new AtomicInteger();
                for (int client = 0; client < level; client++) {
                    running.add(threads.submit(() -> {
                        for (int r = next.getAndIncrement(); r < levelLatencies.length; r = next.getAndIncrement()) {
                            long sent = System.nanoTime();
                            tokens.addAndGet(ask(http, chat, questions.get(2 + r), maxTokens, failed));
                            levelLatencies[r] = (System.nanoTime() - sent) / 1e6;
                        }
                        return null;
                    }));
                }
                for (Future<?> future : running) {
                    future.get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                Metrics.EngineCounts after = server.engineCounts();
                rates.put(level, tokens.get() / seconds);
                long steps = after.decodeSteps() - before.decodeSteps();
                meanRows.put(level, steps == 0 ? 0 : (double) (after.decodeRows() - before.decodeRows()) / steps);
                prefills.put(level, after.prefillPasses() - before.prefillPasses());
                latencies = levelLatencies;
                requests += levelLatencies.length;
            }
            Arrays.sort(latencies);
            return new Figures(server.modelName(), maxBatch, requestsPerClient, rates, meanRows, prefills, percentile(latencies, 0.50), percentile(latencies, 0.99),
                    requests, failed.get());
        }
    }

    /** Completion tokens of one greedy chat request, or 0 (counted as failed) when it did not succeed. */
    private static long ask(HttpClient http, URI chat, String question, int maxTokens, AtomicInteger failed) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("temperature", 0).put("max_tokens", maxTokens);
        body.putArray("messages").addObject().put("role", "user").put("content", question);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(chat).timeout(Duration.ofMinutes(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                failed.incrementAndGet();
                return 0;
            }
            JsonNode answer = Json.MAPPER.readTree(response.body());
            return answer.path("usage").path("completion_tokens").asLong();
        } catch (Exception e) {
            failed.incrementAndGet();
            return 0;
        }
    }

    /** The nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}

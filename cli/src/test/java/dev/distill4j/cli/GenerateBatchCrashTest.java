package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Json;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Sample;
import dev.distill4j.core.TeacherBatch;
import dev.distill4j.core.TeacherRequest;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.model.LocalModel;
import dev.distill4j.serve.OpenAiServer;
import dev.distill4j.serve.ServeConfig;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code ./distill generate --batch} child process, killed with SIGKILL once its batch exists at the server
 * ({@code ./distill serve}'s server, in this JVM, with the shipped teacher), and started again: it polls the same batch
 * rather than submitting another, and the run ends with every sample stored once.
 */
class GenerateBatchCrashTest {
    private static final int TRAIN_TASKS = 4;
    private static final int N = 2;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void should_poll_the_batch_it_created_after_a_sigkill_and_store_each_sample_once() throws Exception {
        Path modelDir = Path.of("..", "models", "teacher-arith").toAbsolutePath().normalize();
        try (LocalModel model = LocalModel.load(modelDir);
                OpenAiServer server = OpenAiServer.start(model, ServeConfig.builder().port(0).maxBatch(8).stateDir(dir.resolve("state")).build())) {
            Path config = config(server.baseUrl());
            Process first = start(config);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (batches(server).isEmpty()) {
                assertThat(first.isAlive()).as("the first generate is still running").isTrue();
                assertThat(System.nanoTime()).as("a batch was created in time").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(first.isAlive()).isTrue();
            first.destroyForcibly().waitFor(); // SIGKILL on Linux: no shutdown hook, no finally block runs
            assertThat(batches(server).get(0).path("status").asText()).as("killed before its batch finished")
                    .isIn("validating", "in_progress", "finalizing");

            Process second = start(config);
            assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as(new String(second.getErrorStream().readAllBytes())).isZero();

            List<JsonNode> batches = batches(server);
            assertThat(batches).as("one batch created, whatever the kill").hasSize(1);
            JsonNode batch = batches.get(0);
            assertThat(batch.path("status").asText()).isEqualTo("completed");
            List<String> answered = outputCustomIds(server, batch.path("output_file_id").asText());
            assertThat(answered).hasSize(TRAIN_TASKS).doesNotHaveDuplicates();

            try (RunStore store = RunStore.open(dir.resolve("runs/batch-crash"), Provenance.adHoc("check", 1))) {
                List<Sample> samples = store.samples().all();
                assertThat(samples).hasSize(TRAIN_TASKS * N);
                Map<String, Set<Integer>> indices = new HashMap<>();
                samples.forEach(sample -> indices.computeIfAbsent(sample.taskId(), k -> new HashSet<>()).add(sample.sampleIndex()));
                assertThat(indices).hasSize(TRAIN_TASKS).allSatisfy((task, have) -> assertThat(have).containsExactlyInAnyOrder(0, 1));
                // Every answered custom_id is a stored request, and every stored request was answered by that batch.
                assertThat(store.requests().all()).extracting(TeacherRequest::key).containsExactlyInAnyOrderElementsOf(answered);
                List<TeacherBatch> steps = store.batches().all();
                assertThat(steps).extracting(TeacherBatch::step).containsExactlyInAnyOrder("uploaded", "created", "settled");
                assertThat(steps).filteredOn(step -> step.batchId() != null).extracting(TeacherBatch::batchId)
                        .containsOnly(batch.path("id").asText());
            }
        }
    }

    private static List<JsonNode> batches(OpenAiServer server) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/batches?limit=100")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonNode> batches = new ArrayList<>();
        Json.MAPPER.readTree(answer.body()).path("data").forEach(batches::add);
        return batches;
    }

    private static List<String> outputCustomIds(OpenAiServer server, String fileId) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/files/" + fileId + "/content")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        List<String> customIds = new ArrayList<>();
        for (String line : answer.body().strip().split("\n")) {
            customIds.add(Json.MAPPER.readTree(line).path("custom_id").asText());
        }
        return customIds;
    }

    private Process start(Path config) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "generate", "--config", config.toString(), "--batch", "--quiet");
        return new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(new File(dir.toFile(), "out.log"))
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
    }

    private Path config(String baseUrl) throws Exception {
        Path config = dir.resolve("pipeline.yaml");
        Files.writeString(config, """
                run: {name: batch-crash, dir: runs, seed: 3}
                tasks: {family: arith, train: %d, eval: 1}
                teacher:
                  endpoints:
                    - {name: local, base_url: %s, model: teacher-arith, timeout_seconds: 30}
                  sampling: {n: %d, seed: 11, max_tokens: 24}
                  batch: {poll_seconds: 0.1, max_poll_seconds: 0.5}
                """.formatted(TRAIN_TASKS, baseUrl, N));
        return config;
    }
}

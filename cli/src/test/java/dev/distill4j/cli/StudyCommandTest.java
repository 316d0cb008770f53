package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Json;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.model.LocalModel;
import dev.distill4j.serve.OpenAiServer;
import dev.distill4j.serve.ServeConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyCommandTest {
    @TempDir
    Path dir;

    @Test
    void should_study_expert_data_measuring_the_teacher_without_asking_it_for_data() throws Exception {
        try (LocalModel model = LocalModel.load(DemoCommandTest.TEACHER);
                OpenAiServer server = OpenAiServer.start(model, ServeConfig.builder().port(0).modelName("teacher-arith").maxBatch(16).build())) {
            Path config = dir.resolve("study.yaml");
            Files.writeString(config, """
                    run: {name: s, dir: runs, seed: 3}
                    teacher:
                      endpoints: [{name: local, base_url: '%s', model: teacher-arith}]
                      sampling: {max_tokens: 120}
                    tasks: {family: arith, train: 40, eval: 16, options: {digits: 2, ops: add}}
                    evaluation: {n: 16, k: [1, 2], max_tokens: 120}
                    study: {sources: [gold, expert], sizes: [8, 16, 32], seeds: [1], steps: 4, batch_size: 8, workers: 2}
                    """.formatted(server.baseUrl()));
            // In a JVM of its own, as a user runs it: nothing has loaded the PyTorch engine before the study needs it.
            String javaBinary = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(javaBinary, "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true", "-cp",
                    System.getProperty("java.class.path"), Main.class.getName(), "study", "--config", config.toString(), "--json")
                    .redirectError(dir.resolve("stderr.txt").toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(dir.resolve("stderr.txt"))).isZero();
            JsonNode metrics = Json.MAPPER.readTree(out);
            assertThat(metrics.get("teacher_accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
            assertThat(metrics.get("students")).hasSize(6);
            assertThat(metrics.get("curves")).extracting(c -> c.get("source").asText()).containsExactly("gold", "expert");
            // Four steps teach nothing: nothing reaches 90% of the teacher, and the metrics say so with nulls.
            assertThat(metrics.get("examples_to_90pct_of_teacher").isNull()).isTrue();
            assertThat(metrics.get("teacher").get("pass_at_k").has("2")).isTrue();
            assertThat(metrics.get("scaling").get("rows").size()).isEqualTo(2);
            assertThat(Files.isRegularFile(dir.resolve("runs/s/report/index.html"))).isTrue();
            try (RunStore store = RunStore.open(dir.resolve("runs/s"), Provenance.adHoc("check", 1))) {
                assertThat(store.samples().count()).as("no teacher data was asked for").isZero();
                assertThat(store.evals().where("eval_name", "teacher-greedy")).hasSize(16);
            }
        }
    }

    @Test
    void should_refuse_a_config_without_a_teacher_saying_why() throws Exception {
        Path config = dir.resolve("study.yaml");
        Files.writeString(config, "run: {name: s, dir: runs}\ntasks: {family: arith, train: 10, eval: 4}\n");
        CliRun run = CliRun.of("study", "--config", config.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code);
        assertThat(run.err()).contains("the study measures students against a teacher").contains("'teacher' section");
    }
}

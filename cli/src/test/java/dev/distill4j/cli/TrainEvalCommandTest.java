package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainEvalCommandTest {
    @TempDir
    Path dir;

    @Test
    void should_train_a_checkpoint_and_evaluate_it_with_a_wilson_interval() throws Exception {
        Path model = dir.resolve("tiny-arith");
        CliRun train = CliRun.of("train", "--family", "arith", "--n", "40", "--eval-n", "8", "--preset", "tiny", "--max-steps", "3",
                "--batch-size", "8", "--out", model.toString(), "--quiet");
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out()).contains("wrote " + model).contains("3 steps");
        assertThat(Files.readString(model.resolve("README.md"))).contains("./distill train --family arith --n 40");

        Path answers = dir.resolve("answers.jsonl");
        CliRun eval = CliRun.of("eval", "--model", model.toString(), "--family", "arith", "--n", "8", "--max-tokens", "16", "--json",
                "--answers", answers.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode result = Json.MAPPER.readTree(eval.out());
        assertThat(result.get("n").asInt()).isEqualTo(8);
        double accuracy = result.get("accuracy").asDouble();
        assertThat(accuracy).isEqualTo(result.get("correct").asDouble() / 8);
        assertThat(result.get("ci95_low").asDouble()).isLessThanOrEqualTo(accuracy);
        assertThat(result.get("ci95_high").asDouble()).isGreaterThanOrEqualTo(accuracy).isLessThanOrEqualTo(1.0);

        // The answers file: one line per evaluated task, each a distinct task, passes adding up to the reported count.
        List<String> lines = Files.readAllLines(answers);
        assertThat(lines).hasSize(8);
        Set<String> taskIds = new HashSet<>();
        int passed = 0;
        for (String line : lines) {
            JsonNode answer = Json.MAPPER.readTree(line);
            assertThat(answer.get("task_id").asText()).startsWith("arith:");
            assertThat(answer.has("answer")).isTrue();
            taskIds.add(answer.get("task_id").asText());
            passed += answer.get("pass").asBoolean() ? 1 : 0;
            if (!answer.get("pass").asBoolean()) {
                assertThat(answer.get("reason").asText()).isNotBlank();
            }
        }
        assertThat(taskIds).hasSize(8);
        assertThat(passed).isEqualTo(result.get("correct").asInt());
    }

    @Test
    void should_solve_held_out_arithmetic_with_the_shipped_teacher() throws Exception {
        // The shipped checkpoint itself, loaded as a user would: a guard against a broken or replaced file.
        Path teacher = Path.of("..", "models", "teacher-arith").toAbsolutePath().normalize();
        CliRun eval = CliRun.of("eval", "--model", teacher.toString(), "--family", "arith", "--n", "48", "--seed", "7", "--json");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode result = Json.MAPPER.readTree(eval.out());
        assertThat(result.get("n").asInt()).isEqualTo(48);
        // 98.9% on 1,000 tasks; 48 tasks at that rate fall below 0.9 with probability under 0.1%.
        assertThat(result.get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void should_extract_fields_of_held_out_documents_with_the_shipped_extract_checkpoint() throws Exception {
        // The shipped checkpoint itself, loaded as a user would: a guard against a broken or replaced file.
        Path teacher = Path.of("..", "models", "teacher-extract").toAbsolutePath().normalize();
        CliRun eval = CliRun.of("eval", "--model", teacher.toString(), "--family", "extract", "--n", "32", "--seed", "7", "--json");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode result = Json.MAPPER.readTree(eval.out());
        assertThat(result.get("n").asInt()).isEqualTo(32);
        // 95.3% on 1,000 tasks; 32 tasks at that rate fall below 0.65 with probability under 0.01%. An untrained or
        // mismatched checkpoint scores 0.
        assertThat(result.get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.65);
    }

    @Test
    void should_name_the_problem_with_a_missing_model_folder() {
        CliRun eval = CliRun.of("eval", "--model", dir.resolve("nope").toString(), "--family", "arith", "--n", "4");
        assertThat(eval.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code);
        assertThat(eval.err()).contains(dir.resolve("nope").toString());
    }

    @Test
    void should_train_from_a_pipeline_config_into_the_run_folder() throws Exception {
        Path config = dir.resolve("pipeline.yaml");
        Files.writeString(config, """
                run: {name: cfg, dir: runs, seed: 3}
                tasks: {family: arith, train: 24, eval: 4}
                student: {preset: tiny, name: student-a}
                training: {max_steps: 2, batch_size: 8, eval_every: 1, learning_rate: 0.002}
                """);
        CliRun train = CliRun.of("train", "--config", config.toString(), "--quiet");
        assertThat(train.exitCode()).as(train.err()).isZero();
        Path model = dir.resolve("runs/cfg/models/student-a");
        assertThat(train.out()).contains("wrote " + model).contains("2 steps");
        assertThat(Files.readString(model.resolve("README.md"))).contains("./distill train --config " + config).contains("seed: 3");
    }
}

package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./distill modes --quick: every mode from one starting student, each row's costs counted by what it did. */
class ModesCommandTest {
    @TempDir
    Path dir;

    @Test
    void should_measure_every_mode_from_one_starting_student_and_count_what_each_cost() throws Exception {
        Path table = dir.resolve("modes.md");
        CliRun run = CliRun.of("modes", "--quick", "--out", dir.resolve("run").toString(), "--teacher", DemoCommandTest.TEACHER.toString(), "--json",
                "--markdown", table.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = Json.MAPPER.readTree(run.out());
        Map<String, JsonNode> rows = new HashMap<>();
        result.get("rows").forEach(row -> rows.put(row.get("mode").asText(), row));
        assertThat(rows).containsOnlyKeys("base", "sft", "kd", "rft", "onpolicy", "grpo");
        JsonNode plan = result.get("plan");
        long baseQueries = rows.get("base").get("teacher_queries").asLong();
        long baseTokens = rows.get("base").get("training_tokens").asLong();
        // Rollouts are bought until enough pass the verifier: at least one query per example.
        assertThat(baseQueries).isGreaterThanOrEqualTo(plan.get("base_examples").asLong());
        // sft and kd buy more rollouts of the same kind; rft and grpo ask the teacher nothing more.
        assertThat(rows.get("sft").get("teacher_queries").asLong()).isGreaterThanOrEqualTo(plan.get("more_examples").asLong())
                .isEqualTo(rows.get("kd").get("teacher_queries").asLong());
        assertThat(rows.get("rft").get("teacher_queries").asLong()).isEqualTo(baseQueries);
        assertThat(rows.get("grpo").get("teacher_queries").asLong()).isEqualTo(baseQueries);
        // On-policy distillation pays one scoring query per answer the student sampled.
        long onPolicySamples = plan.get("policy_rounds").asLong() * plan.get("on_policy_prompts").asLong();
        assertThat(rows.get("onpolicy").get("student_samples").asLong()).isEqualTo(onPolicySamples);
        assertThat(rows.get("onpolicy").get("teacher_queries").asLong()).isEqualTo(baseQueries + onPolicySamples);
        assertThat(rows.get("grpo").get("student_samples").asLong())
                .isEqualTo(plan.get("policy_rounds").asLong() * plan.get("grpo_prompts").asLong() * plan.get("grpo_group").asLong());
        assertThat(rows.get("rft").get("student_samples").asLong())
                .isEqualTo(plan.get("rft_rounds").asLong() * plan.get("more_examples").asLong() * plan.get("rft_samples").asLong());
        // Every later row trains on top of the starting student's tokens.
        assertThat(rows.get("sft").get("training_tokens").asLong()).isGreaterThan(baseTokens);
        assertThat(rows.get("onpolicy").get("training_tokens").asLong()).isGreaterThan(baseTokens);
        rows.values().forEach(row -> {
            assertThat(row.get("evaluated").asInt()).isEqualTo(plan.get("eval_tasks").asInt());
            assertThat(row.get("accuracy").asDouble()).isBetween(row.get("low").asDouble(), row.get("high").asDouble());
        });
        String markdown = Files.readString(table);
        assertThat(markdown).contains("| mode | seed | accuracy (95% CI)").contains("| grpo | 1 |").contains("Made by `./distill modes --quick --seeds 1`");

        // Rerun: every row is found in its folder, nothing is trained or paid again.
        CliRun again = CliRun.of("modes", "--quick", "--out", dir.resolve("run").toString(), "--teacher", DemoCommandTest.TEACHER.toString(), "--json");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(Json.MAPPER.readTree(again.out()).get("rows")).isEqualTo(result.get("rows"));
        assertThat(again.err()).contains("(0 new) from 0 requests");
    }
}

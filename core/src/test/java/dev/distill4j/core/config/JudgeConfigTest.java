package dev.distill4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.verify.Verifiers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The judge: section of a pipeline config, and the example rubric users copy. */
class JudgeConfigTest {
    private static final String BASE = """
            run:
              name: demo
            tasks:
              family: arith
            """;

    private static final String JUDGE = """
            judge:
              rubric: rubrics/quality.yaml
              endpoints:
                - base_url: http://127.0.0.1:9000/v1
                  model: judge-model
                  api_key_env: JUDGE_API_KEY
              budget_usd: 2.5
              attempts: 2
            """;

    @Test
    void should_read_the_judge_section_with_its_defaults_and_resolve_the_rubric(@TempDir Path folder) throws Exception {
        Path file = Files.writeString(folder.resolve("pipeline.yaml"), BASE + JUDGE);

        JudgeConfig judge = PipelineConfigLoader.load(file).judge();

        assertThat(judge.rubric()).isEqualTo(folder.toAbsolutePath().normalize().resolve("rubrics/quality.yaml"));
        assertThat(judge.endpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.name()).isEqualTo("endpoint-0");
            assertThat(endpoint.apiKeyEnv()).isEqualTo("JUDGE_API_KEY");
        });
        assertThat(judge.temperature()).isZero();
        assertThat(judge.maxTokens()).isEqualTo(512);
        assertThat(judge.budgetUsd()).isEqualTo(2.5);
        assertThat(judge.attempts()).isEqualTo(2);
        assertThat(judge.deadline()).isEqualTo(java.time.Duration.ofSeconds(120));
        assertThat(judge.asTeacher().sampling().n()).isEqualTo(1);
    }

    @Test
    void should_leave_the_hash_of_a_config_without_a_judge_as_it_was_and_change_it_with_one() {
        PipelineConfig without = PipelineConfigLoader.parse(BASE, "p.yaml");
        PipelineConfig with = PipelineConfigLoader.parse(BASE + JUDGE, "p.yaml");

        assertThat(without.hasJudge()).isFalse();
        assertThat(without.canonicalJson()).doesNotContain("judge");
        assertThat(with.hash()).isNotEqualTo(without.hash());
    }

    @Test
    void should_point_at_attempts_out_of_range() {
        assertThatThrownBy(() -> PipelineConfigLoader.parse(BASE + JUDGE.replace("attempts: 2", "attempts: 0"), "p.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("p.yaml:12:3: judge.attempts: expected an integer in [1, 10], got 0");
    }

    @Test
    void should_refuse_an_api_key_in_a_judge_endpoint_without_showing_it() {
        String secret = "sk-judge-do-not-print-3b7d";
        assertThatThrownBy(() -> PipelineConfigLoader.parse(BASE + JUDGE.replace("api_key_env: JUDGE_API_KEY", "api_key: " + secret),
                "p.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("p.yaml:10:7: judge.endpoints[0].api_key: API keys never go in the config file")
                .hasMessageNotContaining(secret);
    }

    @Test
    void should_check_that_the_rubric_exists_and_report_its_own_problems_in_its_own_file(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("tasks.jsonl"), "");
        Path file = Files.writeString(folder.resolve("pipeline.yaml"), BASE.replace("family: arith", "file: tasks.jsonl") + JUDGE);
        TaskFamilies families = new TaskFamilies(List.of());
        Verifiers verifiers = new Verifiers(List.of());

        assertThatThrownBy(() -> ConfigCheck.check(PipelineConfigLoader.load(file), families, verifiers))
                .hasMessageStartingWith(file + ":6:3: judge.rubric: expected a rubric file (YAML), got a path where no file is");

        Files.createDirectories(folder.resolve("rubrics"));
        Path rubric = Files.writeString(folder.resolve("rubrics/quality.yaml"), "name: q\ncriteria:\n  - name: c\n    descripton: x\n");
        assertThatThrownBy(() -> ConfigCheck.check(PipelineConfigLoader.load(file), families, verifiers))
                .hasMessageStartingWith(rubric.toAbsolutePath().normalize() + ":4:5: criteria[0].descripton: unknown key 'descripton'"
                        + " (did you mean 'description'?)");
    }

    @Test
    void should_load_the_documented_example_rubric() {
        Rubric rubric = RubricLoader.load(Path.of("..", "docs", "rubric.example.yaml"));

        assertThat(rubric.name()).isEqualTo("answer-quality");
        assertThat(rubric.criterionNames()).isEqualTo(List.of("correctness", "clarity"));
        assertThat(rubric.examples()).hasSize(2);
    }
}

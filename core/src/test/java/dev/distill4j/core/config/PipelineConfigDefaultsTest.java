package dev.distill4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigDefaultsTest {
    private static final String MINIMAL = """
            run:
              name: demo
            tasks:
              family: arith
            """;

    @Test
    void should_fill_every_omitted_section_with_the_documented_defaults() {
        PipelineConfig config = PipelineConfigLoader.parse(MINIMAL, "minimal.yaml");

        assertThat(config.run().name()).isEqualTo("demo");
        assertThat(config.run().seed()).isEqualTo(1L);
        assertThat(config.hasTeacher()).isFalse();
        assertThat(config.teacher()).isNull();
        assertThat(config.tasks().family()).isEqualTo("arith");
        assertThat(config.tasks().file()).isNull();
        assertThat(config.tasks().train()).isEqualTo(1000);
        assertThat(config.tasks().eval()).isEqualTo(200);
        assertThat(config.tasks().options()).isEmpty();
        assertThat(config.verifier().type()).isEqualTo("task");
        assertThat(config.verifier().override()).isEmpty();

        CurationConfig curation = config.curation();
        assertThat(curation.minScore()).isEqualTo(1.0);
        assertThat(curation.bestOfN()).isNull();
        assertThat(curation.maxPerTask()).isNull();
        assertThat(curation.dedup()).isEqualTo(DedupMode.NEAR);
        assertThat(curation.nearDupJaccard()).isEqualTo(0.8);
        assertThat(curation.decontaminate()).isTrue();
        assertThat(curation.ngram()).isEqualTo(13);
        assertThat(curation.shingle()).isEqualTo(5);
        assertThat(curation.minOverlap()).isEqualTo(1);
        assertThat(curation.minChars()).isZero();
        assertThat(curation.maxChars()).isNull();

        assertThat(config.student().init()).isNull();
        assertThat(config.student().preset()).isEqualTo(StudentPreset.TINY);
        assertThat(config.student().name()).isEqualTo("student");

        TrainingConfig training = config.training();
        assertThat(training.mode()).isEqualTo(TrainingMode.SFT);
        assertThat(training.epochs()).isEqualTo(1);
        assertThat(training.maxSteps()).isNull();
        assertThat(training.batchSize()).isEqualTo(32);
        assertThat(training.gradAccum()).isEqualTo(1);
        assertThat(training.learningRate()).isEqualTo(0.001);
        assertThat(training.warmupRatio()).isEqualTo(0.05);
        assertThat(training.weightDecay()).isZero();
        assertThat(training.maxGradNorm()).isEqualTo(1.0);
        assertThat(training.evalEvery()).isEqualTo(100);

        assertThat(config.evaluation().n()).isEqualTo(500);
        assertThat(config.evaluation().k()).containsExactly(1);
        assertThat(config.evaluation().temperature()).isZero();
        assertThat(config.evaluation().maxTokens()).isEqualTo(512);
    }

    @Test
    void should_fill_teacher_sampling_and_endpoint_defaults_when_a_teacher_is_given() {
        PipelineConfig config = PipelineConfigLoader.parse("""
                run: {name: demo}
                tasks: {family: arith}
                teacher:
                  endpoints:
                    - base_url: http://127.0.0.1:8000/v1
                      model: teacher-arith
                    - base_url: https://api.example.com/v1
                      model: big
                      name: provider
                """, "teacher.yaml");

        EndpointConfig first = config.teacher().endpoints().get(0);
        assertThat(first.name()).isEqualTo("endpoint-0");
        assertThat(first.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8000/v1"));
        assertThat(first.model()).isEqualTo("teacher-arith");
        assertThat(first.apiKeyEnv()).isNull();
        assertThat(first.apiKeyFile()).isNull();
        assertThat(first.weight()).isEqualTo(1.0);
        assertThat(first.maxConcurrency()).isEqualTo(64);
        assertThat(first.requestsPerMinute()).isNull();
        assertThat(first.tokensPerMinute()).isNull();
        assertThat(first.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(first.price()).isEqualTo(new PriceConfig(0.0, 0.0));
        assertThat(config.teacher().endpoints().get(1).name()).isEqualTo("provider");

        SamplingConfig sampling = config.teacher().sampling();
        assertThat(sampling.n()).isEqualTo(4);
        assertThat(sampling.temperature()).isEqualTo(1.0);
        assertThat(sampling.topP()).isEqualTo(1.0);
        assertThat(sampling.maxTokens()).isEqualTo(512);
        assertThat(sampling.stop()).isEmpty();
        assertThat(sampling.seed()).isNull();
        assertThat(sampling.logprobs()).isFalse();
        assertThat(sampling.topLogprobs()).isZero();
        assertThat(config.teacher().budgetUsd()).isNull();
        assertThat(config.teacher().strategy()).isEqualTo(new StrategyConfig(StrategyKind.FIXED, null, 1, 16, 8));
    }

    @Test
    void should_seed_tasks_and_training_from_the_run_unless_they_pin_their_own() {
        PipelineConfig config = PipelineConfigLoader.parse("""
                run: {name: demo, seed: 7}
                tasks: {family: arith, seed: 11}
                """, "seeds.yaml");

        assertThat(config.tasks().seed()).isEqualTo(11L);
        assertThat(config.training().seed()).isEqualTo(7L);
    }

    @Test
    void should_resolve_relative_paths_against_the_config_folder(@TempDir Path folder) {
        PipelineConfig config = PipelineConfigLoader.parse("""
                run: {name: demo}
                tasks: {file: data/my-tasks.jsonl}
                student: {init: ../checkpoints/base}
                teacher:
                  endpoints:
                    - base_url: https://api.example.com/v1
                      model: big
                      api_key_file: secrets/teacher.key
                """, "paths.yaml", folder);

        Path absolute = folder.toAbsolutePath().normalize();
        assertThat(config.run().dir()).isEqualTo(absolute.resolve("runs"));
        assertThat(config.run().folder()).isEqualTo(absolute.resolve("runs").resolve("demo"));
        assertThat(config.tasks().file()).isEqualTo(absolute.resolve("data").resolve("my-tasks.jsonl"));
        assertThat(config.student().init()).isEqualTo(absolute.getParent().resolve("checkpoints").resolve("base"));
        assertThat(config.teacher().endpoints().get(0).apiKeyFile()).isEqualTo(absolute.resolve("secrets").resolve("teacher.key"));
    }

    @Test
    void should_keep_absolute_paths_as_written(@TempDir Path folder) {
        Path elsewhere = folder.resolve("elsewhere").toAbsolutePath();

        PipelineConfig config = PipelineConfigLoader.parse("run: {name: demo, dir: '" + elsewhere + "'}\ntasks: {family: arith}\n",
                "absolute.yaml", folder.resolve("configs"));

        assertThat(config.run().dir()).isEqualTo(elsewhere);
    }

    @Test
    void should_read_every_key_of_every_section() {
        PipelineConfig config = PipelineConfigLoader.parse("""
                run: {name: full.run-1, dir: out, seed: 42}
                teacher:
                  endpoints:
                    - name: provider
                      base_url: https://api.example.com/v1
                      model: big
                      api_key_env: PROVIDER_API_KEY
                      weight: 2.5
                      max_concurrency: 8
                      requests_per_minute: 500
                      tokens_per_minute: 200000
                      timeout_seconds: 12.5
                      price: {input_per_mtok: 3, output_per_mtok: 15}
                  sampling: {n: 16, temperature: 0.7, top_p: 0.95, max_tokens: 256, stop: ["\\n\\n"], seed: 5, logprobs: true, top_logprobs: 20}
                  budget_usd: 12.5
                tasks: {family: arith, train: 10, eval: 5, options: {digits: [2, 4]}}
                verifier: {type: number, options: {rel_tol: 1.0e-6}}
                curation: {min_score: 0.5, best_of_n: 2, max_per_task: 3, dedup: exact, near_dup_jaccard: 0.9, shingle: 3, decontaminate: false, ngram: 8, min_overlap: 2, min_chars: 10, max_chars: 4000}
                student: {preset: small, name: arith-small}
                training: {mode: kd, epochs: 3, max_steps: 1000, batch_size: 16, grad_accum: 4, learning_rate: 3.0e-4, warmup_ratio: 0.1, weight_decay: 0.01, max_grad_norm: 0.5, eval_every: 50, seed: 9}
                evaluation: {n: 100, k: [1, 8], temperature: 0.8, max_tokens: 128}
                """, "full.yaml");

        EndpointConfig endpoint = config.teacher().endpoints().get(0);
        assertThat(endpoint).isEqualTo(EndpointConfig.builder().name("provider").baseUrl("https://api.example.com/v1").model("big")
                .apiKeyEnv("PROVIDER_API_KEY").weight(2.5).maxConcurrency(8).requestsPerMinute(500).tokensPerMinute(200000)
                .timeoutSeconds(12.5).price(new PriceConfig(3, 15)).build());
        assertThat(config.teacher().sampling()).isEqualTo(new SamplingConfig(16, 0.7, 0.95, 256, List.of("\n\n"), 5L, true, 20));
        assertThat(config.teacher().budgetUsd()).isEqualTo(12.5);
        assertThat(config.run().seed()).isEqualTo(42L);
        assertThat(config.tasks().options()).isEqualTo(Map.of("digits", List.of(2, 4)));
        assertThat(config.verifier().override()).hasValueSatisfying(spec -> {
            assertThat(spec.type()).isEqualTo("number");
            assertThat(spec.options()).isEqualTo(Map.of("rel_tol", 1.0e-6));
        });
        assertThat(config.curation()).isEqualTo(new CurationConfig(0.5, 2, 3, DedupMode.EXACT, 0.9, 3, false, 8, 2, 10, 4000));
        assertThat(config.student().preset()).isEqualTo(StudentPreset.SMALL);
        assertThat(config.student().name()).isEqualTo("arith-small");
        assertThat(config.training()).isEqualTo(new TrainingConfig(TrainingMode.KD, 3, 1000, 16, 4, 3.0e-4, 0.1, 0.01, 0.5, 50, 9L, null));
        assertThat(config.evaluation()).isEqualTo(new EvaluationConfig(100, List.of(1, 8), 0.8, 128));
    }
}

package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distill4j.model.LocalModel;
import dev.distill4j.serve.OpenAiServer;
import dev.distill4j.serve.ServeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./distill train --mode: distillation from stored logprobs, rejection sampling, GRPO, on-policy distillation through a server. */
class TrainModeTest {
    @TempDir
    Path dir;

    @Test
    void should_distill_the_logprobs_the_run_stored_with_its_curated_examples() throws Exception {
        try (LocalModel model = LocalModel.load(DemoCommandTest.TEACHER);
                OpenAiServer server = OpenAiServer.start(model, ServeConfig.builder().port(0).modelName("teacher-arith").maxBatch(16).build())) {
            Path config = dir.resolve("kd.yaml");
            Files.writeString(config, """
                    run: {name: kd, dir: runs}
                    teacher:
                      endpoints: [{name: local, base_url: '%s', model: teacher-arith}]
                      sampling: {n: 1, temperature: 1.0, max_tokens: 120, logprobs: true, top_logprobs: 3}
                    tasks: {family: arith, train: 12, eval: 4, options: {digits: 2, ops: add}}
                    student: {preset: micro}
                    training: {mode: kd, max_steps: 3, batch_size: 4}
                    """.formatted(server.baseUrl()));
            CliRun pipeline = CliRun.of("run", config.toString(), "--quiet");
            assertThat(pipeline.exitCode()).as(pipeline.err()).isZero();
            CliRun train = CliRun.of("train", "--config", config.toString(), "--quiet");
            assertThat(train.exitCode()).as(train.err()).isZero();
            // The embedded teacher and student both spell text one character a token: every example aligns.
            assertThat(train.out()).containsPattern("distilled from the teacher's logprobs on (\\d+) examples; 0 could not be aligned");
            assertThat(Files.isRegularFile(dir.resolve("runs/kd/models/student/model.safetensors"))).isTrue();
        }
    }

    @Test
    void should_fine_tune_a_model_on_its_own_verified_answers_and_write_a_checkpoint_that_loads() {
        Path out = dir.resolve("rft");
        CliRun rft = CliRun.of("train", "--mode", "rft", "--family", "arith", "-o", "digits=2", "-o", "ops=add", "--n", "6", "--init",
                DemoCommandTest.TEACHER.toString(), "--out", out.toString(), "--rounds", "1", "--samples", "2", "--max-steps", "1", "--batch-size", "4",
                "--lr", "1e-5", "--max-tokens", "120");
        assertThat(rft.exitCode()).as(rft.err()).isZero();
        assertThat(rft.out()).containsPattern("round 1: 12 answers, \\d+ right \\(\\d+\\.\\d%\\), \\d+ distinct kept").contains("wrote " + out);
        try (LocalModel tuned = LocalModel.load(out)) {
            assertThat(tuned.config().parameterCount()).isCloseTo(3_000_000L, org.assertj.core.api.Assertions.withinPercentage(1));
        }
        CliRun noInit = CliRun.of("train", "--mode", "rft", "--family", "arith", "--out", out.toString());
        assertThat(noInit.exitCode()).isEqualTo(ExitCode.USAGE.code);
        assertThat(noInit.err()).contains("give --init DIR");
    }

    @Test
    void should_run_grpo_rounds_on_the_models_own_answers_and_write_a_checkpoint_that_loads() throws Exception {
        Path out = dir.resolve("grpo");
        // Sampled hot, the teacher gets some answers wrong: groups with a spread to learn from.
        CliRun grpo = CliRun.of("train", "--mode", "grpo", "--family", "arith", "-o", "digits=2", "-o", "ops=add", "--n", "8", "--init",
                DemoCommandTest.TEACHER.toString(), "--out", out.toString(), "--rounds", "2", "--prompts-per-round", "4", "--group-size", "4",
                "--temperature", "2.0", "--max-tokens", "120", "--beta", "0.04");
        assertThat(grpo.exitCode()).as(grpo.err()).isZero();
        assertThat(grpo.out()).contains("2 rounds: 32 answers sampled, 0 teacher queries").contains("wrote " + out);
        assertThat(Files.readString(out.resolve("README.md"))).contains("--mode grpo").contains("- round 1: reward").contains("- round 2: reward");
        // The state to resume from goes once the model is written.
        assertThat(dir.resolve("grpo.training")).doesNotExist();
        try (LocalModel tuned = LocalModel.load(out)) {
            assertThat(tuned.config().parameterCount()).isCloseTo(3_000_000L, org.assertj.core.api.Assertions.withinPercentage(1));
        }
    }

    @Test
    void should_say_grpo_has_no_signal_when_the_model_solves_nothing() {
        // One SFT step from random weights: a model that answers, but never right.
        Path weak = dir.resolve("weak");
        CliRun sft = CliRun.of("train", "--family", "arith", "--n", "8", "--eval-n", "2", "--preset", "micro", "--max-steps", "1", "--batch-size", "4",
                "--out", weak.toString(), "--quiet");
        assertThat(sft.exitCode()).as(sft.err()).isZero();
        CliRun grpo = CliRun.of("train", "--mode", "grpo", "--family", "arith", "--n", "4", "--init", weak.toString(), "--out",
                dir.resolve("grpo").toString(), "--rounds", "2", "--prompts-per-round", "2", "--group-size", "4", "--max-tokens", "16");
        assertThat(grpo.exitCode()).as(grpo.err()).isZero();
        assertThat(grpo.err()).contains("round 1: no signal: no answer passed (pass rate 0)");
        assertThat(grpo.out()).contains("no signal in any round").contains("no round had signal, so the weights are unchanged");
    }

    @Test
    void should_distill_on_policy_through_a_served_teacher_and_log_the_rounds_to_the_run_store() throws Exception {
        try (LocalModel model = LocalModel.load(DemoCommandTest.TEACHER);
                OpenAiServer server = OpenAiServer.start(model, ServeConfig.builder().port(0).modelName("teacher-arith").maxBatch(16).build())) {
            Path config = dir.resolve("onpolicy.yaml");
            Files.writeString(config, """
                    run: {name: op, dir: runs}
                    teacher:
                      endpoints: [{name: local, base_url: '%s', model: teacher-arith}]
                    tasks: {family: arith, train: 12, eval: 4, options: {digits: 2, ops: add}}
                    student: {init: '%s'}
                    training:
                      mode: onpolicy
                      policy: {rounds: 2, prompts_per_round: 4, max_tokens: 120}
                    """.formatted(server.baseUrl(), DemoCommandTest.TEACHER));
            CliRun train = CliRun.of("train", "--config", config.toString());
            assertThat(train.exitCode()).as(train.err()).isZero();
            assertThat(train.out()).contains("2 rounds: 8 answers sampled, 8 teacher queries");
            assertThat(Files.isRegularFile(dir.resolve("runs/op/models/student-onpolicy/model.safetensors"))).isTrue();
            try (var store = dev.distill4j.core.store.RunStore.open(dir.resolve("runs/op"), dev.distill4j.core.Provenance.adHoc("op", 1))) {
                var rounds = store.trainRounds().all();
                assertThat(rounds).hasSize(2).allSatisfy(round -> {
                    assertThat(round.mode()).isEqualTo("onpolicy");
                    assertThat(round.teacherQueries()).isEqualTo(4);
                    assertThat(round.samples()).isEqualTo(4);
                    // The student is the served teacher: the per-token reverse KL is 0 up to the server's arithmetic.
                    assertThat(round.kl()).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-3));
                });
            }
        }
    }

    @Test
    void should_distill_a_local_teacher_over_the_full_vocabulary() throws Exception {
        Path out = dir.resolve("kd-local");
        CliRun kd = CliRun.of("train", "--mode", "kd", "--teacher", DemoCommandTest.TEACHER.toString(), "--family", "arith", "-o", "digits=2", "-o",
                "ops=add", "--n", "16", "--eval-n", "4", "--preset", "micro", "--max-steps", "3", "--batch-size", "4", "--out", out.toString(), "--quiet");
        assertThat(kd.exitCode()).as(kd.err()).isZero();
        assertThat(kd.out()).contains("wrote " + out).contains("3 steps");
        assertThat(Files.readString(out.resolve("README.md"))).contains("--mode kd --teacher");
    }

    @Test
    void should_refuse_kd_without_a_run_and_an_unknown_mode() {
        CliRun grpo = CliRun.of("train", "--family", "arith", "--mode", "grpo", "--out", dir.resolve("m").toString());
        assertThat(grpo.exitCode()).isEqualTo(ExitCode.USAGE.code);
        assertThat(grpo.err()).contains("give --init DIR");
        CliRun kd = CliRun.of("train", "--family", "arith", "--mode", "kd", "--out", dir.resolve("m").toString());
        assertThat(kd.exitCode()).isEqualTo(ExitCode.USAGE.code);
        assertThat(kd.err()).contains("give --config");
        CliRun typo = CliRun.of("train", "--family", "arith", "--mode", "dk", "--out", dir.resolve("m").toString());
        assertThat(typo.err()).contains("expected one of sft, kd, onpolicy, grpo, rft, got 'dk'");
    }
}

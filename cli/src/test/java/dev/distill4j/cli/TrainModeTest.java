package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distill4j.model.LocalModel;
import dev.distill4j.serve.OpenAiServer;
import dev.distill4j.serve.ServeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./distill train --mode: distillation from the logprobs a run stored, and the modes not in this release refused. */
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
    void should_refuse_the_modes_of_a_later_release_and_kd_without_a_run() {
        CliRun grpo = CliRun.of("train", "--family", "arith", "--mode", "grpo", "--out", dir.resolve("m").toString());
        assertThat(grpo.exitCode()).isEqualTo(ExitCode.USAGE.code);
        assertThat(grpo.err()).contains("training mode 'grpo' is not in this release yet");
        CliRun kd = CliRun.of("train", "--family", "arith", "--mode", "kd", "--out", dir.resolve("m").toString());
        assertThat(kd.exitCode()).isEqualTo(ExitCode.USAGE.code);
        assertThat(kd.err()).contains("give --config");
        CliRun typo = CliRun.of("train", "--family", "arith", "--mode", "dk", "--out", dir.resolve("m").toString());
        assertThat(typo.err()).contains("expected one of sft, kd, onpolicy, grpo, rft, got 'dk'");
    }
}

package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code train --mode grpo} process killed with SIGKILL once it has saved round 2, started again: it resumes
 * after its last saved round instead of starting over, and the model it writes lists every round.
 */
class PolicyTrainingCrashTest {
    @TempDir
    Path dir;

    @Test
    void should_resume_grpo_after_sigkill_from_the_last_saved_round() throws Exception {
        Path out = dir.resolve("grpo");
        Path savedRound = dir.resolve("grpo.training").resolve("state").resolve("step-000002");
        Process first = start(out, "first");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.isDirectory(savedRound) && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(Files.isDirectory(savedRound)).as("round 2 saved before the run ended").isTrue();
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no final save
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("killed mid-run, not finished").isEqualTo(137);
        assertThat(out.resolve("model.safetensors")).doesNotExist();

        Process second = start(out, "second");
        assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("second.err"));
        assertThat(second.exitValue()).as(err).isZero();
        assertThat(err).containsPattern("resuming after round [2-5]");
        String readme = Files.readString(out.resolve("README.md"));
        for (int round = 1; round <= 6; round++) {
            assertThat(readme).contains("- round " + round + ": reward");
        }
        assertThat(dir.resolve("grpo.training")).doesNotExist();
    }

    private Process start(Path out, String name) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "train", "--mode", "grpo", "--family", "arith", "-o", "digits=2", "-o", "ops=add", "--n", "24", "--init",
                DemoCommandTest.TEACHER.toString(), "--out", out.toString(), "--rounds", "6", "--prompts-per-round", "4", "--group-size", "4",
                "--temperature", "2.0", "--max-tokens", "120");
        return new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(new File(dir.toFile(), name + ".out"))
                .redirectError(new File(dir.toFile(), name + ".err")).start();
    }
}

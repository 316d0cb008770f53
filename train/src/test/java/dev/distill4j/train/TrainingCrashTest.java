package dev.distill4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real training process killed with SIGKILL mid-run, started again: it resumes from its last saved step and
 * the loss curve it ends with is, value for value, the curve of a run that was never interrupted.
 */
class TrainingCrashTest {
    @TempDir
    Path dir;

    @Test
    void should_resume_after_sigkill_and_continue_the_same_loss_curve() throws Exception {
        List<String> straight = run(dir.resolve("straight"), -1);
        double[] expected = losses(straight);
        assertThat(expected).hasSize(15); // 40 examples / batch 8 = 5 steps per epoch, 3 epochs

        Path state = dir.resolve("killed");
        List<String> killed = run(state, 8); // killed once step 8 has been reported (last saved step: 6)
        assertThat(killed).contains("step 8").noneMatch(line -> line.startsWith("losses"));
        assertThat(Files.list(state).map(p -> p.getFileName().toString()).toList()).contains("step-000006");

        List<String> resumed = run(state, -1);
        assertThat(resumed).contains("resumed-from 6").doesNotContain("step 6").contains("step 7");
        assertThat(losses(resumed)).containsExactly(expected);
    }

    /** Runs the child to the end, or kills it with SIGKILL once it reports step {@code killAfter}. */
    private static List<String> run(Path state, int killAfter) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true", "-cp",
                System.getProperty("java.class.path"), TrainingChild.class.getName(), state.toString(), killAfter > 0 ? "150" : "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (killAfter > 0 && line.equals("step " + killAfter)) {
                    child.destroyForcibly(); // SIGKILL: no shutdown hook, no final save
                    break;
                }
            }
        }
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(killAfter > 0 ? 137 : 0);
        return lines;
    }

    private static double[] losses(List<String> lines) {
        String line = lines.stream().filter(l -> l.startsWith("losses ")).findFirst().orElseThrow();
        String[] parts = line.substring("losses ".length()).split(",");
        double[] losses = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            losses[i] = Double.parseDouble(parts[i]);
        }
        return losses;
    }
}

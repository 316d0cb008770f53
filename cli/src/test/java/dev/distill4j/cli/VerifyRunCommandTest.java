package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Json;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.tasks.TaskRequest;
import dev.distill4j.tasks.arith.ArithFamily;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./distill verify --run DIR}: the verify stage over samples a run stored, as a user runs it. */
class VerifyRunCommandTest {
    @TempDir
    Path dir;

    @Test
    void should_verify_the_stored_samples_once_and_report_rates_and_pass_at_k() throws Exception {
        // 6 arith tasks x 4 samples. Task i gets i right samples out of 4 for i = 0..4, and task 5 gets 2;
        // the right ones come from "teacher-a", the wrong ones (the reference plus one) from "teacher-b".
        List<Task> tasks = new ArithFamily().generate(TaskRequest.of(6, 11, Split.TRAIN));
        int[] right = {0, 1, 2, 3, 4, 2};
        List<Sample> samples = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            Task task = tasks.get(t);
            for (int s = 0; s < 4; s++) {
                boolean good = s < right[t];
                String text = good ? task.expertSolution() : "Answer: " + new BigInteger(task.reference()).add(BigInteger.ONE);
                samples.add(new Sample(task.id() + "#" + s, null, task.id(), s, good ? "teacher-a" : "teacher-b", text, "stop", 5, 5, null));
            }
        }
        Path run = dir.resolve("runs/mined");
        try (RunStore store = RunStore.open(run, Provenance.adHoc("mined", 0))) {
            store.tasks().put(tasks);
            store.samples().put(samples);
        }
        Path perTask = dir.resolve("pass-at-k.jsonl");

        CliRun first = CliRun.of("verify", "--run", run.toString(), "--json", "--per-task", perTask.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode summary = Json.MAPPER.readTree(first.out());
        assertThat(summary.path("samples").asInt()).isEqualTo(24);
        assertThat(summary.path("judged_now").asInt()).isEqualTo(24);
        assertThat(summary.path("passed").asInt()).isEqualTo(12); // 0+1+2+3+4+2
        assertThat(summary.at("/teachers/teacher-a/pass_rate").asDouble()).isEqualTo(1.0);
        assertThat(summary.at("/teachers/teacher-b/samples").asInt()).isEqualTo(12);
        assertThat(summary.at("/teachers/teacher-b/passed").asInt()).isZero();
        assertThat(summary.at("/families/arith/passed").asInt()).isEqualTo(12);
        // pass@1 per task is c/4; pass@2 = 1 - C(4-c, 2) / 6; pass@4 = 1 for any c > 0. Averaged over the 6 tasks:
        assertThat(summary.at("/pass_at_k/1").asDouble()).isCloseTo((0 + 1 + 2 + 3 + 4 + 2) / 24.0, within(1e-12));
        double[] passAt2 = {0, 1 - 3 / 6.0, 1 - 1 / 6.0, 1, 1, 1 - 1 / 6.0};
        assertThat(summary.at("/pass_at_k/2").asDouble()).isCloseTo(java.util.Arrays.stream(passAt2).average().orElseThrow(), within(1e-12));
        assertThat(summary.at("/pass_at_k/4").asDouble()).isCloseTo(5 / 6.0, within(1e-12));

        List<String> lines = Files.readAllLines(perTask);
        assertThat(lines).hasSize(6);
        for (String line : lines) {
            JsonNode entry = Json.MAPPER.readTree(line);
            int t = indexOf(tasks, entry.path("task_id").asText());
            assertThat(entry.path("passed").asInt()).isEqualTo(right[t]);
            assertThat(entry.at("/pass_at_k/1").asDouble()).isCloseTo(right[t] / 4.0, within(1e-12));
        }
        try (RunStore store = RunStore.open(run, Provenance.adHoc("mined", 0))) {
            assertThat(store.verdicts().count()).isEqualTo(24);
        }

        CliRun again = CliRun.of("verify", "--run", run.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("24 samples of 6 tasks (0 judged now): 50.0% pass")
                .contains("teacher-a").contains("pass@1 50.0%").contains("pass@4 83.3%");

        CliRun strict = CliRun.of("verify", "--run", run.toString(), "--min-pass-rate", "0.6", "--quiet");
        assertThat(strict.exitCode()).isEqualTo(ExitCode.CHECK_FAILED.code);
    }

    @Test
    void should_say_what_is_missing_when_there_is_no_run_or_no_input() {
        CliRun noRun = CliRun.of("verify", "--run", dir.resolve("nowhere").toString());
        assertThat(noRun.exitCode()).isNotZero();
        assertThat(noRun.err()).contains("no run at").contains("run.duckdb");
        assertThat(Files.exists(dir.resolve("nowhere/run.duckdb"))).isFalse();

        CliRun nothing = CliRun.of("verify");
        assertThat(nothing.exitCode()).isNotZero();
        assertThat(nothing.err()).contains("--tasks and --answers").contains("--run DIR");
    }

    private static int indexOf(List<Task> tasks, String id) {
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no task " + id);
    }
}

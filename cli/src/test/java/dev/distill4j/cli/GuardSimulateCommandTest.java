package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./distill guard simulate --quick against a live server on loopback: reproducible per seed, attackers stopped, students measured. */
class GuardSimulateCommandTest {
    @TempDir
    Path dir;

    @Test
    void should_give_the_same_detection_figures_for_the_same_seed_and_count_every_population() throws Exception {
        JsonNode first = simulate("--no-students", "--seed", "3", "--out", dir.resolve("a").toString());
        JsonNode second = simulate("--no-students", "--seed", "3", "--out", dir.resolve("b").toString());
        // Everything but the wall time is a function of the seed.
        ((ObjectNode) first).remove("seconds");
        ((ObjectNode) second).remove("seconds");
        assertThat(second).isEqualTo(first);

        Map<String, JsonNode> populations = new HashMap<>();
        first.get("populations").forEach(p -> populations.put(p.get("name").asText(), p));
        assertThat(populations).containsOnlyKeys("chat", "eval", "heavy", "attack-1", "attack-10", "attack-slow", "attack-mimic");
        SimulatedTraffic.Scale scale = SimulatedTraffic.Scale.quick();
        assertThat(populations.get("chat").get("keys").asInt()).isEqualTo(scale.chatKeys());
        assertThat(populations.get("attack-10").get("keys").asInt()).isEqualTo(10);
        long benignKeys = 0;
        for (JsonNode p : populations.values()) {
            // Benign keys are never refused, so they send all they planned; a stopped campaign sends less.
            assertThat(p.get("requests").asInt()).isPositive();
            if (!p.get("attack").asBoolean()) {
                assertThat(p.get("requests").asInt()).isEqualTo(p.get("planned_requests").asInt());
                benignKeys += p.get("keys").asLong();
            }
        }
        assertThat(first.get("benign_keys").asLong()).isEqualTo(benignKeys);
        // The single key asking for 4 samples with top-5 logprobs is stopped well before its plan is done.
        JsonNode single = populations.get("attack-1");
        assertThat(single.get("keys_stopped").asInt()).isEqualTo(1);
        assertThat(single.get("answered").asInt()).isLessThan(single.get("planned_requests").asInt() / 2);
        assertThat(single.get("queries_to_detect").asLong()).isBetween(1L, (long) single.get("planned_requests").asInt());
        // Each campaign again alone against a fresh guard: the detection rates and the students come from these runs.
        Map<String, JsonNode> alone = new HashMap<>();
        first.get("campaigns_alone").forEach(p -> alone.put(p.get("name").asText(), p));
        assertThat(alone).containsOnlyKeys("attack-1", "attack-10", "attack-slow", "attack-mimic");
        assertThat(first.get("attack_keys").asInt()).isEqualTo(alone.values().stream().mapToInt(p -> p.get("keys").asInt()).sum());
        JsonNode singleAlone = alone.get("attack-1");
        // A guard that has seen nothing yet answers the key's first requests (its evidence ramps in over 30); it still
        // stops the key before its plan is done.
        assertThat(singleAlone.get("answered").asInt()).isBetween(1, singleAlone.get("planned_requests").asInt() - 1);
        assertThat(singleAlone.get("keys_stopped").asInt()).isEqualTo(1);
        assertThat(first.get("tpr").asDouble()).isEqualTo((double) first.get("attack_keys_flagged").asInt() / first.get("attack_keys").asInt());
        assertThat(first.get("fpr").asDouble()).isEqualTo((double) first.get("benign_keys_flagged").asInt() / first.get("benign_keys").asInt());
    }

    @Test
    void should_train_each_attackers_student_and_measure_each_degradation_alone() throws Exception {
        JsonNode result = simulate("--seed", "1", "--out", dir.resolve("s").toString());
        assertThat(result.get("teacher_accuracy").asDouble()).isGreaterThan(0.5);
        JsonNode unguarded = result.get("unguarded_student");
        // Unguarded, the single key gets every query it planned answered, with 4 samples each and their logprobs.
        assertThat(unguarded.get("queries_answered").asInt()).isEqualTo(SimulatedTraffic.Scale.quick().attackQueries());
        assertThat(unguarded.get("answers").asInt()).isEqualTo(4 * SimulatedTraffic.Scale.quick().attackQueries());
        assertThat(unguarded.get("with_logprobs").asBoolean()).isTrue();
        Map<String, JsonNode> degradations = new HashMap<>();
        result.get("degradations").forEach(d -> degradations.put(d.get("degradation").asText(), d.get("student")));
        assertThat(degradations).containsOnlyKeys("one_sample", "no_logprobs", "rounded_logprobs", "final_answer_only");
        // Each degradation takes away what it says, and nothing is refused.
        // Degraded from the guard's first scoring on: the queries of the first 2 simulated seconds are served as asked,
        // as for any key not yet scored; every later answer lost what the degradation takes.
        List<SimulatedTraffic.PlannedRequest> planned = SimulatedTraffic.plan(SimulatedTraffic.Scale.quick(), 1).populations.stream()
                .filter(p -> p.name().equals("attack-1")).findFirst().orElseThrow().requests();
        long first = planned.get(0).atMillis();
        int early = (int) planned.stream().filter(r -> r.atMillis() / 1000 * 1000 - first < GuardSimulator.RESCORE_MILLIS).count();
        assertThat(early).isBetween(1, 12);
        JsonNode oneSample = degradations.get("one_sample");
        assertThat(oneSample.get("answers").asInt()).isEqualTo(oneSample.get("queries_answered").asInt() + 3 * early);
        assertThat(degradations.get("no_logprobs").get("answers_with_logprobs").asInt()).isEqualTo(4 * early);
        assertThat(degradations.get("final_answer_only").get("answers_with_logprobs").asInt()).isEqualTo(4 * early);
        JsonNode rounded = degradations.get("rounded_logprobs");
        assertThat(rounded.get("answers_with_logprobs").asInt()).isEqualTo(rounded.get("answers").asInt());
        degradations.values().forEach(student -> assertThat(student.get("queries_answered").asInt()).isEqualTo(unguarded.get("queries_answered").asInt()));
        // Guarded, the single key's student learned from fewer answers than the unguarded one.
        JsonNode guardedSingle = null;
        for (JsonNode student : result.get("guarded_students")) {
            if (student.get("condition").asText().equals("guarded attack-1")) {
                guardedSingle = student;
            }
        }
        assertThat(guardedSingle).isNotNull();
        assertThat(guardedSingle.get("answers").asInt()).isLessThan(unguarded.get("answers").asInt());
        assertThat(result.get("attacker_student_fraction_of_teacher").asDouble()).isBetween(0.0, 1.5);

        // The same seed again: the same figures, the same answers harvested, and the same students.
        JsonNode again = simulate("--seed", "1", "--out", dir.resolve("t").toString());
        ((ObjectNode) result).remove("seconds");
        ((ObjectNode) again).remove("seconds");
        assertThat(again).isEqualTo(result);
        // The teacher serves in batch-invariant mode: each answer's logprobs, to the bit, whatever the server batched it
        // with; and training is a function of its data and seed. So every student is identical, to the bit.
        List<Path> studentDirs;
        try (Stream<Path> students = Files.list(dir.resolve("s").resolve("students"))) {
            studentDirs = students.sorted().toList();
        }
        assertThat(studentDirs).hasSize(9);
        for (Path student : studentDirs) {
            Path twin = dir.resolve("t").resolve("students").resolve(student.getFileName());
            assertThat(answers(twin)).as("%s answers", student.getFileName()).isEqualTo(answers(student));
            assertThat(Files.readAllBytes(twin.resolve("model.safetensors"))).as("%s weights", student.getFileName())
                    .isEqualTo(Files.readAllBytes(student.resolve("model.safetensors")));
        }
    }

    private static List<JsonNode> answers(Path student) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(student.resolve(AttackerStudent.ANSWERS_FILE))) {
            lines.add(Json.MAPPER.readTree(line));
        }
        return lines;
    }

    private static JsonNode simulate(String... args) throws Exception {
        String[] all = new String[args.length + 5];
        all[0] = "guard";
        all[1] = "simulate";
        all[2] = "--quick";
        all[3] = "--json";
        all[4] = "--teacher=" + DemoCommandTest.TEACHER;
        System.arraycopy(args, 0, all, 5, args.length);
        CliRun run = CliRun.of(all);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return Json.MAPPER.readTree(run.out());
    }
}

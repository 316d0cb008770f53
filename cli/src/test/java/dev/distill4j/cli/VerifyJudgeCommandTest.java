package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.client.MisbehavingServer;
import dev.distill4j.core.Json;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.tasks.TaskRequest;
import dev.distill4j.tasks.arith.ArithFamily;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./distill verify --run DIR --judge-config pipeline.yaml}: the LLM judge over a run, as a user runs it. */
class VerifyJudgeCommandTest {
    private static final String API_KEY = "sk-cli-judge-5e2a90c1d8b4f763";

    @TempDir
    Path dir;

    private final MisbehavingServer server = newServer();
    private Path run;
    private Path config;

    @AfterEach
    void close() throws Exception {
        server.close();
    }

    /**
     * 3 arith tasks x 2 samples: sample 0 right (from teacher-a), sample 1 one off (from teacher-b), except that the
     * third task's wrong sample says GARBAGE, which the scripted judge cannot answer sensibly about.
     */
    @BeforeEach
    void writeRunAndConfig() throws Exception {
        List<Task> tasks = new ArithFamily().generate(TaskRequest.of(3, 7, Split.TRAIN));
        List<Sample> samples = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            Task task = tasks.get(t);
            String wrong = (t == 2 ? "GARBAGE " : "") + "Answer: " + new BigInteger(task.reference()).add(BigInteger.ONE);
            samples.add(new Sample(task.id() + "#0", null, task.id(), 0, "teacher-a", "Answer: " + task.reference(), "stop", 5, 5, null));
            samples.add(new Sample(task.id() + "#1", null, task.id(), 1, "teacher-b", wrong, "stop", 5, 5, null));
        }
        run = dir.resolve("runs/mined");
        try (RunStore store = RunStore.open(run, Provenance.adHoc("mined", 0))) {
            store.tasks().put(tasks);
            store.samples().put(samples);
        }
        Files.writeString(dir.resolve("judge.key"), API_KEY + "\n");
        Files.writeString(dir.resolve("rubric.yaml"), """
                name: right-answer
                pass_threshold: 0.5
                criteria:
                  - name: correctness
                    description: The final answer equals the reference.
                """);
        config = Files.writeString(dir.resolve("pipeline.yaml"), """
                run:
                  name: mined
                  dir: runs
                tasks:
                  family: arith
                judge:
                  rubric: rubric.yaml
                  endpoints:
                    - name: judge
                      base_url: %s
                      model: judge-model
                      api_key_file: judge.key
                      timeout_seconds: 5
                  attempts: 2
                """.formatted(server.baseUrl()));
        server.replies(VerifyJudgeCommandTest::judge);
    }

    /** A judge that scores 5 when the answer's last line is the reference's, 1 otherwise, and has nothing to say about GARBAGE. */
    static String judge(JsonNode body, int choice) {
        String system = body.path("messages").get(0).path("content").asText();
        if (system.contains("You compare two answers")) {
            return "{\"winner\": \"A\", \"reason\": \"The first one.\"}";
        }
        String shown = body.path("messages").get(1).path("content").asText();
        if (shown.contains("GARBAGE")) {
            return "Hmm, hard to say.";
        }
        String reference = between(shown, "[Reference answer]\n", "\n[End of reference answer]");
        String answer = between(shown, "[Answer to judge]\n", "\n[End of answer]");
        int score = answer.equals("Answer: " + reference) ? 5 : 1;
        return "{\"scores\": {\"correctness\": " + score + "}, \"reason\": \"" + (score == 5 ? "Matches." : "Does not match.") + "\"}";
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start) + start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    @Test
    void should_judge_the_run_report_agreement_and_unjudged_samples_and_send_nothing_again() throws Exception {
        CliRun first = CliRun.of("verify", "--run", run.toString(), "--judge-config", config.toString(), "--json");

        // One sample was left unjudged: the run finished, and says there is work left.
        assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCode.INCOMPLETE.code);
        JsonNode judge = Json.MAPPER.readTree(first.out()).path("judge");
        assertThat(judge.path("samples").asInt()).isEqualTo(6);
        assertThat(judge.path("judged").asInt()).isEqualTo(5);
        assertThat(judge.path("passed").asInt()).isEqualTo(3);
        assertThat(judge.path("unjudged").asInt()).isEqualTo(1);
        assertThat(judge.at("/unjudged_by_reason/unparsable").asInt()).isEqualTo(1);
        // Judge and arith verifier agree on all 5 judged samples (3 pass, 2 fail): 100%, kappa 1.
        assertThat(judge.at("/agreement/samples").asInt()).isEqualTo(5);
        assertThat(judge.at("/agreement/percent").asDouble()).isEqualTo(1.0);
        assertThat(judge.at("/agreement/kappa").asDouble()).isEqualTo(1.0);
        // 5 good answers once, the garbage one twice (two attempts).
        assertThat(judge.path("requests_sent").asInt()).isEqualTo(7);
        assertThat(server.authorizations()).containsOnly("Bearer " + API_KEY);

        CliRun again = CliRun.of("verify", "--run", run.toString(), "--judge-config", config.toString());

        assertThat(server.requests()).isEqualTo(7);
        assertThat(again.out()).contains("judge     judge{hash=").contains("5 of 6 samples judged (0 now), 60.0% pass; 1 unjudged (unparsable 1")
                .contains("0 judge requests sent, 2 answers replayed").contains("agreement with the tasks' verifiers on 5 samples: 100.0%,"
                        + " Cohen's kappa 1.000");
        assertNoKey(first, again);
    }

    @Test
    void should_compare_two_teachers_in_both_orders_and_report_the_position_bias() throws Exception {
        CliRun compared = CliRun.of("verify", "--run", run.toString(), "--judge-config", config.toString(), "--pairwise", "teacher-a,teacher-b",
                "--json");

        // The judge always prefers the answer shown first: every comparison is a tie, every one a disagreement.
        JsonNode pairwise = Json.MAPPER.readTree(compared.out()).at("/judge/pairwise");
        assertThat(pairwise.path("ties").asInt()).isEqualTo(3);
        assertThat(pairwise.path("first_wins").asInt()).isZero();
        assertThat(pairwise.path("position_bias_rate").asDouble()).isEqualTo(1.0);
        assertNoKey(compared);
    }

    @Test
    void should_name_the_file_line_and_key_of_a_broken_rubric_and_refuse_a_config_without_a_judge() throws Exception {
        Files.writeString(dir.resolve("rubric.yaml"), "name: right-answer\ncriteria:\n  - name: correctness\n    weight: 0\n"
                + "    description: Right.\n");
        CliRun broken = CliRun.of("verify", "--run", run.toString(), "--judge-config", config.toString());
        assertThat(broken.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code);
        assertThat(broken.err()).contains("rubric.yaml:4:5: criteria[0].weight: expected a number > 0, got 0");

        Path plain = Files.writeString(dir.resolve("plain.yaml"), "run:\n  name: mined\ntasks:\n  family: arith\n");
        CliRun noJudge = CliRun.of("verify", "--run", run.toString(), "--judge-config", plain.toString());
        assertThat(noJudge.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code);
        assertThat(noJudge.err()).contains("no 'judge' section");
        assertThat(server.requests()).isZero();
    }

    @Test
    void should_judge_after_generating_and_verifying_in_a_pipeline_run() throws Exception {
        // One server is both the teacher (it answers every arithmetic prompt with 0) and the judge (it fails every answer).
        server.replies((body, choice) -> body.path("messages").get(0).path("role").asText().equals("system")
                ? "{\"scores\": {\"correctness\": 1}, \"reason\": \"Wrong.\"}" : "Answer: 0");
        Path pipeline = Files.writeString(dir.resolve("pipeline.yaml"), Files.readString(config).replace("run:\n  name: mined", "run:\n  name: piped")
                .replace("tasks:\n  family: arith\n", """
                        tasks:
                          family: arith
                          train: 3
                          eval: 0
                        teacher:
                          endpoints:
                            - base_url: %s
                              model: teacher-model
                          sampling:
                            n: 2
                            max_tokens: 20
                        """.formatted(server.baseUrl())));

        CliRun run = CliRun.of("run", pipeline.toString(), "--quiet");

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(run.out()).contains("verify    6 samples of 3 tasks (6 judged now): 0.0% pass")
                .contains("6 of 6 samples judged (6 now), 0.0% pass; 0 unjudged")
                .contains("agreement with the tasks' verifiers on 6 samples: 100.0%, Cohen's kappa n/a");
    }

    private void assertNoKey(CliRun... runs) throws Exception {
        for (CliRun cli : runs) {
            assertThat(cli.out() + cli.err()).doesNotContain(API_KEY);
        }
        try (Stream<Path> files = Files.walk(run)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(API_KEY);
            }
        }
    }

    private static MisbehavingServer newServer() {
        try {
            return new MisbehavingServer();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package dev.distill4j.client.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.client.ChatCall;
import dev.distill4j.client.ChatWire;
import dev.distill4j.client.MisbehavingServer;
import dev.distill4j.client.TeacherClient;
import dev.distill4j.client.TeacherEndpoint;
import dev.distill4j.client.TeacherResult;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.Judgement;
import dev.distill4j.core.JudgeReply;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.Unjudged;
import dev.distill4j.core.Verdict;
import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.config.EndpointConfig;
import dev.distill4j.core.config.JudgeConfig;
import dev.distill4j.core.config.PriceConfig;
import dev.distill4j.core.config.Rubric;
import dev.distill4j.core.config.RubricLoader;
import dev.distill4j.core.store.RunStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LLM-as-judge stage against a real loopback server that answers as a scripted judge, and a real DuckDB file. */
class JudgeStageTest {
    private static final String API_KEY = "sk-judge-91c4e0d2f7a85b36";

    /** Correctness counts three times as much as clarity; a normalised 0.7 passes. */
    static final String RUBRIC = """
            name: answer-quality
            scale: {min: 1, max: 5}
            pass_threshold: 0.7
            criteria:
              - name: correctness
                description: The answer solves the problem the question poses.
                weight: 3
              - name: clarity
                description: The answer is easy to follow.
            examples:
              - question: What is 2 + 2?
                answer: "4"
                reference: "4"
                scores: {correctness: 5, clarity: 5}
                reason: Right and plain.
            """;

    @TempDir
    Path runDir;

    private final MisbehavingServer server = newServer();
    private final Rubric rubric = RubricLoader.parse(RUBRIC, "rubric.yaml");

    @AfterEach
    void close() throws Exception {
        server.close();
    }

    /**
     * A scripted judge: what it says depends on the answer it is shown, and a retry (the conversation has grown past
     * the first question) of a FLAKY answer gets a good judgment.
     */
    static String scriptedJudge(JsonNode body, int choice) {
        JsonNode messages = body.path("messages");
        String asked = messages.get(lastUserIndex(messages)).path("content").asText();
        String subject = firstSubject(messages);
        boolean retry = !asked.equals(subject);
        if (subject.contains("\nGOOD\n")) {
            return "Here is my judgment:\n```json\n{\"scores\": {\"correctness\": 5, \"clarity\": 3}, \"reason\": \"Right, a little terse.\"}\n```";
        }
        if (subject.contains("\nMEDIOCRE\n")) {
            return "{\"scores\": {\"correctness\": 2, \"clarity\": 5}, \"reason\": \"Clear but mostly wrong.\"}";
        }
        if (subject.contains("\nFLAKY\n")) {
            return retry ? "{\"scores\": {\"correctness\": 4, \"clarity\": 4}, \"reason\": \"Mostly right.\"}" : "Looks fine to me!";
        }
        if (subject.contains("\nREFUSE\n")) {
            return "I'm sorry, but I can't help with grading this.";
        }
        if (subject.contains("\nTRUNCATED\n")) {
            return "{\"scores\": {\"correctness\": 4, \"clar";
        }
        if (subject.contains("\nOUT_OF_SCALE\n")) {
            return "{\"scores\": {\"correctness\": 7, \"clarity\": 3}, \"reason\": \"Excellent.\"}";
        }
        if (subject.contains("\nHALF_POINT\n")) {
            return "{\"scores\": {\"correctness\": 4.5, \"clarity\": 3}, \"reason\": \"Nearly.\"}";
        }
        if (subject.contains("\nMISSING\n")) {
            return "{\"scores\": {\"correctness\": 4}, \"reason\": \"Forgot one.\"}";
        }
        return "The answer seems reasonable overall.";
    }

    private static int lastUserIndex(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).path("role").asText().equals("user")) {
                return i;
            }
        }
        throw new AssertionError("no user message");
    }

    /** The message that shows the sample's answer: the first user message after the few-shot example's answer. */
    private static String firstSubject(JsonNode messages) {
        int users = 0;
        for (JsonNode message : messages) {
            if (message.path("role").asText().equals("user") && ++users == 2) {
                return message.path("content").asText();
            }
        }
        throw new AssertionError("no subject message in " + messages);
    }

    @Test
    void should_score_well_formed_judgments_as_the_weighted_normalised_mean() throws Exception {
        server.replies(JudgeStageTest::scriptedJudge);
        store(sample("GOOD"), sample("MEDIOCRE"));

        JudgeReport report = judge(config(3, null));

        // GOOD: correctness 5 -> 1.0, clarity 3 -> 0.5; (3 x 1.0 + 1 x 0.5) / 4 = 0.875, a pass at 0.7.
        // MEDIOCRE: correctness 2 -> 0.25, clarity 5 -> 1.0; (3 x 0.25 + 1 x 1.0) / 4 = 0.4375, a fail.
        Map<String, Verdict> verdicts = judgeVerdicts();
        assertThat(verdicts.get("GOOD").score()).isCloseTo(0.875, offset(1e-12));
        assertThat(verdicts.get("GOOD").pass()).isTrue();
        assertThat(verdicts.get("GOOD").reason()).isEqualTo("Right, a little terse.");
        assertThat(verdicts.get("MEDIOCRE").score()).isCloseTo(0.4375, offset(1e-12));
        assertThat(verdicts.get("MEDIOCRE").pass()).isFalse();
        assertThat(verdicts.get("GOOD").verifier()).isEqualTo("judge{hash=" + rubric.hash() + ", rubric=answer-quality}");
        assertThat(report.judged()).isEqualTo(2);
        assertThat(report.passed()).isEqualTo(1);
        assertThat(report.unjudged()).isEmpty();
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void should_ask_once_about_identical_answers_to_one_task() throws Exception {
        server.replies(JudgeStageTest::scriptedJudge);
        Sample twin = new Sample("s:GOOD-twin", "r:twin", "t:mul", 7, "teacher-model", "GOOD", "stop", 5, 1, null);
        store(sample("GOOD"), twin, sample("MEDIOCRE"));

        JudgeReport report = judge(config(3, null));

        // Two samples, one question and one answer: one request, whichever asked first; the other takes its answer.
        assertThat(server.requests()).isEqualTo(2);
        assertThat(report.judgedNow()).isEqualTo(3);
        assertThat(report.repliesReplayed()).isEqualTo(1);
        try (RunStore store = open()) {
            assertThat(store.verdicts().where("sample_key", "s:GOOD-twin")).singleElement()
                    .satisfies(verdict -> assertThat(verdict.score()).isCloseTo(0.875, offset(1e-12)));
        }
    }

    @Test
    void should_send_the_rubric_the_reference_and_the_answer_in_the_strict_format() throws Exception {
        server.replies(JudgeStageTest::scriptedJudge);
        store(sample("GOOD"));

        judge(config(3, null));

        JsonNode messages = server.bodies().get(0).path("messages");
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asText()).contains("correctness (weight 3)", "clarity (weight 1)",
                "an integer from 1 (worst) to 5 (best)", "{\"scores\": {\"correctness\": <integer 1..5>, \"clarity\": <integer 1..5>}");
        // The few-shot example as a turn of its own, then the task with its reference.
        assertThat(messages.get(2).path("content").asText()).isEqualTo("{\"scores\":{\"correctness\":5,\"clarity\":5},\"reason\":\"Right and plain.\"}");
        assertThat(messages.get(3).path("content").asText()).contains("What is 6 x 7?", "[Reference answer]\n42", "[Answer to judge]\nGOOD\n");
        assertThat(server.bodies().get(0).path("temperature").asDouble()).isZero();
    }

    @Test
    void should_ask_for_json_output_in_json_mode_and_key_it_apart() throws Exception {
        server.replies(JudgeStageTest::scriptedJudge);
        store(sample("GOOD"));
        JudgeConfig plain = config(3, null);
        JudgeConfig jsonMode = JudgeConfig.builder().rubric(plain.rubric()).endpoints(plain.endpoints()).maxTokens(256).jsonMode(true).build();

        judge(plain);
        deleteJudgeVerdicts();
        judge(jsonMode);

        // The same question in JSON mode is another request: the field changes what the judge may answer.
        assertThat(server.requests()).isEqualTo(2);
        assertThat(server.bodies().get(0).has("response_format")).isFalse();
        assertThat(server.bodies().get(1).path("response_format").path("type").asText()).isEqualTo("json_object");
    }

    @Test
    void should_mark_garbage_refusals_truncated_and_invalid_judgments_unjudged_and_finish_the_run() throws Exception {
        server.replies(JudgeStageTest::scriptedJudge);
        store(sample("GOOD"), sample("GARBAGE"), sample("REFUSE"), sample("TRUNCATED"), sample("OUT_OF_SCALE"), sample("HALF_POINT"),
                sample("MISSING"));

        JudgeReport report = judge(config(2, null));

        assertThat(report.judged()).isEqualTo(1);
        assertThat(report.unjudged()).containsExactlyInAnyOrderEntriesOf(Map.of("unparsable", 1L, "refusal", 1L, "truncated", 1L, "invalid", 3L));
        Map<String, Unjudged> unjudged = unjudgedByAnswer();
        assertThat(unjudged.get("GARBAGE").reason()).startsWith("no JSON object in the reply: 'The answer seems reasonable");
        assertThat(unjudged.get("REFUSE").reason()).startsWith("the judge declined: 'I'm sorry");
        assertThat(unjudged.get("TRUNCATED").reason()).startsWith("the JSON object is cut off");
        assertThat(unjudged.get("OUT_OF_SCALE").reason()).isEqualTo("scores: correctness: expected an integer in 1..5, got 7");
        assertThat(unjudged.get("HALF_POINT").reason()).isEqualTo("scores.correctness: expected an integer in 1..5, got 4.5");
        assertThat(unjudged.get("MISSING").reason()).isEqualTo(
                "scores: expected a score for every criterion (correctness, clarity), missing clarity");
        assertThat(unjudged.values()).allSatisfy(row -> assertThat(row.attempts()).isEqualTo(2));
        // Each unusable answer was asked twice (two attempts), the good one once: 6 x 2 + 1.
        assertThat(server.requests()).isEqualTo(13);
        assertThat(judgeVerdicts()).containsOnlyKeys("GOOD");
    }

    @Test
    void should_ask_again_after_an_unparsable_answer_and_keep_the_retry() throws Exception {
        server.replies(JudgeStageTest::scriptedJudge);
        store(sample("FLAKY"));

        JudgeReport report = judge(config(3, null));

        // correctness 4 -> 0.75, clarity 4 -> 0.75: 0.75, a pass.
        assertThat(judgeVerdicts().get("FLAKY").score()).isCloseTo(0.75, offset(1e-12));
        assertThat(report.judgedNow()).isEqualTo(1);
        assertThat(server.requests()).isEqualTo(2);
        // The retry is another request: the unusable reply quoted back with what was wrong, and its own content key.
        JsonNode retry = server.bodies().get(1).path("messages");
        assertThat(retry.get(retry.size() - 2).path("content").asText()).isEqualTo("Looks fine to me!");
        assertThat(retry.get(retry.size() - 1).path("content").asText()).startsWith("That reply could not be used: no JSON object");
        try (RunStore store = open()) {
            assertThat(store.judgeReplies().all()).extracting(JudgeReply::attempt).containsExactlyInAnyOrder(0, 1);
        }
    }

    @Test
    void should_send_nothing_when_run_again_and_replay_answers_whose_verdicts_were_lost() throws Exception {
        server.replies(JudgeStageTest::scriptedJudge);
        store(sample("GOOD"), sample("MEDIOCRE"), sample("FLAKY"), sample("GARBAGE"));
        JudgeReport first = judge(config(2, null));
        int asked = server.requests();

        JudgeReport again = judge(config(2, null));
        // A stage killed after the answers were stored and before the verdicts were: the verdicts are gone, the answers not.
        deleteJudgeVerdicts();
        JudgeReport afterKill = judge(config(2, null));

        assertThat(asked).isEqualTo(1 + 1 + 2 + 2);
        assertThat(server.requests()).isEqualTo(asked);
        assertThat(again.requestsSent()).isZero();
        assertThat(again.judged()).isEqualTo(3);
        // The unjudged sample is tried again, from its stored answers.
        assertThat(again.unjudged()).containsExactlyEntriesOf(Map.of("unparsable", 1L));
        assertThat(again.repliesReplayed()).isEqualTo(2);
        assertThat(afterKill.requestsSent()).isZero();
        assertThat(afterKill.judgedNow()).isEqualTo(3);
        assertThat(afterKill.passed()).isEqualTo(first.passed());
        try (RunStore store = open()) {
            assertThat(store.judgeReplies().count()).isEqualTo(asked);
            assertThat(store.unjudged().count()).isEqualTo(1);
        }
    }

    @Test
    void should_ask_only_the_new_attempts_when_attempts_are_raised() throws Exception {
        server.replies(JudgeStageTest::scriptedJudge);
        store(sample("FLAKY"));

        JudgeReport once = judge(config(1, null));
        JudgeReport twice = judge(config(2, null));

        assertThat(once.unjudged()).containsExactlyEntriesOf(Map.of("unparsable", 1L));
        assertThat(twice.judgedNow()).isEqualTo(1);
        assertThat(twice.repliesReplayed()).isEqualTo(1);
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void should_mark_a_sample_unjudged_when_the_server_fails_until_the_client_gives_up() throws Exception {
        server.otherwise(MisbehavingServer.status(500));
        store(sample("GOOD"), sample("MEDIOCRE"));

        JudgeReport report = judge(config(3, null), Duration.ofMillis(300));

        assertThat(report.judged()).isZero();
        assertThat(report.unjudged()).containsExactlyEntriesOf(Map.of("server_error", 2L));
        assertThat(unjudgedByAnswer().get("GOOD").reason()).contains("500");
        assertThat(unjudgedByAnswer().get("GOOD").attempts()).isZero();
        assertThat(server.requests()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void should_mark_a_sample_unjudged_when_the_judge_hangs_past_the_deadline() throws Exception {
        server.otherwise(new MisbehavingServer.Hang());
        store(sample("GOOD"));

        long began = System.nanoTime();
        JudgeReport report = judge(config(3, null), Duration.ofMillis(900));

        assertThat(report.unjudged()).containsExactlyEntriesOf(Map.of("timeout", 1L));
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(20));
        assertThat(judgeVerdicts()).isEmpty();
    }

    @Test
    void should_mark_a_sample_unjudged_when_the_client_throws_what_it_does_not_classify() throws Exception {
        store(sample("GOOD"), sample("MEDIOCRE"));
        JudgeConfig config = config(3, null);
        ChatWire broken = new ChatWire() {
            @Override
            public TeacherResult send(TeacherEndpoint endpoint, ChatCall call) {
                throw new IllegalStateException("the wire broke");
            }

            @Override
            public void close() {}
        };

        JudgeReport report;
        try (RunStore store = open(); TeacherClient client = JudgeStage.clientFor(config).wire(broken).build()) {
            report = JudgeStage.of(store, client, config, rubric, 2).run((done, total) -> {});
        }

        assertThat(report.unjudged()).containsExactlyEntriesOf(Map.of("client_error", 2L));
        assertThat(unjudgedByAnswer().get("GOOD").reason()).isEqualTo("IllegalStateException: the wire broke");
    }

    @Test
    void should_mark_samples_unjudged_when_the_budget_cannot_take_a_request_and_send_none() throws Exception {
        server.replies(JudgeStageTest::scriptedJudge);
        store(sample("GOOD"));

        // A dollar a token: the worst case of one judge request is hundreds of dollars.
        JudgeReport report = judge(config(3, 5.0, new PriceConfig(1_000_000, 1_000_000)));

        assertThat(report.unjudged()).containsExactlyEntriesOf(Map.of("budget", 1L));
        assertThat(server.requests()).isZero();
    }

    @Test
    void should_price_judge_requests_and_count_the_savings_of_a_rerun() throws Exception {
        server.replies(JudgeStageTest::scriptedJudge);
        store(sample("GOOD"), sample("MEDIOCRE"));
        JudgeConfig priced = config(3, null, new PriceConfig(2.0, 8.0));

        JudgeReport first = judge(priced);
        deleteJudgeVerdicts();
        JudgeReport again = judge(priced);

        // The server bills 7 prompt and 3 completion tokens per request: 2 x (7 x $2 + 3 x $8) / 1e6.
        assertThat(first.costUsd()).isCloseTo(76e-6, offset(1e-12));
        assertThat(again.costUsd()).isZero();
        assertThat(again.savedUsd()).isCloseTo(76e-6, offset(1e-12));
    }

    @Test
    void should_report_agreement_with_the_programmatic_verifier_on_the_samples_both_judged() throws Exception {
        server.replies(JudgeStageTest::scriptedJudge);
        Sample good = sample("GOOD");
        Sample mediocre = sample("MEDIOCRE");
        Sample flaky = sample("FLAKY");
        Sample garbage = sample("GARBAGE");
        store(good, mediocre, flaky, garbage);
        try (RunStore store = open()) {
            // The task's own verifier passes GOOD and MEDIOCRE, fails FLAKY and GARBAGE.
            store.verdicts().put(List.of(programmatic(good, true), programmatic(mediocre, true), programmatic(flaky, false),
                    programmatic(garbage, false)));
        }

        JudgeReport report = judge(config(3, null));

        // Judge: GOOD pass, MEDIOCRE fail, FLAKY pass (0.75), GARBAGE unjudged (left out). Pairs (judge, program):
        // (pass, pass), (fail, pass), (pass, fail): agreement 1/3.
        assertThat(report.agreement().samples()).isEqualTo(3);
        assertThat(report.agreement().bothPass()).isEqualTo(1);
        assertThat(report.agreement().onlySecond()).isEqualTo(1);
        assertThat(report.agreement().onlyFirst()).isEqualTo(1);
        assertThat(report.agreement().percent()).isCloseTo(1 / 3.0, offset(1e-12));
    }

    @Test
    void should_never_write_the_judges_api_key_to_the_run_folder_or_the_reasons() throws Exception {
        server.otherwise(new MisbehavingServer.EchoKeyUnauthorized());
        store(sample("GOOD"));

        JudgeReport report = judge(config(3, null));

        assertThat(server.authorizations()).contains("Bearer " + API_KEY);
        assertThat(report.unjudged()).containsExactlyEntriesOf(Map.of("auth", 1L));
        assertThat(unjudgedByAnswer().get("GOOD").reason()).doesNotContain(API_KEY);
        assertThat(report.toString()).doesNotContain(API_KEY);
        try (Stream<Path> files = Files.walk(runDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(API_KEY);
            }
        }
    }

    @Test
    void should_call_a_first_position_preference_a_tie_and_count_it_as_position_bias() throws Exception {
        // A judge that always prefers whatever it is shown first.
        server.replies((body, choice) -> "{\"winner\": \"A\", \"reason\": \"A reads better.\"}");
        Sample strong = sample("STRONG");
        Sample weak = sample("WEAK");
        store(strong, weak);

        List<PairwiseVerdict> verdicts = new ArrayList<>();
        try (RunStore store = open(); TeacherClient client = client(config(3, null), Duration.ofSeconds(20))) {
            PairwiseJudge judge = new PairwiseJudge(store, client, config(3, null), rubric);
            verdicts.add(judge.compare(task(), strong, weak));
            verdicts.add(judge.compare(task(), weak, strong));
        }

        PairwiseReport report = PairwiseReport.of(verdicts);
        assertThat(verdicts).extracting(PairwiseVerdict::winner).containsOnly(PairwiseVerdict.Winner.TIE);
        assertThat(report.disagreements()).isEqualTo(2);
        assertThat(report.positionBiasRate()).isEqualTo(1.0);
        // (weak, strong) asks the same two requests as (strong, weak), in the other order: both are replayed.
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void should_name_a_winner_when_both_orders_agree_and_send_nothing_when_asked_again() throws Exception {
        // A judge that prefers the answer saying STRONG wherever it is shown.
        server.replies((body, choice) -> {
            String shown = body.path("messages").get(1).path("content").asText();
            boolean strongFirst = shown.indexOf("STRONG") < shown.indexOf("WEAK");
            return "{\"winner\": \"" + (strongFirst ? "A" : "B") + "\", \"reason\": \"STRONG is right.\"}";
        });
        Sample strong = sample("STRONG");
        Sample weak = sample("WEAK");
        store(strong, weak);

        PairwiseVerdict first;
        PairwiseVerdict again;
        try (RunStore store = open(); TeacherClient client = client(config(3, null), Duration.ofSeconds(20))) {
            first = new PairwiseJudge(store, client, config(3, null), rubric).compare(task(), weak, strong);
            again = new PairwiseJudge(store, client, config(3, null), rubric).compare(task(), weak, strong);
        }

        assertThat(first.winner()).isEqualTo(PairwiseVerdict.Winner.SECOND);
        assertThat(first.ordersDisagreed()).isFalse();
        assertThat(PairwiseReport.of(List.of(first)).positionBiasRate()).isZero();
        assertThat(again).isEqualTo(first);
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void should_leave_a_comparison_unjudged_with_the_reason_when_the_judge_answers_garbage() throws Exception {
        server.replies((body, choice) -> "Both are fine.");
        Sample a = sample("STRONG");
        Sample b = sample("WEAK");
        store(a, b);

        PairwiseVerdict verdict;
        try (RunStore store = open(); TeacherClient client = client(config(2, null), Duration.ofSeconds(20))) {
            verdict = new PairwiseJudge(store, client, config(2, null), rubric).compare(task(), a, b);
        }

        assertThat(verdict.winner()).isEqualTo(PairwiseVerdict.Winner.UNJUDGED);
        assertThat(verdict.reason()).startsWith("first order: unparsable: no JSON object in the reply: 'Both are fine.'");
    }

    // ---------------------------------------------------------------------------------------------------------

    private JudgeReport judge(JudgeConfig config) throws InterruptedException {
        return judge(config, Duration.ofSeconds(20));
    }

    /** One stage run in its own store and client, as a command would. */
    private JudgeReport judge(JudgeConfig config, Duration deadline) throws InterruptedException {
        try (RunStore store = open(); TeacherClient client = client(config, deadline)) {
            return JudgeStage.of(store, client, config, rubric, 4).run((done, total) -> {});
        }
    }

    private TeacherClient client(JudgeConfig config, Duration deadline) {
        return JudgeStage.clientFor(config).environment(name -> name.equals("JUDGE_KEY") ? API_KEY : null)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).requestDeadline(deadline)
                // Faults in a row must not open the breaker for longer than a test runs.
                .breaker(5, Duration.ofMillis(20)).build();
    }

    private JudgeConfig config(int attempts, Double budget) {
        return config(attempts, budget, PriceConfig.FREE);
    }

    private JudgeConfig config(int attempts, Double budget, PriceConfig price) {
        EndpointConfig endpoint = EndpointConfig.builder().name("judge").baseUrl(server.baseUrl()).model("judge-model")
                .apiKeyEnv("JUDGE_KEY").timeoutSeconds(0.3).price(price).build();
        return JudgeConfig.builder().rubric(Path.of("rubric.yaml")).endpoints(List.of(endpoint)).maxTokens(256).budgetUsd(budget)
                .attempts(attempts).build();
    }

    private RunStore open() {
        return RunStore.open(runDir, Provenance.adHoc("judge-test", 1));
    }

    private static Task task() {
        return new Task("t:mul", "test", Split.TRAIN, List.of(ChatMessage.user("What is 6 x 7?")), "42", null, VerifierSpec.of("integer"),
                Map.of());
    }

    /** A sample of the one task whose completion is {@code answer}, which steers the scripted judge. */
    private static Sample sample(String answer) {
        return new Sample("s:" + answer, "r:" + answer, "t:mul", answer.hashCode() & 0xffff, "teacher-model", answer, "stop", 5, 1, null);
    }

    private void store(Sample... samples) {
        try (RunStore store = open()) {
            store.tasks().put(task());
            store.samples().put(List.of(samples));
        }
    }

    private static Verdict programmatic(Sample sample, boolean pass) {
        return Verdict.of(sample.key(), sample.taskId(), task().verifier(), pass ? Judgement.pass("42") : Judgement.fail("wrong", "41"));
    }

    /** The judge's verdicts by the answer judged. */
    private Map<String, Verdict> judgeVerdicts() {
        try (RunStore store = open()) {
            return store.verdicts().all().stream().filter(verdict -> verdict.verifier().startsWith("judge"))
                    .collect(Collectors.toMap(verdict -> verdict.sampleKey().substring(2), verdict -> verdict));
        }
    }

    private Map<String, Unjudged> unjudgedByAnswer() {
        try (RunStore store = open()) {
            return store.unjudged().all().stream().collect(Collectors.toMap(row -> row.sampleKey().substring(2), row -> row, (a, b) -> b));
        }
    }

    private void deleteJudgeVerdicts() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + runDir.resolve(RunStore.FILE_NAME).toAbsolutePath());
                Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM verdicts WHERE verifier LIKE 'judge%'");
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

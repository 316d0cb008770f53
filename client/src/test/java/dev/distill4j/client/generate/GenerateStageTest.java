package dev.distill4j.client.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.distill4j.client.FailureKind;
import dev.distill4j.client.MisbehavingServer;
import dev.distill4j.client.TeacherClient;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.Judgement;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.config.EndpointConfig;
import dev.distill4j.core.config.PriceConfig;
import dev.distill4j.core.config.SamplingConfig;
import dev.distill4j.core.config.TeacherConfig;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.verify.Verifier;
import dev.distill4j.core.verify.VerifierProvider;
import dev.distill4j.core.verify.Verifiers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generate stage against a real loopback server and a real DuckDB file. */
class GenerateStageTest {
    private static final String API_KEY = "sk-test-4f1d9c2ab7e35e60";
    /** One dollar per token each way: worst cases and bills can be worked out by hand. */
    private static final PriceConfig DOLLAR_A_TOKEN = new PriceConfig(1_000_000, 1_000_000);

    @TempDir
    Path runDir;

    private final MisbehavingServer server = newServer();
    private final List<GenerationProgress> progress = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        server.close();
    }

    @Test
    void should_store_n_samples_per_task_and_send_nothing_when_run_again() throws Exception {
        List<Task> tasks = tasks("q0", "q1", "q2");
        TeacherConfig teacher = teacher(SamplingConfig.builder().n(4).seed(100L).build(), PriceConfig.FREE, null);

        GenerationSummary first = run(teacher, tasks, builder -> builder.samplesPerRequest(2));
        GenerationSummary again = run(teacher, tasks, builder -> builder.samplesPerRequest(2));

        // 3 tasks x 4 samples in requests of 2: 6 requests, then none.
        assertThat(server.requests()).isEqualTo(6);
        assertThat(first.requestsSent()).isEqualTo(6);
        assertThat(first.samplesWritten()).isEqualTo(12);
        assertThat(again.requestsSent()).isZero();
        assertThat(again.samplesWritten()).isZero();
        assertThat(again.requestsCached()).isEqualTo(6);
        assertThat(again.samplesStored()).isEqualTo(12);
        try (RunStore store = open()) {
            for (Task task : tasks) {
                assertThat(store.samples().where("task_id", task.id())).extracting(Sample::sampleIndex).containsExactlyInAnyOrder(0, 1, 2, 3);
            }
            assertThat(store.requests().count()).isEqualTo(6);
        }
    }

    @Test
    void should_give_two_tasks_with_one_prompt_their_own_samples_and_resend_neither() throws Exception {
        Task first = tasks("same prompt").get(0);
        Task second = new Task("t:other", "test", Split.TRAIN, first.messages(), "another reference", null, first.verifier(), Map.of());
        TeacherConfig teacher = teacher(SamplingConfig.builder().n(2).build(), PriceConfig.FREE, null);

        run(teacher, List.of(first, second), builder -> {});
        GenerationSummary again = run(teacher, List.of(first, second), builder -> {});

        assertThat(server.requests()).isEqualTo(2);
        assertThat(again.samplesStored()).isEqualTo(4);
        try (RunStore store = open()) {
            assertThat(store.samples().where("task_id", "t:other")).hasSize(2);
        }
    }

    @Test
    void should_price_tokens_and_count_what_a_second_run_saved() throws Exception {
        List<Task> tasks = tasks("q0", "q1");
        TeacherConfig teacher = teacher(SamplingConfig.builder().n(1).maxTokens(10).build(), new PriceConfig(2.0, 8.0), null);

        GenerationSummary first = run(teacher, tasks, builder -> {});
        GenerationSummary again = run(teacher, tasks, builder -> {});

        // The server bills 7 prompt and 3 completion tokens per request: 2 x (7 x $2 + 3 x $8) / 1e6.
        assertThat(first.promptTokens()).isEqualTo(14);
        assertThat(first.completionTokens()).isEqualTo(6);
        assertThat(first.costUsd()).isCloseTo(76e-6, offset(1e-12));
        assertThat(again.costUsd()).isZero();
        assertThat(again.savedUsd()).isCloseTo(76e-6, offset(1e-12));
    }

    @Test
    void should_stop_before_the_budget_would_be_passed_and_not_spend_it_again_on_resume() throws Exception {
        List<Task> tasks = tasks("q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7");
        // Worst case per request: "q0" is 2 bytes + 8 template tokens + 10 max tokens = $20; each bill is 7 + 3 = $10.
        // Reservations against $55: 0+20, 10+20, 20+20, 30+20 fit; 40+20 = 60 does not. Four requests, $40.
        TeacherConfig teacher = teacher(SamplingConfig.builder().n(1).maxTokens(10).build(), DOLLAR_A_TOKEN, 55.0);

        GenerationSummary first = run(teacher, tasks, builder -> builder.maxConcurrency(1));
        GenerationSummary again = run(teacher, tasks, builder -> builder.maxConcurrency(1));

        assertThat(first.stoppedByBudget()).isTrue();
        assertThat(first.requestsSent()).isEqualTo(4);
        assertThat(first.costUsd()).isEqualTo(40.0);
        // The store remembers the $40 already spent: 40 + 20 > 55, so the resumed run sends nothing.
        assertThat(again.requestsSent()).isZero();
        assertThat(again.stoppedByBudget()).isTrue();
        assertThat(server.requests()).isEqualTo(4);
    }

    @Test
    void should_resume_a_budget_stopped_run_sending_only_the_missing_samples() throws Exception {
        List<Task> tasks = tasks("q0", "q1", "q2", "q3", "q4", "q5");
        SamplingConfig sampling = SamplingConfig.builder().n(1).maxTokens(10).seed(7L).build();

        run(teacher(sampling, DOLLAR_A_TOKEN, 35.0), tasks, builder -> builder.maxConcurrency(1));
        run(teacher(sampling, DOLLAR_A_TOKEN, null), tasks, builder -> {});

        // Every (prompt, seed) pair is one sample key: each was requested exactly once across both runs.
        assertThat(requestsPerSampleIdentity().values()).hasSize(6).allMatch(count -> count == 1);
        try (RunStore store = open()) {
            assertThat(store.samples().count()).isEqualTo(6);
        }
    }

    @Test
    void should_neither_lose_nor_duplicate_samples_when_the_server_misbehaves() throws Exception {
        server.script(new MisbehavingServer.Reset(), MisbehavingServer.status(503), new MisbehavingServer.Truncated(),
                MisbehavingServer.rateLimited("0"), new MisbehavingServer.CutJson(), MisbehavingServer.status(500));
        List<Task> tasks = tasks("q0", "q1", "q2", "q3");
        TeacherConfig teacher = teacher(SamplingConfig.builder().n(3).seed(0L).build(), PriceConfig.FREE, null);

        GenerationSummary summary = run(teacher, tasks, builder -> builder.samplesPerRequest(1).maxConcurrency(4));

        assertThat(summary.requestsFailed()).isZero();
        assertThat(summary.samplesStored()).isEqualTo(12);
        assertThat(server.requests()).isEqualTo(12 + 6);
        try (RunStore store = open()) {
            for (Task task : tasks) {
                List<Sample> samples = store.samples().where("task_id", task.id());
                assertThat(samples).extracting(Sample::sampleIndex).containsExactlyInAnyOrder(0, 1, 2);
                assertThat(samples).extracting(Sample::completion).containsExactlyInAnyOrder(
                        "reply 0 to " + task.question() + " seed 0", "reply 0 to " + task.question() + " seed 1",
                        "reply 0 to " + task.question() + " seed 2");
            }
        }
    }

    @Test
    void should_count_a_refused_request_by_kind_and_send_it_again_on_the_next_run() throws Exception {
        server.script(MisbehavingServer.status(400));
        List<Task> tasks = tasks("q0");
        TeacherConfig teacher = teacher(SamplingConfig.builder().n(2).build(), PriceConfig.FREE, null);

        GenerationSummary first = run(teacher, tasks, builder -> builder.samplesPerRequest(1).maxConcurrency(1));
        GenerationSummary again = run(teacher, tasks, builder -> builder.samplesPerRequest(1).maxConcurrency(1));

        assertThat(first.errors()).isEqualTo(Map.of(FailureKind.BAD_REQUEST, 1L));
        assertThat(first.samplesStored()).isEqualTo(1);
        assertThat(again.samplesWritten()).isEqualTo(1);
        assertThat(again.samplesStored()).isEqualTo(2);
        assertThat(progress).anyMatch(p -> p.errors().equals(Map.of(FailureKind.BAD_REQUEST, 1L)));
    }

    @Test
    void should_sample_each_task_until_k_pass_or_the_cap() throws Exception {
        // Index i is sent with seed i; the reply is right when the seed is a multiple of 3, never for "impossible".
        server.replies((last, choice, seed) -> !last.equals("impossible") && seed % 3 == 0 ? "right" : "wrong");
        List<Task> tasks = tasks("possible", "impossible");
        TeacherConfig teacher = teacher(SamplingConfig.builder().n(1).seed(0L).build(), PriceConfig.FREE, null);

        run(teacher, tasks, builder -> builder.strategy(new SamplingStrategy.UntilVerified(2, 10)).verifiers(rightIsRight())
                .samplesPerRequest(1));

        // possible: round 1 asks 0,1 (0 passes), round 2 asks 2 (fails), round 3 asks 3 (passes): 4 samples.
        // impossible: asks 2, then 1 at a time... up to the cap of 10.
        try (RunStore store = open()) {
            assertThat(store.samples().where("task_id", tasks.get(0).id())).hasSize(4);
            assertThat(store.samples().where("task_id", tasks.get(1).id())).hasSize(10);
        }
    }

    @Test
    void should_spend_samples_where_the_pass_rate_is_low_but_not_zero() throws Exception {
        server.replies((last, choice, seed) -> switch (last) {
            case "easy" -> "right";
            case "hard" -> seed % 4 == 0 ? "right" : "wrong";
            default -> "wrong";
        });
        List<Task> tasks = tasks("easy", "hard", "never");
        TeacherConfig teacher = teacher(SamplingConfig.builder().n(1).seed(0L).build(), PriceConfig.FREE, null);

        run(teacher, tasks, builder -> builder.strategy(new SamplingStrategy.DifficultyAware(2, 2, 8, 4)).verifiers(rightIsRight())
                .samplesPerRequest(1));

        // easy: 2 of 2 pass, done. never: 2, then up to the give-up point of 4.
        // hard: 0 passes, 1 fails (rate 1/2, one pass missing: 2 more); 1 of 4 (rate 1/4: 4 more); index 4 passes: 8.
        try (RunStore store = open()) {
            assertThat(store.samples().where("task_id", tasks.get(0).id())).hasSize(2);
            assertThat(store.samples().where("task_id", tasks.get(1).id())).hasSize(8);
            assertThat(store.samples().where("task_id", tasks.get(2).id())).hasSize(4);
        }
    }

    @Test
    void should_never_write_the_api_key_into_the_store_or_the_reports() throws Exception {
        server.script(new MisbehavingServer.EchoKeyUnauthorized());
        List<Task> tasks = tasks("q0", "q1");
        TeacherConfig teacher = teacher(SamplingConfig.builder().n(2).build(), PriceConfig.FREE, null);

        GenerationSummary first = run(teacher, tasks, builder -> builder.maxConcurrency(1));
        GenerationSummary again = run(teacher, tasks, builder -> builder.maxConcurrency(1));

        assertThat(server.authorizations()).contains("Bearer " + API_KEY);
        assertThat(first.errors()).containsEntry(FailureKind.AUTH, 1L);
        assertThat(again.samplesStored()).isEqualTo(4);
        String everything = first + " " + again + " " + progress;
        assertThat(everything).doesNotContain(API_KEY);
        byte[] file = Files.readAllBytes(runDir.resolve(RunStore.FILE_NAME));
        assertThat(new String(file, StandardCharsets.ISO_8859_1)).doesNotContain(API_KEY).doesNotContain("4f1d9c2a");
    }

    @Test
    void should_report_progress_up_to_every_sample_done() throws Exception {
        List<Task> tasks = tasks("q0", "q1");
        TeacherConfig teacher = teacher(SamplingConfig.builder().n(3).build(), new PriceConfig(1.0, 1.0), null);

        run(teacher, tasks, builder -> builder.samplesPerRequest(1));

        GenerationProgress last = progress.get(progress.size() - 1);
        assertThat(last.done()).isEqualTo(6);
        assertThat(last.total()).isEqualTo(6);
        assertThat(last.eta()).isEqualTo(Duration.ZERO);
        assertThat(last.costUsd()).isCloseTo(6 * 10e-6, offset(1e-12));
        assertThat(progress).extracting(GenerationProgress::done).isSorted();
    }

    // ---------------------------------------------------------------------------------------------------------

    private GenerationSummary run(TeacherConfig teacher, List<Task> tasks, java.util.function.Consumer<GenerateStage.Builder> options)
            throws InterruptedException {
        try (RunStore store = open();
                TeacherClient client = GenerateStage.clientFor(teacher).environment(name -> name.equals("TEACHER_KEY") ? API_KEY : null)
                        .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).requestDeadline(Duration.ofSeconds(20))
                        // Six faults in a row must not open the breaker for longer than a test runs.
                        .breaker(5, Duration.ofMillis(20)).build()) {
            store.tasks().put(tasks);
            GenerateStage.Builder builder = GenerateStage.builder().store(store).client(client).teacher(teacher).progress(progress::add);
            options.accept(builder);
            return builder.build().run();
        }
    }

    private RunStore open() {
        return RunStore.open(runDir, Provenance.adHoc("generate-test", 1));
    }

    private TeacherConfig teacher(SamplingConfig sampling, PriceConfig price, Double budget) {
        EndpointConfig endpoint = EndpointConfig.builder().name("a").baseUrl(server.baseUrl()).model("teacher-model")
                .apiKeyEnv("TEACHER_KEY").timeoutSeconds(2).price(price).build();
        return new TeacherConfig(List.of(endpoint), sampling, budget);
    }

    /** How often the server was asked for each (prompt, seed): one sample identity when every request asks for one. */
    private Map<String, Long> requestsPerSampleIdentity() {
        return server.bodies().stream().collect(Collectors.groupingBy(
                body -> body.path("messages").toString() + " seed " + body.path("seed").asText(), TreeMap::new, Collectors.counting()));
    }

    private static List<Task> tasks(String... questions) {
        List<Task> tasks = new ArrayList<>();
        for (String question : questions) {
            tasks.add(new Task("t:" + question, "test", Split.TRAIN, List.of(ChatMessage.user(question)), "right", null,
                    VerifierSpec.of("right-is-right"), Map.of()));
        }
        return tasks;
    }

    /** Passes a completion equal to the task's reference. */
    private static Verifiers rightIsRight() {
        return new Verifiers(List.of(new VerifierProvider() {
            @Override
            public String type() {
                return "right-is-right";
            }

            @Override
            public Set<String> options() {
                return Set.of();
            }

            @Override
            public String description() {
                return "the completion equals the reference";
            }

            @Override
            public Verifier create(VerifierSpec spec) {
                return (task, completion) -> completion.equals(task.reference()) ? Judgement.pass(completion)
                        : Judgement.fail("not the reference", completion);
            }
        }));
    }

    private static MisbehavingServer newServer() {
        try {
            return new MisbehavingServer();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package dev.distill4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.client.OpenAiBatchWire;
import dev.distill4j.client.TeacherClient;
import dev.distill4j.client.generate.GenerateStage;
import dev.distill4j.client.generate.GenerationSummary;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.TeacherBatch;
import dev.distill4j.core.TeacherRequest;
import dev.distill4j.core.config.BatchConfig;
import dev.distill4j.core.config.EndpointConfig;
import dev.distill4j.core.config.PriceConfig;
import dev.distill4j.core.config.SamplingConfig;
import dev.distill4j.core.config.TeacherConfig;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.tasks.TaskRequest;
import dev.distill4j.tasks.arith.ArithFamily;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's generate stage in batch mode against this server's batch API, over the official SDK: the samples a
 * batch stores are the ones live calls store, billed at the batch price, and a batch whose creation was not recorded
 * is found again instead of being created twice.
 */
class BatchGenerateThroughServerTest {
    /** A dollar per thousand tokens each way: bills worth checking by hand. */
    private static final PriceConfig PRICE = new PriceConfig(1000, 1000);

    @TempDir
    Path dir;

    private static TeacherConfig teacher(String baseUrl, String model, boolean batch) {
        EndpointConfig endpoint = EndpointConfig.builder().name("local-serve").baseUrl(baseUrl).model(model).timeoutSeconds(60).price(PRICE)
                .build();
        SamplingConfig sampling = SamplingConfig.builder().n(2).temperature(0.7).seed(5L).maxTokens(24).build();
        BatchConfig batches = BatchConfig.builder().enabled(batch).pollSeconds(0.05).maxPollSeconds(0.2).build();
        return new TeacherConfig(List.of(endpoint), sampling, null, null, batches);
    }

    private GenerationSummary generate(Path run, TeacherConfig teacher, List<Task> tasks) throws InterruptedException {
        try (RunStore store = RunStore.open(run, Provenance.adHoc("batch-test", 1));
                TeacherClient client = GenerateStage.clientFor(teacher).build();
                OpenAiBatchWire wire = teacher.batch().enabled() ? GenerateStage.batchWireFor(teacher, name -> null, 1) : null) {
            store.tasks().put(tasks);
            return GenerateStage.builder().store(store).client(client).batchWire(wire).teacher(teacher).build().run();
        }
    }

    private static Map<String, String> completions(Path run) {
        Map<String, String> byKey = new HashMap<>();
        try (RunStore store = RunStore.open(run, Provenance.adHoc("batch-test", 1))) {
            for (Sample sample : store.samples().all()) {
                byKey.put(sample.key(), sample.completion());
            }
        }
        return byKey;
    }

    @Test
    void should_store_through_a_batch_exactly_the_samples_live_calls_store_at_the_batch_price_and_resubmit_nothing() throws Exception {
        List<Task> tasks = new ArithFamily().generate(TaskRequest.of(3, 91, Split.TRAIN));
        try (OpenAiServer server = Teacher.serve(ServeConfig.builder().maxBatch(4).stateDir(dir.resolve("state")))) {
            GenerationSummary live = generate(dir.resolve("live"), teacher(server.baseUrl(), server.modelName(), false), tasks);
            GenerationSummary batched = generate(dir.resolve("batched"), teacher(server.baseUrl(), server.modelName(), true), tasks);
            GenerationSummary again = generate(dir.resolve("batched"), teacher(server.baseUrl(), server.modelName(), true), tasks);

            assertThat(live.samplesWritten()).isEqualTo(6);
            assertThat(batched.samplesWritten()).isEqualTo(6);
            assertThat(batched.requestsSent()).isEqualTo(3);
            assertThat(batched.requestsFailed()).isZero();
            assertThat(batched.batches()).isEqualTo(1);
            assertThat(batched.batchProblems()).isEmpty();
            // Seeded sampling: the same sample whichever way it was asked for, under the same key.
            assertThat(completions(dir.resolve("batched"))).isEqualTo(completions(dir.resolve("live"))).hasSize(6);
            // Half the price of the same tokens.
            assertThat(batched.promptTokens()).isEqualTo(live.promptTokens());
            assertThat(batched.completionTokens()).isEqualTo(live.completionTokens());
            double listed = (batched.promptTokens() * 1000.0 + batched.completionTokens() * 1000.0) / 1e6;
            assertThat(live.costUsd()).isCloseTo(listed, within(1e-9));
            assertThat(batched.costUsd()).isCloseTo(listed / 2, within(1e-9));

            assertThat(again.requestsSent()).isZero();
            assertThat(again.batches()).isZero();
            JsonNode listedBatches = Http.get(server, "/v1/batches", null).json().path("data");
            assertThat(listedBatches).hasSize(1);
            assertThat(listedBatches.get(0).path("metadata").path("distill4j_submission").asText()).hasSize(64);

            try (RunStore store = RunStore.open(dir.resolve("batched"), Provenance.adHoc("batch-test", 1))) {
                List<TeacherBatch> steps = store.batches().all();
                assertThat(steps).extracting(TeacherBatch::step).containsExactlyInAnyOrder("uploaded", "created", "settled");
                assertThat(steps).extracting(TeacherBatch::submission).containsOnly(steps.get(0).submission());
                TeacherBatch uploaded = steps.stream().filter(step -> step.step().equals("uploaded")).findFirst().orElseThrow();
                List<TeacherRequest> requests = store.requests().all();
                assertThat(requests).hasSize(3);
                // custom_id is the request's content key, and each maps to its task and sample keys.
                for (TeacherRequest request : requests) {
                    JsonNode entry = uploaded.requests().get(request.key());
                    assertThat(entry).as(request.key()).isNotNull();
                    assertThat(request.body()).isEqualTo(entry.get("body"));
                    assertThat(request.body().path("n").asInt()).isEqualTo(2);
                    for (JsonNode key : entry.get("sample_keys")) {
                        assertThat(store.samples().get(key.asText())).isPresent()
                                .hasValueSatisfying(sample -> assertThat(sample.requestKey()).isEqualTo(request.key()));
                    }
                }
                TeacherBatch settled = steps.stream().filter(step -> step.step().equals("settled")).findFirst().orElseThrow();
                assertThat(settled.detail().path("status").asText()).isEqualTo("completed");
                assertThat(settled.detail().path("request_counts").path("completed").asInt()).isEqualTo(3);
            }
        }
    }

    @Test
    void should_reserve_the_budget_at_the_batch_price_and_hold_back_what_does_not_fit() throws Exception {
        List<Task> tasks = new ArithFamily().generate(TaskRequest.of(3, 23, Split.TRAIN));
        try (OpenAiServer server = Teacher.serve(ServeConfig.builder().maxBatch(4).stateDir(dir.resolve("state")))) {
            TeacherConfig open = teacher(server.baseUrl(), server.modelName(), true);
            // Worked out as the stage does: the prompt's UTF-8 bytes plus 8 a message, and every choice at max_tokens, for both choices.
            double[] worstCases = tasks.stream().mapToDouble(task -> {
                long promptTokens = task.messages().stream().mapToLong(m -> m.content().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 8).sum();
                return (2 * promptTokens * 500.0 + 2 * 24 * 500.0) / 1e6; // the batch price: half of $1,000 per million tokens
            }).toArray();
            double cap = worstCases[0] + worstCases[1] + worstCases[2] / 2;
            TeacherConfig capped = new TeacherConfig(open.endpoints(), open.sampling(), cap, null, open.batch());

            GenerationSummary summary = generate(dir.resolve("capped"), capped, tasks);

            assertThat(summary.stoppedByBudget()).isTrue();
            assertThat(summary.requestsSent()).isEqualTo(2);
            assertThat(summary.samplesWritten()).isEqualTo(4);
            assertThat(summary.costUsd()).isPositive().isLessThanOrEqualTo(cap);
            // The batch held only the requests whose worst case fitted.
            assertThat(Http.get(server, "/v1/batches", null).json().path("data").get(0).path("request_counts").path("total").asInt()).isEqualTo(2);
        }
    }

    @Test
    void should_find_a_batch_whose_creation_answer_was_lost_by_its_metadata_instead_of_creating_a_second() throws Exception {
        List<Task> first = new ArithFamily().generate(TaskRequest.of(2, 17, Split.TRAIN));
        List<Task> second = new ArithFamily().generate(TaskRequest.of(2, 18, Split.TRAIN));
        try (OpenAiServer server = Teacher.serve(ServeConfig.builder().maxBatch(4).stateDir(dir.resolve("state")));
                DroppingProxy proxy = new DroppingProxy(server)) {
            TeacherConfig teacher = teacher(proxy.baseUrl(), server.modelName(), true);

            // The server created the batch, the client never heard: it looks the batch up and carries on with it.
            proxy.dropNextCreate();
            GenerationSummary foundAtOnce = generate(dir.resolve("first"), teacher, first);
            assertThat(foundAtOnce.samplesWritten()).isEqualTo(4);
            assertThat(foundAtOnce.batches()).isEqualTo(1);

            // The same, and the listing does not show the batch yet: the run stops short, leaving the submission open...
            proxy.dropNextCreate();
            proxy.hideNextListing();
            GenerationSummary stoppedShort = generate(dir.resolve("second"), teacher, second);
            assertThat(stoppedShort.samplesWritten()).isZero();
            assertThat(stoppedShort.requestsFailed()).isEqualTo(2);
            assertThat(stoppedShort.batchProblems()).singleElement().asString().contains("run again");
            try (RunStore store = RunStore.open(dir.resolve("second"), Provenance.adHoc("batch-test", 1))) {
                assertThat(store.batches().all()).extracting(TeacherBatch::step).containsExactly("uploaded");
            }
            // ...and the next run finds the batch before it plans anything, and stores its answers.
            GenerationSummary resumed = generate(dir.resolve("second"), teacher, second);
            assertThat(resumed.samplesWritten()).isEqualTo(4);
            assertThat(resumed.batches()).isEqualTo(1);
            try (RunStore store = RunStore.open(dir.resolve("second"), Provenance.adHoc("batch-test", 1))) {
                assertThat(store.batches().all()).extracting(TeacherBatch::step).containsExactlyInAnyOrder("uploaded", "created", "settled");
            }

            assertThat(proxy.forwarded().stream().filter(request -> request.equals("POST /v1/batches")).count()).isEqualTo(2);
            assertThat(Http.get(server, "/v1/batches", null).json().path("data")).hasSize(2);
        }
    }
}

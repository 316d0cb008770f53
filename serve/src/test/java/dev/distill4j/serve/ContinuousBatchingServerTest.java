package dev.distill4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.model.LocalModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Continuous batching seen from outside, on a real server: a request joining a busy batch mid-flight decodes the same
 * tokens as alone; a client that goes away frees its row at once; the queue bound sheds load with 503; keys share the
 * batch fairly; shutdown lets in-flight requests finish or fails them cleanly.
 */
class ContinuousBatchingServerTest {
    private static final String QUESTION = Teacher.questions(1, 11).get(0);
    /** A stream chunk with generated text (the first chunk only names the role). */
    private static final String FIRST_TOKEN = "\"delta\":{\"content\":\"";

    private static String chatBody(String extra) {
        return "{\"messages\": [{\"role\": \"user\", \"content\": \"" + QUESTION + "\"}], " + extra + "}";
    }

    /** Background requests that keep the batch busy: sampled, a known length, streamed so their progress shows. */
    private static String busyBody(int seed, int tokens) {
        return chatBody("\"temperature\": 1.0, \"seed\": " + seed + ", \"max_tokens\": " + tokens + ", \"ignore_eos\": true, \"stream\": true");
    }

    private static void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited for: " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void should_decode_a_request_token_for_token_the_same_alone_and_joining_a_busy_batch_mid_flight() throws Exception {
        String greedy = chatBody("\"temperature\": 0, \"max_tokens\": 48, \"logprobs\": true, \"top_logprobs\": 2");
        String seeded = chatBody("\"temperature\": 1.0, \"top_p\": 0.9, \"seed\": 1234, \"max_tokens\": 48");
        try (OpenAiServer server = Teacher.serve(ServeConfig.builder().maxBatch(8))) {
            JsonNode greedyAlone = Http.post(server, "/v1/chat/completions", greedy, null).json();
            JsonNode seededAlone = Http.post(server, "/v1/chat/completions", seeded, null).json();

            List<RawClient> busy = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    RawClient client = RawClient.post(server, "/v1/chat/completions", busyBody(i, 400), null);
                    busy.add(client);
                }
                for (RawClient client : busy) {
                    // Several tokens streamed: the batch is mid-flight, its rows at different lengths.
                    client.readUntil(FIRST_TOKEN);
                }
                await("six busy rows", () -> Http.metric(server, "distill_running_rows") == 6, Duration.ofSeconds(30));
                JsonNode greedyBusy = Http.post(server, "/v1/chat/completions", greedy, null).json();
                JsonNode seededBusy = Http.post(server, "/v1/chat/completions", seeded, null).json();
                // The busy rows were still running when both answers came: they joined and left a running batch.
                assertThat(Http.metric(server, "distill_running_rows")).isEqualTo(6);

                assertThat(text(greedyBusy)).isEqualTo(text(greedyAlone)).isNotEmpty();
                assertThat(text(seededBusy)).isEqualTo(text(seededAlone)).isNotEmpty();
                JsonNode aloneLogprobs = greedyAlone.path("choices").get(0).path("logprobs").path("content");
                JsonNode busyLogprobs = greedyBusy.path("choices").get(0).path("logprobs").path("content");
                assertThat(busyLogprobs.size()).isEqualTo(aloneLogprobs.size()).isPositive();
                for (int i = 0; i < aloneLogprobs.size(); i++) {
                    assertThat(busyLogprobs.get(i).path("token").asText()).isEqualTo(aloneLogprobs.get(i).path("token").asText());
                    assertThat(busyLogprobs.get(i).path("logprob").asDouble()).isCloseTo(aloneLogprobs.get(i).path("logprob").asDouble(), within(1e-3));
                }
            } finally {
                for (RawClient client : busy) {
                    client.close();
                }
            }
            await("the dropped streams leave the batch", () -> Http.metric(server, "distill_running_rows") == 0, Duration.ofSeconds(10));
        }
    }

    /**
     * In batch-invariant mode (`serve --batch-invariant`) the logprobs are the same to the bit, not just close: rows of
     * other histories and 1-3 or 5-7 rows beside it would otherwise change their last bits (see Decoder.batchInvariant).
     */
    @Test
    void should_give_a_request_the_same_logprobs_to_the_bit_alone_and_in_a_busy_batch_in_batch_invariant_mode() throws Exception {
        String greedy = chatBody("\"temperature\": 0, \"max_tokens\": 48, \"logprobs\": true, \"top_logprobs\": 3");
        try (LocalModel invariant = LocalModel.load(Teacher.DIR)) {
            invariant.decoder().batchInvariant(true);
            try (OpenAiServer server = OpenAiServer.start(invariant, ServeConfig.builder().port(0).maxBatch(8).build())) {
                JsonNode alone = Http.post(server, "/v1/chat/completions", greedy, null).json().path("choices").get(0).path("logprobs");
                for (int others : new int[] {2, 6}) {
                    List<RawClient> busy = new ArrayList<>();
                    try {
                        for (int i = 0; i < others; i++) {
                            busy.add(RawClient.post(server, "/v1/chat/completions", busyBody(100 + i, 400), null));
                            busy.get(i).readUntil(FIRST_TOKEN); // each joins a running batch: the rows' histories differ
                        }
                        JsonNode inCompany = Http.post(server, "/v1/chat/completions", greedy, null).json().path("choices").get(0).path("logprobs");
                        assertThat(inCompany.path("content").size()).isPositive();
                        assertThat(inCompany).as("beside %d busy rows", others).isEqualTo(alone);
                    } finally {
                        for (RawClient client : busy) {
                            client.close();
                        }
                    }
                    await("the dropped streams leave the batch", () -> Http.metric(server, "distill_running_rows") == 0, Duration.ofSeconds(10));
                }
            }
        }
    }

    private static String text(JsonNode completion) {
        return completion.path("choices").get(0).path("message").path("content").asText();
    }

    @Test
    @SuppressWarnings("try") // the open connection is the point: closing it is the disconnect
    void should_free_the_row_of_a_client_that_goes_away_at_once_streaming_or_not() throws Exception {
        try (OpenAiServer server = Teacher.serve(ServeConfig.builder().maxBatch(1))) {
            String whole = chatBody("\"max_tokens\": 900, \"ignore_eos\": true");
            try (RawClient client = RawClient.post(server, "/v1/chat/completions", whole, null)) {
                await("the row runs", () -> Http.metric(server, "distill_running_rows") == 1, Duration.ofSeconds(20));
            }
            // 900 tokens would take many seconds; the row leaves as soon as the connection closes.
            await("the row is freed", () -> Http.metric(server, "distill_running_rows") == 0, Duration.ofSeconds(3));

            try (RawClient client = RawClient.post(server, "/v1/chat/completions", busyBody(3, 900), null)) {
                client.readUntil(FIRST_TOKEN);
            }
            // The gauge of running rows is set after a step's tokens go out, so a client can read a token while it still
            // shows the row before: the cancellations are what says both rows left, within 3 s of 900-token work.
            await("both rows cancelled", () -> Http.metric(server, "distill_requests_cancelled_total") == 2, Duration.ofSeconds(3));
            await("the streamed row is freed", () -> Http.metric(server, "distill_running_rows") == 0, Duration.ofSeconds(3));
            await("both logged as 499", () -> Http.metric(server, "distill_requests_total{endpoint=\"/v1/chat/completions\",status=\"499\"}") == 2,
                    Duration.ofSeconds(2));

            Http.Answer next = Http.post(server, "/v1/chat/completions", chatBody("\"max_tokens\": 3"), null);
            assertThat(next.status()).isEqualTo(200);
        }
    }

    @Test
    @SuppressWarnings("try") // the open connections hold the row and the queue
    void should_shed_load_with_503_and_retry_after_beyond_the_queue_bound() throws Exception {
        try (OpenAiServer server = Teacher.serve(ServeConfig.builder().maxBatch(1).maxQueuedRows(1));
                RawClient running = RawClient.post(server, "/v1/chat/completions", busyBody(1, 900), null)) {
            running.readUntil(FIRST_TOKEN);
            try (RawClient queued = RawClient.post(server, "/v1/chat/completions", busyBody(2, 900), null)) {
                await("one row running, one queued", () -> Http.metric(server, "distill_running_rows") == 1
                        && Http.metric(server, "distill_queue_rows") == 1, Duration.ofSeconds(10));

                Http.Answer shed = Http.post(server, "/v1/chat/completions", chatBody("\"max_tokens\": 3"), null);

                assertThat(shed.status()).isEqualTo(503);
                assertThat(shed.error("code")).isEqualTo("overloaded");
                assertThat(shed.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
            }
        }
    }

    @Test
    void should_give_a_waiting_key_the_next_row_before_a_key_that_floods_the_queue() throws Exception {
        Path keys = Files.createTempFile("keys", ".txt");
        Files.writeString(keys, "flood:sk-flood-0000000000000001\nquiet:sk-quiet-0000000000000002\n");
        List<String> finished = new CopyOnWriteArrayList<>();
        try (OpenAiServer server = Teacher.serve(ServeConfig.builder().apiKeys(ApiKeys.read(keys)).maxBatch(1));
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            String body = chatBody("\"max_tokens\": 30, \"ignore_eos\": true");
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String name = "flood-" + i;
                all.add(CompletableFuture.runAsync(() -> {
                    assertThat(Http.post(server, "/v1/chat/completions", body, "sk-flood-0000000000000001").status()).isEqualTo(200);
                    finished.add(name);
                }, threads));
            }
            await("one flood row running and three queued", () -> Http.metric(server, "distill_queue_rows") == 3, Duration.ofSeconds(20));
            all.add(CompletableFuture.runAsync(() -> {
                assertThat(Http.post(server, "/v1/chat/completions", body, "sk-quiet-0000000000000002").status()).isEqualTo(200);
                finished.add("quiet");
            }, threads));
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } finally {
            Files.delete(keys);
        }
        // One row at a time: the running flood request finishes first, then the quiet key's, then the other three.
        assertThat(finished).hasSize(5);
        assertThat(finished.indexOf("quiet")).isEqualTo(1);
    }

    @Test
    void should_let_in_flight_requests_finish_within_the_shutdown_deadline_and_refuse_new_ones() throws Exception {
        OpenAiServer server = Teacher.serve(ServeConfig.builder().maxBatch(2).shutdownDeadline(Duration.ofSeconds(60)));
        try (RawClient streaming = RawClient.post(server, "/v1/chat/completions", busyBody(5, 60), null)) {
            streaming.readUntil(FIRST_TOKEN);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            await("draining", () -> Http.get(server, "/health", null).status() == 503, Duration.ofSeconds(5));
            Http.Answer refused = Http.post(server, "/v1/chat/completions", chatBody("\"max_tokens\": 3"), null);
            assertThat(refused.status()).isEqualTo(503);

            String answer = streaming.readUntil("data: [DONE]");
            assertThat(answer).contains("\"finish_reason\":\"length\"").contains("data: [DONE]").doesNotContain("\"error\"");
            closing.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void should_fail_requests_cleanly_with_503_when_the_shutdown_deadline_passes() throws Exception {
        OpenAiServer server = Teacher.serve(ServeConfig.builder().maxBatch(2).shutdownDeadline(Duration.ofMillis(300)));
        CompletableFuture<Http.Answer> whole = CompletableFuture.supplyAsync(
                () -> Http.post(server, "/v1/chat/completions", chatBody("\"max_tokens\": 900, \"ignore_eos\": true"), null));
        try (RawClient streaming = RawClient.post(server, "/v1/chat/completions", busyBody(6, 900), null)) {
            streaming.readUntil(FIRST_TOKEN);
            await("both running", () -> Http.metric(server, "distill_running_rows") == 2, Duration.ofSeconds(20));
            long start = System.nanoTime();
            server.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

            Http.Answer answer = whole.get(10, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.error("message")).contains("shutting down");
            String stream = streaming.readUntil("data: [DONE]");
            // The status line went out with the first chunk: the error comes as an event, then [DONE].
            assertThat(stream).contains("data: {\"error\":{").contains("data: [DONE]");
            assertThat(stream.indexOf("data: {\"error\"")).isLessThan(stream.indexOf("data: [DONE]"));
        }
    }
}

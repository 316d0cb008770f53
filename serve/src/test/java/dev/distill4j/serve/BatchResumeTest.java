package dev.distill4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch survives its server: a restarted server resumes it by custom_id, and serves it once finished; live traffic is not starved. */
class BatchResumeTest {
    private static final Set<String> DONE = Set.of("completed", "failed", "cancelled", "expired");

    @TempDir
    Path state;

    private static List<String> longRequests(int count, int tokens) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(BatchCalls.chatLine("req-" + i, "What is " + (20 + i) + " + 7?", "\"max_tokens\": " + tokens + ", \"ignore_eos\": true"));
        }
        return lines;
    }

    @Test
    void should_resume_a_batch_after_a_restart_answering_every_custom_id_exactly_once() throws Exception {
        ServeConfig.Builder settings = ServeConfig.builder().maxBatch(2).stateDir(state);
        String batchId;
        String outputFileId;
        try (OpenAiServer first = Teacher.serve(settings)) {
            batchId = BatchCalls.create(first, null, BatchCalls.uploadLines(first, null, longRequests(8, 40)), "/v1/chat/completions")
                    .path("id").asText();
            BatchCalls.awaitCompleted(first, null, batchId, 3, Duration.ofSeconds(60));
            // close() drops the requests in flight unjournaled; everything journaled stays answered.
        }
        Path journal = state.resolve("batches").resolve(batchId + ".answers.jsonl");
        assertThat(journal).exists();
        double answeredBefore = Files.readAllLines(journal).size();
        assertThat(answeredBefore).isBetween(3.0, 7.0);

        try (OpenAiServer second = Teacher.serve(settings)) {
            JsonNode resumed = BatchCalls.get(second, null, batchId);
            assertThat(resumed.path("status").asText()).isIn("in_progress", "finalizing", "completed");
            JsonNode done = BatchCalls.await(second, null, batchId, DONE, Duration.ofSeconds(60));
            assertThat(done.path("status").asText()).isEqualTo("completed");
            // The second server ran only what the first had not answered.
            assertThat(Http.metric(second, "distill_batch_api_requests_total{status=\"200\"}")).isEqualTo(8 - answeredBefore);
            List<JsonNode> output = BatchCalls.lines(second, null, done.path("output_file_id").asText());
            assertThat(output).extracting(line -> line.path("custom_id").asText())
                    .containsExactly("req-0", "req-1", "req-2", "req-3", "req-4", "req-5", "req-6", "req-7");
            assertThat(output).allSatisfy(line -> assertThat(line.path("response").path("body").path("usage").path("completion_tokens").asInt())
                    .isEqualTo(40));
            assertThat(done.path("request_counts").path("completed").asInt()).isEqualTo(8);
            outputFileId = done.path("output_file_id").asText();
        }
        assertThat(Files.exists(state.resolve("batches").resolve(batchId + ".answers.jsonl"))).as("journal removed once finished").isFalse();

        // A finished batch and its files are still served by the next server on the folder.
        try (OpenAiServer third = Teacher.serve(settings)) {
            JsonNode kept = BatchCalls.get(third, null, batchId);
            assertThat(kept.path("status").asText()).isEqualTo("completed");
            assertThat(kept.path("output_file_id").asText()).isEqualTo(outputFileId);
            assertThat(BatchCalls.lines(third, null, outputFileId)).hasSize(8);
            assertThat(Http.metric(third, "distill_batch_api_requests_total{status=\"200\"}")).isNaN();
        }
    }

    @Test
    void should_keep_answering_live_requests_promptly_while_a_batch_holds_its_share_of_the_rows() throws Exception {
        try (OpenAiServer server = Teacher.serve(ServeConfig.builder().maxBatch(4).stateDir(state))) {
            String batchId = BatchCalls.create(server, null, BatchCalls.uploadLines(server, null, longRequests(12, 300)), "/v1/chat/completions")
                    .path("id").asText();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (Http.metric(server, "distill_batch_api_running_rows") < 2) {
                assertThat(System.nanoTime()).as("the batch takes its two rows").isLessThan(deadline);
                Thread.sleep(20);
            }
            // Half the rows by default: the batch may hold two of four, and has ten more requests waiting for them.
            assertThat(Http.metric(server, "distill_batch_api_queue_rows")).isPositive();
            List<CompletableFuture<Http.Answer>> live = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String body = BatchCalls.chatBody("What is " + i + " + 1?", "\"max_tokens\": 6").toString();
                live.add(CompletableFuture.supplyAsync(() -> Http.post(server, "/v1/chat/completions", body, null)));
            }
            for (CompletableFuture<Http.Answer> answer : live) {
                assertThat(answer.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
            JsonNode batch = BatchCalls.get(server, null, batchId);
            assertThat(batch.path("status").asText()).isEqualTo("in_progress");
            assertThat(batch.path("request_counts").path("completed").asInt()).isLessThan(12);
            // Never more than the batch's share of rows: the live requests found free rows and waited for none.
            assertThat(Http.metric(server, "distill_batch_api_running_rows")).isLessThanOrEqualTo(2);
            assertThat(Http.metric(server, "distill_queue_seconds_total")).isLessThan(2.0);
            assertThat(Http.post(server, "/v1/batches/" + batchId + "/cancel", "", null).status()).isEqualTo(200);
            assertThat(BatchCalls.await(server, null, batchId, DONE, Duration.ofSeconds(30)).path("status").asText()).isEqualTo("cancelled");
        }
    }
}

package dev.distill4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch API end to end on a live server with the shipped teacher: upload, create, poll, fetch; validation; per-request
 * refusals; cancel; keys. Expected answers come from the live endpoint, asked the same greedy request.
 */
class BatchApiTest {
    private static final String KEY = "sk-batch-owner-0123456789";
    private static final String OTHER_KEY = "sk-batch-other-9876543210";
    private static final Set<String> DONE = Set.of("completed", "failed", "cancelled", "expired");

    @TempDir
    Path state;

    private OpenAiServer serve(ServeConfig.Builder settings) throws Exception {
        Path keys = Files.createTempFile("keys", ".txt");
        Files.writeString(keys, "owner:" + KEY + "\nother:" + OTHER_KEY + "\n");
        try {
            return Teacher.serve(settings.apiKeys(ApiKeys.read(keys)).stateDir(state));
        } finally {
            Files.delete(keys);
        }
    }

    @Test
    void should_answer_every_request_of_a_batch_as_the_live_endpoint_does_matched_by_custom_id() throws Exception {
        List<String> questions = Teacher.questions(5, 41);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            lines.add(BatchCalls.chatLine("task-" + i, questions.get(i), "\"temperature\": 0, \"max_tokens\": " + (16 + 4 * i)));
        }
        try (OpenAiServer server = serve(ServeConfig.builder().maxBatch(4))) {
            String fileId = BatchCalls.uploadLines(server, KEY, lines);
            JsonNode uploaded = Http.get(server, "/v1/files/" + fileId, KEY).json();
            assertThat(uploaded.path("object").asText()).isEqualTo("file");
            assertThat(uploaded.path("purpose").asText()).isEqualTo("batch");
            assertThat(uploaded.path("filename").asText()).isEqualTo("requests.jsonl");
            assertThat(uploaded.path("bytes").asLong()).isEqualTo((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8).length);

            JsonNode created = BatchCalls.create(server, KEY, fileId, "/v1/chat/completions");
            assertThat(created.path("object").asText()).isEqualTo("batch");
            assertThat(created.path("status").asText()).isEqualTo("validating");
            assertThat(created.path("input_file_id").asText()).isEqualTo(fileId);
            assertThat(created.path("metadata").path("purpose").asText()).isEqualTo("test");
            assertThat(created.path("expires_at").asLong() - created.path("created_at").asLong()).isEqualTo(24 * 3600);

            JsonNode done = BatchCalls.await(server, KEY, created.path("id").asText(), DONE, Duration.ofSeconds(60));
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("completed");
            assertThat(done.path("request_counts").path("total").asInt()).isEqualTo(5);
            assertThat(done.path("request_counts").path("completed").asInt()).isEqualTo(5);
            assertThat(done.path("request_counts").path("failed").asInt()).isZero();
            assertThat(done.path("error_file_id").isNull()).isTrue();
            for (String at : List.of("in_progress_at", "finalizing_at", "completed_at")) {
                assertThat(done.path(at).asLong()).as(at).isBetween(done.path("created_at").asLong(), done.path("created_at").asLong() + 120);
            }
            assertThat(done.path("cancelled_at").isNull()).isTrue();

            List<JsonNode> output = BatchCalls.lines(server, KEY, done.path("output_file_id").asText());
            Map<String, JsonNode> byCustomId = new HashMap<>();
            output.forEach(line -> byCustomId.put(line.path("custom_id").asText(), line));
            assertThat(output).hasSize(5);
            assertThat(byCustomId).containsOnlyKeys("task-0", "task-1", "task-2", "task-3", "task-4");
            long promptTokens = 0;
            long completionTokens = 0;
            for (int i = 0; i < questions.size(); i++) {
                JsonNode line = byCustomId.get("task-" + i);
                assertThat(line.path("id").asText()).startsWith("batch_req_");
                assertThat(line.path("error").isNull()).isTrue();
                assertThat(line.path("response").path("status_code").asInt()).isEqualTo(200);
                assertThat(line.path("response").path("request_id").asText()).isNotBlank();
                JsonNode body = line.path("response").path("body");
                JsonNode live = Http.post(server, "/v1/chat/completions",
                        BatchCalls.chatBody(questions.get(i), "\"temperature\": 0, \"max_tokens\": " + (16 + 4 * i)).toString(), KEY).json();
                assertThat(body.path("object").asText()).isEqualTo("chat.completion");
                assertThat(body.path("choices").get(0).path("message").path("content").asText())
                        .isEqualTo(live.path("choices").get(0).path("message").path("content").asText()).isNotEmpty();
                assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo(live.path("choices").get(0).path("finish_reason").asText());
                assertThat(body.path("usage")).isEqualTo(live.path("usage"));
                promptTokens += body.path("usage").path("prompt_tokens").asLong();
                completionTokens += body.path("usage").path("completion_tokens").asLong();
            }
            JsonNode batchUsage = BatchCalls.get(server, KEY, done.path("id").asText()).path("usage");
            assertThat(batchUsage.path("input_tokens").asLong()).isEqualTo(promptTokens);
            assertThat(batchUsage.path("output_tokens").asLong()).isEqualTo(completionTokens);
            assertThat(Http.metric(server, "distill_batch_api_requests_total{status=\"200\"}")).isEqualTo(5);

            JsonNode listed = Http.get(server, "/v1/batches?limit=5", KEY).json();
            assertThat(listed.path("object").asText()).isEqualTo("list");
            assertThat(listed.path("data").get(0).path("id").asText()).isEqualTo(done.path("id").asText());
        }
    }

    @Test
    void should_run_a_batch_of_legacy_completions_as_the_live_completions_endpoint_answers() throws Exception {
        List<String> prompts = List.of("12+34=", "7*8=");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            lines.add("{\"custom_id\": \"p" + i + "\", \"method\": \"POST\", \"url\": \"/v1/completions\", \"body\": {\"prompt\": \""
                    + prompts.get(i) + "\", \"max_tokens\": 6, \"temperature\": 0}}");
        }
        try (OpenAiServer server = serve(ServeConfig.builder().maxBatch(2))) {
            String fileId = BatchCalls.uploadLines(server, KEY, lines);
            JsonNode done = BatchCalls.await(server, KEY, BatchCalls.create(server, KEY, fileId, "/v1/completions").path("id").asText(), DONE,
                    Duration.ofSeconds(30));

            assertThat(done.path("status").asText()).isEqualTo("completed");
            assertThat(done.path("endpoint").asText()).isEqualTo("/v1/completions");
            List<JsonNode> output = BatchCalls.lines(server, KEY, done.path("output_file_id").asText());
            assertThat(output).extracting(line -> line.path("custom_id").asText()).containsExactly("p0", "p1");
            for (int i = 0; i < prompts.size(); i++) {
                JsonNode body = output.get(i).path("response").path("body");
                JsonNode live = Http.post(server, "/v1/completions", "{\"prompt\": \"" + prompts.get(i) + "\", \"max_tokens\": 6, \"temperature\": 0}",
                        KEY).json();
                assertThat(body.path("object").asText()).isEqualTo("text_completion");
                assertThat(body.path("choices").get(0).path("text").asText()).isEqualTo(live.path("choices").get(0).path("text").asText()).hasSize(6);
                assertThat(body.path("usage")).isEqualTo(live.path("usage"));
            }
        }
    }

    @Test
    void should_fail_a_batch_whose_input_file_has_bad_lines_with_an_error_naming_each_line() throws Exception {
        String good = BatchCalls.chatLine("a", "What is 2 + 3?", "\"max_tokens\": 4");
        List<String> lines = List.of(
                good,
                "{\"custom_id\": \"b\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": {\"messages\": [",
                good,
                BatchCalls.chatLine("d", "What is 2 + 3?", "\"max_tokens\": 4").replace("/v1/chat/completions", "/v1/embeddings"),
                "{\"custom_id\": \"e\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": \"hello\"}",
                "{\"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": {}}",
                "",
                "[1, 2, 3]",
                BatchCalls.chatLine("h", "What is 2 + 3?", "\"max_tokens\": 4").replace("\"POST\"", "\"GET\""));
        try (OpenAiServer server = serve(ServeConfig.builder().maxBatch(2))) {
            String fileId = BatchCalls.uploadLines(server, KEY, lines);
            JsonNode created = BatchCalls.create(server, KEY, fileId, "/v1/chat/completions");
            JsonNode failed = BatchCalls.await(server, KEY, created.path("id").asText(), DONE, Duration.ofSeconds(30));

            assertThat(failed.path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("failed_at").isIntegralNumber()).isTrue();
            assertThat(failed.path("output_file_id").isNull()).isTrue();
            JsonNode errors = failed.path("errors");
            assertThat(errors.path("object").asText()).isEqualTo("list");
            List<String> found = new ArrayList<>();
            for (JsonNode error : errors.path("data")) {
                assertThat(error.path("message").asText()).startsWith("line " + error.path("line").asInt() + ":");
                found.add(error.path("line").asInt() + " " + error.path("code").asText() + " " + error.path("param").asText(null));
            }
            // Line 7 is blank: skipped, not an error. Line 1 is fine; line 3 repeats its custom_id.
            assertThat(found).containsExactly(
                    "2 invalid_json_line null",
                    "3 duplicate_custom_id custom_id",
                    "4 url_mismatch url",
                    "5 invalid_request body",
                    "6 missing_required_parameter custom_id",
                    "8 invalid_json_line null",
                    "9 invalid_request method");
            assertThat(failed.path("request_counts").path("completed").asInt()).isZero();
            assertThat(Http.metric(server, "distill_batch_api_requests_total{status=\"200\"}")).isNaN();
        }
    }

    @Test
    void should_answer_a_request_with_bad_fields_in_the_error_file_as_the_live_endpoint_refuses_it_and_run_the_others() throws Exception {
        List<String> lines = List.of(
                BatchCalls.chatLine("fine", "What is 12 + 30?", "\"temperature\": 0, \"max_tokens\": 6"),
                BatchCalls.chatLine("negative", "What is 12 + 30?", "\"max_tokens\": -1"),
                BatchCalls.chatLine("other-model", "What is 12 + 30?", "\"model\": \"gpt-nothing\", \"max_tokens\": 3"));
        try (OpenAiServer server = serve(ServeConfig.builder().maxBatch(2))) {
            String fileId = BatchCalls.uploadLines(server, KEY, lines);
            JsonNode done = BatchCalls.await(server, KEY, BatchCalls.create(server, KEY, fileId, "/v1/chat/completions").path("id").asText(),
                    DONE, Duration.ofSeconds(30));

            assertThat(done.path("status").asText()).isEqualTo("completed");
            assertThat(done.path("request_counts").path("completed").asInt()).isEqualTo(1);
            assertThat(done.path("request_counts").path("failed").asInt()).isEqualTo(2);
            assertThat(BatchCalls.lines(server, KEY, done.path("output_file_id").asText())).extracting(line -> line.path("custom_id").asText())
                    .containsExactly("fine");
            List<JsonNode> errors = BatchCalls.lines(server, KEY, done.path("error_file_id").asText());
            assertThat(errors).extracting(line -> line.path("custom_id").asText()).containsExactly("negative", "other-model");
            Http.Answer liveNegative = Http.post(server, "/v1/chat/completions",
                    BatchCalls.chatBody("What is 12 + 30?", "\"max_tokens\": -1").toString(), KEY);
            assertThat(errors.get(0).path("response").path("status_code").asInt()).isEqualTo(liveNegative.status()).isEqualTo(400);
            assertThat(errors.get(0).path("response").path("body")).isEqualTo(liveNegative.json());
            assertThat(errors.get(0).path("error").isNull()).isTrue();
            assertThat(errors.get(1).path("response").path("status_code").asInt()).isEqualTo(404);
            assertThat(errors.get(1).path("response").path("body").path("error").path("code").asText()).isEqualTo("model_not_found");
        }
    }

    @Test
    void should_cancel_a_running_batch_keeping_the_answers_made_and_listing_the_rest_as_cancelled() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            lines.add(BatchCalls.chatLine("long-" + i, "What is " + (10 + i) + " + 5?", "\"max_tokens\": 120, \"ignore_eos\": true"));
        }
        try (OpenAiServer server = serve(ServeConfig.builder().maxBatch(2).batchRows(1))) {
            String batchId = BatchCalls.create(server, KEY, BatchCalls.uploadLines(server, KEY, lines), "/v1/chat/completions").path("id").asText();
            BatchCalls.awaitCompleted(server, KEY, batchId, 1, Duration.ofSeconds(60));

            Http.Answer cancel = Http.post(server, "/v1/batches/" + batchId + "/cancel", "", KEY);
            assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
            assertThat(cancel.json().path("status").asText()).isIn("cancelling", "cancelled");
            JsonNode cancelled = BatchCalls.await(server, KEY, batchId, DONE, Duration.ofSeconds(30));

            assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
            assertThat(cancelled.path("cancelling_at").isIntegralNumber()).isTrue();
            assertThat(cancelled.path("cancelled_at").isIntegralNumber()).isTrue();
            List<JsonNode> answered = BatchCalls.lines(server, KEY, cancelled.path("output_file_id").asText());
            List<JsonNode> notRun = BatchCalls.lines(server, KEY, cancelled.path("error_file_id").asText());
            assertThat(answered).isNotEmpty();
            assertThat(notRun).isNotEmpty().allSatisfy(line -> assertThat(line.path("error").path("code").asText()).isEqualTo("batch_cancelled"));
            List<String> all = new ArrayList<>();
            answered.forEach(line -> all.add(line.path("custom_id").asText()));
            notRun.forEach(line -> all.add(line.path("custom_id").asText()));
            assertThat(all).containsExactlyInAnyOrder("long-0", "long-1", "long-2", "long-3", "long-4", "long-5", "long-6", "long-7");
            assertThat(cancelled.path("request_counts").path("completed").asInt()).isEqualTo(answered.size());
            assertThat(cancelled.path("request_counts").path("failed").asInt()).isEqualTo(notRun.size());

            Http.Answer again = Http.post(server, "/v1/batches/" + batchId + "/cancel", "", KEY);
            assertThat(again.status()).isEqualTo(409);
            // The rows of the batch are free again: nothing of it runs after the cancel.
            assertThat(Http.metric(server, "distill_batch_api_running_rows")).isZero();
        }
    }

    @Test
    void should_keep_files_and_batches_to_their_key_and_refuse_what_the_limits_and_the_api_do_not_allow() throws Exception {
        try (OpenAiServer server = serve(ServeConfig.builder().maxBatch(2).maxUploadBytes(4096))) {
            String fileId = BatchCalls.uploadLines(server, KEY, List.of(BatchCalls.chatLine("a", "What is 1 + 1?", "\"max_tokens\": 2")));
            assertThat(Http.get(server, "/v1/files/" + fileId, OTHER_KEY).status()).isEqualTo(404);
            assertThat(Http.get(server, "/v1/files/" + fileId + "/content", OTHER_KEY).status()).isEqualTo(404);
            assertThat(Http.get(server, "/v1/files/" + fileId, null).status()).isEqualTo(401);
            assertThat(BatchCalls.upload(server, null, "x.jsonl", "batch", new byte[10]).status()).isEqualTo(401);
            Http.Answer stolen = Http.post(server, "/v1/batches", "{\"input_file_id\": \"" + fileId
                    + "\", \"endpoint\": \"/v1/chat/completions\", \"completion_window\": \"24h\"}", OTHER_KEY);
            assertThat(stolen.status()).isEqualTo(404);
            String batchId = BatchCalls.create(server, KEY, fileId, "/v1/chat/completions").path("id").asText();
            assertThat(Http.get(server, "/v1/batches/" + batchId, OTHER_KEY).status()).isEqualTo(404);
            assertThat(Http.get(server, "/v1/batches", OTHER_KEY).json().path("data")).isEmpty();
            assertThat(Http.get(server, "/v1/batches/batch_nothing", KEY).error("code")).isEqualTo("not_found");

            Http.Answer tooBig = BatchCalls.upload(server, KEY, "big.jsonl", "batch", new byte[10_000]);
            assertThat(tooBig.status()).as(tooBig.body()).isEqualTo(413);
            assertThat(tooBig.error("code")).isEqualTo("request_too_large");
            Http.Answer otherPurpose = BatchCalls.upload(server, KEY, "train.jsonl", "fine-tune", new byte[10]);
            assertThat(otherPurpose.status()).isEqualTo(400);
            assertThat(otherPurpose.error("param")).isEqualTo("purpose");
            Http.Answer notMultipart = Http.post(server, "/v1/files", "{}", KEY);
            assertThat(notMultipart.status()).isEqualTo(400);
            for (String[] bad : List.of(
                    new String[] {"\"endpoint\": \"/v1/embeddings\", \"completion_window\": \"24h\"", "endpoint"},
                    new String[] {"\"endpoint\": \"/v1/chat/completions\", \"completion_window\": \"1h\"", "completion_window"},
                    new String[] {"\"endpoint\": \"/v1/chat/completions\"", "completion_window"},
                    new String[] {"\"endpoint\": \"/v1/chat/completions\", \"completion_window\": \"24h\", \"metadata\": {\"k\": 5}", "metadata.k"})) {
                Http.Answer refused = Http.post(server, "/v1/batches", "{\"input_file_id\": \"" + fileId + "\", " + bad[0] + "}", KEY);
                assertThat(refused.status()).as(bad[0]).isEqualTo(400);
                assertThat(refused.error("param")).as(bad[0]).isEqualTo(bad[1]);
            }
            assertThat(BatchCalls.await(server, KEY, batchId, DONE, Duration.ofSeconds(30)).path("status").asText()).isEqualTo("completed");
        }
        // Without a state folder there is no batch API, and the server says how to get one.
        try (OpenAiServer plain = Teacher.serve(ServeConfig.builder().maxBatch(1))) {
            Http.Answer off = Http.get(plain, "/v1/batches", null);
            assertThat(off.status()).isEqualTo(404);
            assertThat(off.error("message")).contains("--state");
        }
    }
}

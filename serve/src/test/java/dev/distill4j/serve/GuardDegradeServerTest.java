package dev.distill4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import dev.distill4j.serve.guard.CoordinationSignal;
import dev.distill4j.serve.guard.CoverageSignal;
import dev.distill4j.serve.guard.Degradation;
import dev.distill4j.serve.guard.Guard;
import dev.distill4j.serve.guard.GuardLedger;
import dev.distill4j.serve.guard.GuardPolicy;
import dev.distill4j.serve.guard.VolumeSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server whose guard degrades one key with one degradation at a time, each answer compared with what an
 * allow-listed key gets for the same request and seed. The guard rescores only when the test says (no background
 * thread, a fixed clock), so which key is degraded from when does not depend on timing.
 */
class GuardDegradeServerTest {
    private static final String DEGRADED = "sk-degraded-0000000000001";
    private static final String ALLOWED = "sk-allowed-00000000000002";
    private static final String QUESTION = Teacher.questions(1, 5).get(0);

    @TempDir
    Path dir;

    /**
     * A server on which the key "degraded" is in the degrade band: bands so low that one extraction-shaped request
     * (top_logprobs 5: 1/30 of the extraction score) reaches it, refusal at 1 out of reach; "allowed" is allow-listed.
     */
    private OpenAiServer serveDegrading(Set<Degradation> degradations) throws Exception {
        Path keys = dir.resolve("keys.txt");
        Files.writeString(keys, "degraded:" + DEGRADED + "\nallowed:" + ALLOWED + "\n");
        GuardPolicy policy = new GuardPolicy(0.01, 0.01, 0.01, 1.0, Set.of("allowed"), degradations);
        Guard.Settings settings = new Guard.Settings(new VolumeSignal(3_600_000, 600, 86_400_000), new CoverageSignal(20),
                new CoordinationSignal(60_000, 3), dev.distill4j.serve.guard.CampaignSignal.standard(), null, null, policy, 64, 128);
        Guard guard = new Guard(settings, GuardLedger.load(dir.resolve("none.json"), 256, Map.of()));
        OpenAiServer server = Teacher.serve(ServeConfig.builder().apiKeys(ApiKeys.read(keys)).guard(guard).guardAdmins(Set.of("allowed"))
                .guardRescoreMillis(0).guardClock(InstantSource.fixed(Instant.parse("2025-03-01T12:00:00Z"))));
        try {
            ObjectNode probe = chat(2, true);
            // Not rescored yet: served as asked.
            assertThat(post(server, "/v1/chat/completions", probe, DEGRADED).get("choices")).hasSize(2);
            server.rescoreGuard();
            JsonNode status = Http.get(server, "/guard/status", ALLOWED).json().get("keys");
            assertThat(status.findValues("action").stream().map(JsonNode::asText)).containsExactly("degrade");
            assertThat(status.get(0).get("key_id").asText()).isEqualTo("degraded");
            return server;
        } catch (RuntimeException | AssertionError e) {
            server.close();
            throw e;
        }
    }

    /** The chat request both keys send: greedy, seeded, long enough for the teacher's whole scratchpad. */
    private static ObjectNode chat(int n, boolean logprobs) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("model", "teacher-arith").put("max_tokens", 300).put("temperature", 0).put("seed", 11)
                .put("n", n);
        body.putArray("messages").addObject().put("role", "user").put("content", QUESTION);
        if (logprobs) {
            body.put("logprobs", true).put("top_logprobs", 5);
        }
        return body;
    }

    private static ObjectNode completion(boolean echoWithLogprobs) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("model", "teacher-arith").put("prompt", "What is 12 + 34?\n").put("max_tokens", 40)
                .put("temperature", 0).put("seed", 11);
        if (echoWithLogprobs) {
            body.put("echo", true).put("logprobs", 5);
        }
        return body;
    }

    private static JsonNode post(OpenAiServer server, String path, ObjectNode body, String key) {
        Http.Answer answer = Http.post(server, path, body.toString(), key);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    /** The chunks of a streamed answer, in order, without [DONE]. */
    private static List<JsonNode> stream(OpenAiServer server, ObjectNode body, String key) throws Exception {
        Http.Answer answer = Http.post(server, "/v1/chat/completions", body.deepCopy().put("stream", true).toString(), key);
        assertThat(answer.status()).isEqualTo(200);
        List<JsonNode> chunks = new ArrayList<>();
        for (String line : answer.body().split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                chunks.add(Json.MAPPER.readTree(line.substring(6)));
            }
        }
        assertThat(answer.body()).endsWith("data: [DONE]\n\n");
        return chunks;
    }

    /**
     * Every logprob value in a JSON tree: the "logprob" fields (chat's entries and vLLM's prompt_logprobs) and the legacy
     * logprobs objects' token_logprobs and top_logprobs maps.
     */
    private static List<Double> logprobValues(JsonNode node) {
        List<Double> values = new ArrayList<>();
        node.findValues("logprob").forEach(value -> values.add(value.asDouble()));
        for (JsonNode legacy : node.findParents("token_logprobs")) {
            legacy.get("token_logprobs").forEach(value -> {
                if (!value.isNull()) {
                    values.add(value.asDouble());
                }
            });
            legacy.get("top_logprobs").forEach(position -> position.forEach(value -> values.add(value.asDouble())));
        }
        return values;
    }

    private static String lastNonBlankLine(String text) {
        String last = "";
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                last = line.strip();
            }
        }
        return last;
    }

    @Test
    void should_give_a_degraded_key_one_answer_for_four_and_keep_its_logprobs_with_one_sample() throws Exception {
        try (OpenAiServer server = serveDegrading(Set.of(Degradation.ONE_SAMPLE))) {
            JsonNode degraded = post(server, "/v1/chat/completions", chat(4, true), DEGRADED);
            assertThat(degraded.get("choices")).hasSize(1);
            assertThat(degraded.get("choices").get(0).get("logprobs").get("content")).isNotEmpty();
            assertThat(post(server, "/v1/chat/completions", chat(4, true), ALLOWED).get("choices")).hasSize(4);
        }
    }

    @Test
    void should_drop_logprobs_and_prompt_scoring_but_keep_n_with_no_logprobs() throws Exception {
        try (OpenAiServer server = serveDegrading(Set.of(Degradation.NO_LOGPROBS))) {
            JsonNode degraded = post(server, "/v1/chat/completions", chat(2, true), DEGRADED);
            assertThat(degraded.get("choices")).hasSize(2);
            assertThat(degraded.get("choices").findValues("logprobs")).allMatch(JsonNode::isNull);
            assertThat(post(server, "/v1/chat/completions", chat(2, true), ALLOWED).get("choices").get(0).get("logprobs").get("content")).isNotEmpty();

            JsonNode scored = post(server, "/v1/completions", completion(true), DEGRADED).get("choices").get(0);
            assertThat(scored.get("text").asText()).startsWith("What is 12 + 34?\n");
            assertThat(scored.get("logprobs").isNull()).isTrue();
            assertThat(scored.has("prompt_logprobs")).isFalse();
            JsonNode allowedScored = post(server, "/v1/completions", completion(true), ALLOWED).get("choices").get(0);
            assertThat(allowedScored.get("logprobs").get("token_logprobs")).isNotEmpty();
        }
    }

    @Test
    void should_round_every_logprob_to_a_whole_nat_within_half_a_nat_of_the_true_one_with_rounded_logprobs() throws Exception {
        try (OpenAiServer server = serveDegrading(Set.of(Degradation.ROUNDED_LOGPROBS))) {
            List<Double> exact = logprobValues(post(server, "/v1/chat/completions", chat(1, true), ALLOWED).get("choices"));
            List<Double> rounded = logprobValues(post(server, "/v1/chat/completions", chat(1, true), DEGRADED).get("choices"));
            assertThat(exact).isNotEmpty().anyMatch(value -> value != Math.rint(value));
            assertThat(rounded).hasSameSizeAs(exact).allMatch(value -> value == Math.rint(value) && value <= 0);
            for (int i = 0; i < exact.size(); i++) {
                assertThat(rounded.get(i)).isCloseTo(exact.get(i), org.assertj.core.data.Offset.offset(0.5));
            }

            // The legacy shape with the echoed prompt: token_logprobs, top_logprobs and vLLM's prompt_logprobs.
            List<Double> exactLegacy = logprobValues(post(server, "/v1/completions", completion(true), ALLOWED).get("choices"));
            List<Double> roundedLegacy = logprobValues(post(server, "/v1/completions", completion(true), DEGRADED).get("choices"));
            assertThat(exactLegacy).anyMatch(value -> value != Math.rint(value));
            assertThat(roundedLegacy).hasSameSizeAs(exactLegacy).allMatch(value -> value == Math.rint(value) && value <= 0);

            List<Double> streamed = new ArrayList<>();
            stream(server, chat(1, true), DEGRADED).forEach(chunk -> streamed.addAll(logprobValues(chunk.get("choices"))));
            assertThat(streamed).hasSameSizeAs(exact).allMatch(value -> value == Math.rint(value) && value <= 0);
        }
    }

    @Test
    void should_show_only_the_last_line_of_the_same_answer_without_logprobs_with_final_answer_only() throws Exception {
        try (OpenAiServer server = serveDegrading(Set.of(Degradation.FINAL_ANSWER_ONLY))) {
            JsonNode allowed = post(server, "/v1/chat/completions", chat(1, true), ALLOWED);
            String worked = allowed.get("choices").get(0).get("message").get("content").asText();
            assertThat(worked).contains("\n");
            String finalLine = lastNonBlankLine(worked);
            assertThat(finalLine).startsWith("Answer: ");

            JsonNode degraded = post(server, "/v1/chat/completions", chat(1, true), DEGRADED);
            assertThat(degraded.get("choices").get(0).get("message").get("content").asText()).isEqualTo(finalLine);
            assertThat(degraded.get("choices").get(0).get("logprobs").isNull()).isTrue();
            // Usage counts what was generated, working included.
            assertThat(degraded.get("usage").get("completion_tokens").asLong()).isEqualTo(allowed.get("usage").get("completion_tokens").asLong());

            StringBuilder streamed = new StringBuilder();
            for (JsonNode chunk : stream(server, chat(1, true), DEGRADED)) {
                for (JsonNode choice : chunk.get("choices")) {
                    streamed.append(choice.get("delta").path("content").asText(""));
                    assertThat(choice.get("logprobs").isNull()).isTrue();
                }
            }
            assertThat(streamed.toString()).isEqualTo(finalLine);

            String workedText = post(server, "/v1/completions", completion(false), ALLOWED).get("choices").get(0).get("text").asText();
            assertThat(workedText).contains("\n");
            assertThat(post(server, "/v1/completions", completion(false), DEGRADED).get("choices").get(0).get("text").asText())
                    .isEqualTo(lastNonBlankLine(workedText));
        }
    }

    @Test
    void should_refuse_to_rescore_a_server_without_a_guard() {
        try (OpenAiServer server = Teacher.serve(ServeConfig.builder())) {
            assertThatThrownBy(server::rescoreGuard).isInstanceOf(IllegalStateException.class).hasMessageContaining("no guard");
        }
    }
}

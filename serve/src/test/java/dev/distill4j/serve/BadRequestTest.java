package dev.distill4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each bad request gets OpenAI's error shape with the right status, and the server answers the next request as usual. */
class BadRequestTest {
    private static final String KEY = "sk-tester-a1b2c3d4e5f60718";
    private static final String OTHER_KEY = "sk-unnamed-99887766554433";
    private static final List<String> log = new CopyOnWriteArrayList<>();
    private static OpenAiServer server;

    @BeforeAll
    static void start() throws Exception {
        Path keys = Files.createTempFile("keys", ".txt");
        Files.writeString(keys, "# test keys\n\ntester:" + KEY + "\n" + OTHER_KEY + "\n");
        server = Teacher.serve(ServeConfig.builder().apiKeys(ApiKeys.read(keys)).maxBatch(4).maxN(8).maxRowsPerKey(6)
                .maxBodyBytes(1 << 20).requestLog(log::add));
        Files.delete(keys);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** After every refusal the server still answers a good request. */
    @AfterEach
    void server_stays_healthy() {
        Http.Answer good = chat("\"max_tokens\": 2");
        assertThat(good.status()).as(good.body()).isEqualTo(200);
        assertThat(good.json().path("choices").get(0).path("message").path("content").asText()).hasSize(2);
    }

    private static Http.Answer chat(String extraFields) {
        return Http.post(server, "/v1/chat/completions",
                "{\"model\": \"teacher-arith\", \"messages\": [{\"role\": \"user\", \"content\": \"What is 2 + 3?\"}]"
                        + (extraFields.isEmpty() ? "" : ", " + extraFields) + "}", KEY);
    }

    private static void assertError(Http.Answer answer, int status, String code, String param) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(answer.error("message")).isNotBlank();
        assertThat(answer.error("type")).isNotBlank();
        assertThat(answer.error("code")).isEqualTo(code);
        assertThat(answer.json().path("error").path("param").isNull() ? null : answer.error("param")).isEqualTo(param);
    }

    @Test
    void should_refuse_known_fields_of_the_wrong_type_naming_them() {
        assertError(chat("\"temperature\": \"hot\""), 400, "invalid_value", "temperature");
        assertError(chat("\"n\": \"2\""), 400, "invalid_value", "n");
        assertError(chat("\"stop\": 5"), 400, "invalid_value", "stop");
        assertError(chat("\"logprobs\": 1"), 400, "invalid_value", "logprobs");
        assertError(Http.post(server, "/v1/chat/completions", "{\"messages\": \"What is 2 + 3?\"}", KEY), 400, "invalid_value", "messages");
        assertError(Http.post(server, "/v1/completions", "{\"prompt\": {\"text\": \"1+1=\"}}", KEY), 400, "invalid_value", "prompt");
    }

    @Test
    void should_refuse_out_of_range_values() {
        assertError(chat("\"max_tokens\": -5"), 400, "invalid_value", "max_tokens");
        assertError(chat("\"max_completion_tokens\": 0"), 400, "invalid_value", "max_completion_tokens");
        assertError(chat("\"n\": 1000000"), 400, "invalid_value", "n");
        assertError(chat("\"temperature\": 2.5"), 400, "invalid_value", "temperature");
        assertError(chat("\"top_logprobs\": 21, \"logprobs\": true"), 400, "invalid_value", "top_logprobs");
        assertError(chat("\"top_logprobs\": 2"), 400, "invalid_value", "top_logprobs");
        assertError(chat("\"n\": 1.5"), 400, "invalid_value", "n");
    }

    @Test
    void should_refuse_a_body_that_is_not_json() {
        assertError(Http.post(server, "/v1/chat/completions", "{\"messages\": [", KEY), 400, "invalid_json", null);
        assertError(Http.post(server, "/v1/chat/completions", "[1, 2]", KEY), 400, "invalid_json", null);
    }

    @Test
    void should_answer_413_to_a_10_mb_body() {
        byte[] body = new byte[10 << 20];
        Arrays.fill(body, (byte) ' ');
        byte[] start = "{\"messages\": [{\"role\": \"user\", \"content\": \"".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(start, 0, body, 0, start.length);
        assertError(Http.postBytes(server, "/v1/chat/completions", body, KEY), 413, "request_too_large", null);
    }

    @Test
    void should_ignore_unknown_fields_as_vllm_does() {
        Http.Answer answer = chat("\"max_tokens\": 3, \"frobnicate\": {\"deep\": [1, 2]}, \"user\": \"u-1\"");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("usage").path("completion_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void should_refuse_a_prompt_longer_than_the_context() {
        // A character vocabulary: one token per character, and the context is 1,024 tokens.
        String longQuestion = "1".repeat(1100);
        Http.Answer answer = Http.post(server, "/v1/chat/completions",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"" + longQuestion + "\"}]}", KEY);
        assertError(answer, 400, "context_length_exceeded", "messages");
        assertThat(answer.error("message")).contains("1024");
        assertError(chat("\"max_tokens\": 1020"), 400, "context_length_exceeded", "max_tokens");
    }

    @Test
    void should_answer_404_to_another_model_or_path() {
        assertError(chat("\"model\": \"gpt-9\""), 404, "model_not_found", "model");
        assertError(Http.get(server, "/v1/nothing-here", KEY), 404, "unknown_url", null);
    }

    @Test
    void should_answer_401_without_the_right_key_and_never_log_a_key() {
        assertError(Http.post(server, "/v1/chat/completions", "{\"messages\": []}", null), 401, "missing_api_key", null);
        Http.Answer wrong = Http.post(server, "/v1/chat/completions", "{\"messages\": []}", "sk-wrong-key-000000000000");
        assertError(wrong, 401, "invalid_api_key", null);
        assertThat(wrong.body()).doesNotContain("sk-wrong");
        assertThat(Http.get(server, "/v1/models", OTHER_KEY).status()).isEqualTo(200);
        assertThat(chat("\"max_tokens\": 1").status()).isEqualTo(200);

        assertThat(log).anySatisfy(line -> assertThat(line).contains("key=tester").contains("status=200"));
        // The unnamed key is logged by its digest's first 8 hex digits.
        assertThat(log).anySatisfy(line -> assertThat(line).containsPattern("key=key-[0-9a-f]{8} GET /v1/models status=200"));
        assertThat(String.join("\n", log)).doesNotContain(KEY).doesNotContain(OTHER_KEY).doesNotContain("sk-wrong");
    }

    @Test
    void should_answer_429_with_retry_after_when_a_key_asks_for_more_than_its_share() {
        Http.Answer answer = chat("\"n\": 7, \"max_tokens\": 2");
        assertError(answer, 429, "rate_limit_exceeded", null);
        assertThat(answer.headers().firstValue("Retry-After")).hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
    }
}

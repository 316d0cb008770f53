package dev.distill4j.client.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.distill4j.client.ApiKeySource;
import dev.distill4j.client.FailureKind;
import dev.distill4j.client.NonRetriableTeacherException;
import dev.distill4j.client.TeacherEndpoint;
import dev.distill4j.core.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EchoScorer against a real HTTP server on loopback that answers the legacy completions shape with hand-written logprobs. */
class EchoScorerTest {
    // Hand-written teacher answers, one per prompt: tokens, their logprobs (the first null: nothing predicts it) and
    // offsets; the last token of each is the one generated token, which the scorer must leave out.
    private static final Map<String, String> LOGPROBS = Map.of(
            "2+3=5!", """
                    {"tokens": ["2", "+3", "=", "5", "!", "<|end|>"],
                     "token_logprobs": [null, -0.5, -0.25, -0.125, -1.0, -2.0],
                     "top_logprobs": [null, {"+3": -0.5}, {"=": -0.25}, {"5": -0.125}, {"!": -1.0}, {"<|end|>": -2.0}],
                     "text_offset": [0, 1, 3, 4, 5, 6]}""",
            "ab cd", """
                    {"tokens": ["a", "b c", "d", "x"],
                     "token_logprobs": [null, -0.1, -0.3, -0.4],
                     "top_logprobs": null,
                     "text_offset": [0, 1, 4, 5]}""",
            "hi", """
                    {"tokens": ["h", "i", "!"],
                     "token_logprobs": [null, -0.7, -0.9],
                     "top_logprobs": null,
                     "text_offset": [0, 1, 2]}""");

    /** The text of each prompt's generated token, which the echoed text ends with. */
    private static final Map<String, String> GENERATED = Map.of("2+3=5!", "<|end|>", "ab cd", "x", "hi", "!");

    private final List<JsonNode> bodies = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Answer> script = new ArrayDeque<>();
    private BiFunction<JsonNode, String, Answer> otherwise = EchoScorerTest::scored;
    private HttpServer server;
    private EchoScorer scorer;

    private record Answer(int status, String body) {}

    @AfterEach
    void close() {
        if (scorer != null) {
            scorer.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void should_return_each_texts_scored_part_in_order_across_chunks() throws Exception {
        scorer = EchoScorer.builder(endpoint(null)).maxPromptsPerRequest(2).concurrency(2).build();

        List<List<ScoredSpan>> spans = scorer.score(List.of(new ScoringText("2+3=5!", 4), new ScoringText("ab cd", 2),
                new ScoringText("hi", 0)));

        // "5" and "!" from offset 4; the generated "<|end|>" at 6 is past the text.
        assertThat(spans.get(0)).containsExactly(new ScoredSpan(4, 5, -0.125), new ScoredSpan(5, 6, -1.0));
        // "b c" starts at 1 and straddles scoreFrom 2: only "d" is scored.
        assertThat(spans.get(1)).containsExactly(new ScoredSpan(4, 5, -0.3));
        // From 0, but "h" has no logprob: only "i".
        assertThat(spans.get(2)).containsExactly(new ScoredSpan(1, 2, -0.7));
        assertThat(scorer.requests()).isEqualTo(2);
        assertThat(scorer.scoredTokens()).isEqualTo(4);
        List<List<String>> prompts = bodies.stream()
                .map(body -> java.util.stream.StreamSupport.stream(body.get("prompt").spliterator(), false).map(JsonNode::asText).toList())
                .toList();
        assertThat(prompts).containsExactlyInAnyOrder(List.of("2+3=5!", "ab cd"), List.of("hi"));
        for (JsonNode body : bodies) {
            assertThat(body.get("model").asText()).isEqualTo("teacher-model");
            assertThat(body.get("echo").asBoolean()).isTrue();
            assertThat(body.get("logprobs").asInt()).isZero();
            assertThat(body.get("max_tokens").asInt()).isEqualTo(1);
            assertThat(body.get("temperature").asDouble()).isZero();
        }
    }

    @Test
    void should_retry_a_server_error_until_it_answers() throws Exception {
        script.add(new Answer(503, "{\"error\": {\"message\": \"overloaded\"}}"));
        script.add(new Answer(503, "{\"error\": {\"message\": \"overloaded\"}}"));
        List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
        scorer = EchoScorer.builder(endpoint(null)).clock(() -> 0L, waits::add).build();

        List<List<ScoredSpan>> spans = scorer.score(List.of(new ScoringText("hi", 1)));

        assertThat(spans).containsExactly(List.of(new ScoredSpan(1, 2, -0.7)));
        assertThat(scorer.requests()).isEqualTo(3);
        assertThat(waits).hasSize(2);
    }

    @Test
    void should_fail_a_bad_request_at_once_with_the_servers_message_and_never_the_key(@TempDir Path dir) throws Exception {
        String key = "sk-test-4f7a9c0123456789";
        Path keyFile = dir.resolve("teacher.key");
        Files.writeString(keyFile, key + "\n");
        // Some servers echo the key they were sent; the message must not carry it on.
        otherwise = (body, authorization) -> new Answer(400, Json.MAPPER.createObjectNode().set("error", Json.MAPPER.createObjectNode()
                .put("message", "prompt too long for this model (request from " + authorization + ")")
                .put("type", "invalid_request_error")).toString());
        scorer = EchoScorer.builder(endpoint(ApiKeySource.file(keyFile))).build();

        var failure = catchThrowableOfType(NonRetriableTeacherException.class,
                () -> scorer.score(List.of(new ScoringText("hi", 1))));

        assertThat(failure.kind()).isEqualTo(FailureKind.BAD_REQUEST);
        assertThat(failure.status()).isEqualTo(400);
        assertThat(failure.getMessage()).contains("teacher-a").contains("prompt too long for this model").doesNotContain(key);
        assertThat(String.valueOf(failure)).doesNotContain(key);
        assertThat(authorizations).containsExactly("Bearer " + key);
        assertThat(scorer.requests()).isEqualTo(1);
    }

    @Test
    void should_say_a_server_that_returns_no_logprobs_cannot_score() throws Exception {
        otherwise = (body, authorization) -> completion("""
                {"index": 0, "text": "hi!", "logprobs": null, "finish_reason": "length"}""");
        scorer = EchoScorer.of(endpoint(null));

        var failure = catchThrowableOfType(NonRetriableTeacherException.class,
                () -> scorer.score(List.of(new ScoringText("hi", 1))));

        assertThat(failure.getMessage()).contains("teacher-a")
                .contains("does not return prompt logprobs (echo + logprobs), so it cannot score");
        assertThat(scorer.requests()).as("no retry: asking again gets the same answer").isEqualTo(1);
    }

    @Test
    void should_say_a_server_that_ignores_echo_cannot_score() throws Exception {
        // Logprobs of the generated token only: a number where an echoed prompt's first token has null.
        otherwise = (body, authorization) -> completion("""
                {"index": 0, "text": "!", "finish_reason": "length",
                 "logprobs": {"tokens": ["!"], "token_logprobs": [-0.9], "top_logprobs": null, "text_offset": [2]}}""");
        scorer = EchoScorer.of(endpoint(null));

        var failure = catchThrowableOfType(NonRetriableTeacherException.class,
                () -> scorer.score(List.of(new ScoringText("hi", 1))));

        assertThat(failure.getMessage()).contains("cannot score");
    }

    @Test
    void should_read_code_point_offsets_and_stop_where_the_echo_differs_from_the_text() throws Exception {
        // "a😀bc": the emoji is one code point and two UTF-16 units. The server knows no "c" and echoes "<unk>" for it.
        otherwise = (body, authorization) -> completion("""
                {"index": 0, "text": "a\\ud83d\\ude00b<unk>.", "finish_reason": "length",
                 "logprobs": {"tokens": ["a", "\\ud83d\\ude00", "b", "<unk>", "."],
                              "token_logprobs": [null, -1.5, -0.5, -3.0, -0.1], "top_logprobs": null,
                              "text_offset": [0, 1, 2, 3, 8]}}""");
        scorer = EchoScorer.builder(endpoint(null)).offsetUnit(OffsetUnit.CODE_POINTS).build();

        List<List<ScoredSpan>> spans = scorer.score(List.of(new ScoringText("a\ud83d\ude00bc", 1)));

        // In UTF-16 units: the emoji is [1, 3), "b" [3, 4); "<unk>" is not the text's "c", so it is left out.
        assertThat(spans).containsExactly(List.of(new ScoredSpan(1, 3, -1.5), new ScoredSpan(3, 4, -0.5)));
    }

    /** The answer to a list prompt, its choices listed last prompt first: the scorer must match them by index. */
    private static Answer scored(JsonNode body, String authorization) {
        List<String> choices = new ArrayList<>();
        for (int i = 0; i < body.get("prompt").size(); i++) {
            String prompt = body.get("prompt").get(i).asText();
            String logprobs = LOGPROBS.get(prompt);
            choices.add(0, "{\"index\": " + i + ", \"text\": " + Json.MAPPER.valueToTree(prompt + GENERATED.get(prompt)) + ","
                    + " \"finish_reason\": \"length\", \"logprobs\": " + logprobs + "}");
        }
        return completion(String.join(",\n", choices));
    }

    private static Answer completion(String choices) {
        return new Answer(200, "{\"id\": \"cmpl-1\", \"object\": \"text_completion\", \"created\": 1, \"model\": \"teacher-model\","
                + " \"choices\": [" + choices + "]}");
    }

    private TeacherEndpoint endpoint(ApiKeySource key) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/completions", this::answer);
        server.start();
        return TeacherEndpoint.builder().name("teacher-a").baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
                .model("teacher-model").apiKey(key).timeout(Duration.ofSeconds(10)).build();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = Json.MAPPER.readTree(exchange.getRequestBody());
            bodies.add(body);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization);
            Answer answer;
            synchronized (script) {
                answer = script.isEmpty() ? otherwise.apply(body, authorization) : script.poll();
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}

package dev.distill4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.Json;
import dev.distill4j.model.LocalModel;
import dev.distill4j.model.generate.Sampling;
import dev.distill4j.model.generate.TokenLogprob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Node SDK (npm {@code openai}, pinned) runs chat, completions, streaming, n > 1 and logprobs
 * against a live server; the test installs the package on first use into {@code target/npm} and checks the script's
 * JSON here, against the model library's own greedy decoding and scoring.
 */
class NodeSdkConformanceTest {
    /** The newest release of the SDK that runs on Node 20 (7.x needs Node 22). */
    static final String OPENAI_NPM = "openai@6.30.1";
    private static final String KEY = "sk-conformance-node-0123456789";
    private static OpenAiServer server;
    private static JsonNode result;
    private static String question;

    @BeforeAll
    static void run() throws Exception {
        Path npm = Path.of("target", "npm").toAbsolutePath();
        Path installed = npm.resolve("node_modules/openai/package.json");
        if (!Files.exists(installed) || !Files.readString(installed).contains("\"version\": \"6.30.1\"")) {
            exec(List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", npm.toString(), OPENAI_NPM), npm.getParent(), 300);
        }
        Path script = npm.resolve("conformance.mjs");
        Files.copy(Path.of("src/test/resources/node/conformance.mjs"), script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path keys = Files.createTempFile("keys", ".txt");
        Files.writeString(keys, "node:" + KEY + "\n");
        server = Teacher.serve(ServeConfig.builder().apiKeys(ApiKeys.read(keys)).maxBatch(8));
        Files.delete(keys);
        question = Teacher.questions(1, 21).get(0);
        ProcessBuilder node = new ProcessBuilder("node", script.toString()).directory(npm.toFile());
        node.environment().put("OPENAI_BASE_URL", server.baseUrl());
        node.environment().put("OPENAI_API_KEY", KEY);
        node.environment().put("MODEL", server.modelName());
        node.environment().put("QUESTION", question);
        String out = exec(node, 120);
        result = Json.MAPPER.readTree(out.lines().filter(line -> line.startsWith("{")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(out)));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String exec(List<String> command, Path dir, int seconds) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        return exec(new ProcessBuilder(command).directory(dir.toFile()), seconds);
    }

    private static String exec(ProcessBuilder builder, int seconds) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        boolean done = process.waitFor(seconds, TimeUnit.SECONDS);
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(done && process.exitValue() == 0).as(String.join(" ", builder.command()) + " failed:\n" + text).isTrue();
        return text;
    }

    private static String greedy(String prompt, int maxTokens) {
        LocalModel model = Teacher.model();
        return model.chat(List.of(List.of(ChatMessage.user(prompt))), List.of(Sampling.greedy(maxTokens))).get(0).text();
    }

    @Test
    void should_list_models_and_answer_a_chat_as_the_model_library_does() {
        assertThat(result.path("models").get(0).asText()).isEqualTo("teacher-arith");
        JsonNode chat = result.path("chat");
        assertThat(chat.path("text").asText()).isEqualTo(greedy(question, 16));
        assertThat(chat.path("finish").asText()).isEqualTo("length");
        assertThat(chat.path("object").asText()).isEqualTo("chat.completion");
        assertThat(chat.path("usage").path("completion_tokens").asInt()).isEqualTo(16);
    }

    @Test
    void should_return_n_choices_in_order() {
        JsonNode n = result.path("n");
        assertThat(n.path("indexes").toString()).isEqualTo("[0,1,2]");
        assertThat(n.path("texts")).hasSize(3).allSatisfy(text -> assertThat(text.asText()).hasSize(8));
        assertThat(n.path("usage").path("completion_tokens").asInt()).isEqualTo(24);
    }

    @Test
    void should_stream_the_same_text_with_one_finish_and_usage() {
        JsonNode stream = result.path("stream");
        assertThat(stream.path("text").asText()).isEqualTo(greedy(question, 16));
        assertThat(stream.path("finishes").toString()).isEqualTo("[\"length\"]");
        assertThat(stream.path("usage").path("completion_tokens").asInt()).isEqualTo(16);
        assertThat(result.path("completion_stream").asText()).hasSize(5);
    }

    @Test
    void should_give_logprobs_of_chat_tokens_and_of_an_echoed_prompt() {
        JsonNode logprobs = result.path("logprobs");
        assertThat(logprobs).hasSize(6);
        List<String> tokens = new ArrayList<>();
        logprobs.forEach(token -> {
            tokens.add(token.path("token").asText());
            assertThat(token.path("logprob").asDouble()).isLessThanOrEqualTo(0);
            assertThat(token.path("top").get(0).asText()).isEqualTo(token.path("token").asText());
        });
        assertThat(String.join("", tokens)).isEqualTo(greedy(question, 6));

        JsonNode completion = result.path("completion");
        assertThat(completion.path("text").asText()).isEqualTo("12+34=");
        assertThat(completion.path("tokens").toString()).isEqualTo("[\"1\",\"2\",\"+\",\"3\",\"4\",\"=\"]");
        assertThat(completion.path("token_logprobs").get(0).isNull()).isTrue();
        List<TokenLogprob> expected = Teacher.model().generator().score(List.of(Teacher.model().tokenizer().encode("12+34=")), 0).get(0);
        for (int t = 1; t < 6; t++) {
            assertThat(completion.path("token_logprobs").get(t).asDouble()).isCloseTo(expected.get(t - 1).logprob(), within(1e-3));
        }
    }

    @Test
    void should_surface_a_bad_parameter_as_the_sdks_bad_request_error() {
        JsonNode error = result.path("error");
        assertThat(error.path("status").asInt()).isEqualTo(400);
        assertThat(error.path("name").asText()).isEqualTo("BadRequestError");
        assertThat(error.path("param").asText()).isEqualTo("max_tokens");
    }
}

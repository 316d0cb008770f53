package dev.distill4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.models.Model;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.model.LocalModel;
import dev.distill4j.model.generate.Sampling;
import dev.distill4j.model.generate.TokenLogprob;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK against a live server with the shipped teacher. Expected texts and logprobs come from
 * the model library's own {@code LocalModel.chat} and {@code Generator.score}, not through the server's batching code.
 */
class JavaSdkConformanceTest {
    private static final String KEY = "sk-conformance-java-0123456789";
    private static OpenAiServer server;
    private static OpenAIClient client;
    private static String question;

    @BeforeAll
    static void start() throws Exception {
        java.nio.file.Path keys = java.nio.file.Files.createTempFile("keys", ".txt");
        java.nio.file.Files.writeString(keys, "sdk:" + KEY + "\n");
        server = Teacher.serve(ServeConfig.builder().apiKeys(ApiKeys.read(keys)).maxBatch(8));
        java.nio.file.Files.delete(keys);
        client = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl()).apiKey(KEY).maxRetries(0).build();
        question = Teacher.questions(1, 5).get(0);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static String greedyReference(String prompt, int maxTokens) {
        LocalModel model = Teacher.model();
        return model.chat(List.of(List.of(ChatMessage.user(prompt))), List.of(Sampling.greedy(maxTokens))).get(0).text();
    }

    private static ChatCompletionCreateParams.Builder chat(int maxTokens) {
        return ChatCompletionCreateParams.builder().model(server.modelName()).addUserMessage(question).maxCompletionTokens(maxTokens);
    }

    @Test
    void should_list_the_served_model() {
        List<Model> models = client.models().list().data();
        assertThat(models).extracting(Model::id).containsExactly(server.modelName());
        assertThat(server.modelName()).isEqualTo("teacher-arith");
    }

    @Test
    void should_answer_a_chat_greedily_as_the_model_library_does_with_usage_counted() {
        ChatCompletion completion = client.chat().completions().create(chat(24).temperature(0.0).build());

        assertThat(completion.choices()).hasSize(1);
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.message().content()).contains(greedyReference(question, 24));
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
        int promptTokens = Teacher.model().tokenizer().encode(Teacher.model().template().render(List.of(ChatMessage.user(question)), true)).length;
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(promptTokens);
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(24);
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(promptTokens + 24);
    }

    @Test
    @SuppressWarnings("deprecation") // seed is deprecated at OpenAI, and still what vLLM and this server honour
    void should_sample_n_choices_each_as_a_single_request_with_seed_plus_its_index() {
        ChatCompletion three = client.chat().completions().create(chat(16).temperature(1.0).n(3).seed(40).build());
        assertThat(three.choices()).extracting(ChatCompletion.Choice::index).containsExactly(0L, 1L, 2L);
        for (int j = 0; j < 3; j++) {
            ChatCompletion single = client.chat().completions().create(chat(16).temperature(1.0).seed(40 + j).build());
            assertThat(three.choices().get(j).message().content()).isEqualTo(single.choices().get(0).message().content());
        }
        assertThat(three.usage().orElseThrow().completionTokens()).isEqualTo(48);
    }

    @Test
    void should_stream_chunks_that_add_up_to_the_whole_answer_with_usage_last() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        ChatCompletionCreateParams params = chat(20).temperature(0.0)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunks::add);
        }
        StringBuilder text = new StringBuilder();
        List<String> finishReasons = new ArrayList<>();
        for (ChatCompletionChunk chunk : chunks) {
            for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                choice.delta().content().ifPresent(text::append);
                choice.finishReason().ifPresent(reason -> finishReasons.add(reason.asString()));
            }
        }
        assertThat(text.toString()).isEqualTo(greedyReference(question, 20));
        assertThat(finishReasons).containsExactly("length");
        assertThat(chunks.get(0).choices().get(0).delta().role()).map(Object::toString).contains("assistant");
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(20);
    }

    @Test
    void should_report_each_tokens_logprob_and_alternatives_as_scoring_the_text_gives() {
        ChatCompletion completion = client.chat().completions().create(chat(12).temperature(0.0).logprobs(true).topLogprobs(3).build());

        List<ChatCompletionTokenLogprob> tokens = completion.choices().get(0).logprobs().orElseThrow().content().orElseThrow();
        String text = completion.choices().get(0).message().content().orElseThrow();
        assertThat(tokens).hasSize(12);
        assertThat(String.join("", tokens.stream().map(ChatCompletionTokenLogprob::token).toList())).isEqualTo(text);
        LocalModel model = Teacher.model();
        int[] prompt = model.tokenizer().encode(model.template().render(List.of(ChatMessage.user(question)), true));
        int[] generated = model.tokenizer().encode(text);
        int[] sequence = new int[prompt.length + generated.length];
        System.arraycopy(prompt, 0, sequence, 0, prompt.length);
        System.arraycopy(generated, 0, sequence, prompt.length, generated.length);
        List<TokenLogprob> scored = model.generator().score(List.of(sequence), 3).get(0);
        for (int i = 0; i < tokens.size(); i++) {
            ChatCompletionTokenLogprob token = tokens.get(i);
            TokenLogprob expected = scored.get(prompt.length - 1 + i);
            assertThat(token.logprob()).isCloseTo(expected.logprob(), within(1e-3));
            assertThat(token.topLogprobs()).hasSize(3);
            // Greedy: the chosen token is the likeliest one.
            assertThat(token.topLogprobs().get(0).token()).isEqualTo(token.token());
            assertThat(token.bytes().orElseThrow()).isNotEmpty();
        }
    }

    @Test
    void should_complete_text_and_score_an_echoed_prompt_token_by_token() {
        String prompt = "12+34=";
        Completion plain = client.completions().create(CompletionCreateParams.builder().model(server.modelName()).prompt(prompt)
                .maxTokens(5).temperature(0.0).build());
        assertThat(plain.choices().get(0).text()).hasSize(5);
        assertThat(plain.choices().get(0).finishReason()).isEqualTo(com.openai.models.completions.CompletionChoice.FinishReason.LENGTH);

        Completion scored = client.completions().create(CompletionCreateParams.builder().model(server.modelName()).prompt(prompt)
                .maxTokens(0).echo(true).logprobs(2).build());
        var logprobs = scored.choices().get(0).logprobs().orElseThrow();
        assertThat(scored.choices().get(0).text()).isEqualTo(prompt);
        assertThat(logprobs.tokens().orElseThrow()).containsExactly("1", "2", "+", "3", "4", "=");
        List<Double> values = logprobs.tokenLogprobs().orElseThrow();
        assertThat(values.get(0)).isNull();
        List<TokenLogprob> expected = Teacher.model().generator().score(List.of(Teacher.model().tokenizer().encode(prompt)), 2).get(0);
        for (int t = 1; t < values.size(); t++) {
            assertThat(values.get(t)).isCloseTo(expected.get(t - 1).logprob(), within(1e-3));
        }
        assertThat(logprobs.textOffset().orElseThrow()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(scored.usage().orElseThrow().promptTokens()).isEqualTo(6);
        assertThat(scored.usage().orElseThrow().completionTokens()).isZero();
    }

    @Test
    void should_stream_a_text_completion() {
        StringBuilder text = new StringBuilder();
        List<String> reasons = new ArrayList<>();
        try (StreamResponse<Completion> stream = client.completions().createStreaming(CompletionCreateParams.builder()
                .model(server.modelName()).prompt("7*8=").maxTokens(6).temperature(0.0).build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> {
                text.append(choice.text());
                choice._finishReason().asKnown().ifPresent(reason -> reasons.add(reason.asString()));
            }));
        }
        Completion whole = client.completions().create(CompletionCreateParams.builder().model(server.modelName()).prompt("7*8=")
                .maxTokens(6).temperature(0.0).build());
        assertThat(text.toString()).isEqualTo(whole.choices().get(0).text());
        assertThat(reasons).containsExactly("length");
    }
}

package dev.distill4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.model.generate.TokenLogprob;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Legacy completions beyond what the SDK tests cover: several prompts, token-id prompts, vLLM's prompt_logprobs. */
class CompletionsShapeTest {
    private static OpenAiServer server;

    @BeforeAll
    static void start() {
        server = Teacher.serve(ServeConfig.builder().maxBatch(8));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void should_order_choices_prompt_by_prompt_and_count_each_prompt_once() {
        JsonNode answer = Http.post(server, "/v1/completions",
                "{\"prompt\": [\"1+1=\", \"23+4=\"], \"n\": 2, \"max_tokens\": 3, \"temperature\": 0, \"ignore_eos\": true}", null).json();

        JsonNode choices = answer.path("choices");
        assertThat(choices).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(choices.get(i).path("index").asInt()).isEqualTo(i);
        }
        // Greedy: the two samples of one prompt agree; each prompt's are those of a request of its own.
        assertThat(choices.get(0).path("text").asText()).isEqualTo(choices.get(1).path("text").asText());
        assertThat(choices.get(2).path("text").asText()).isEqualTo(choices.get(3).path("text").asText());
        String alone = Http.post(server, "/v1/completions", "{\"prompt\": \"23+4=\", \"max_tokens\": 3, \"temperature\": 0, \"ignore_eos\": true}", null)
                .json().path("choices").get(0).path("text").asText();
        assertThat(choices.get(2).path("text").asText()).isEqualTo(alone);
        assertThat(answer.path("usage").path("prompt_tokens").asInt()).isEqualTo(4 + 5);
        assertThat(answer.path("usage").path("completion_tokens").asInt()).isEqualTo(4 * 3);
    }

    @Test
    void should_take_token_ids_and_return_vllm_prompt_logprobs_with_ranks() {
        int[] ids = Teacher.model().tokenizer().encode("12*3=");
        JsonNode answer = Http.post(server, "/v1/completions", "{\"prompt\": " + java.util.Arrays.toString(ids)
                + ", \"max_tokens\": 1, \"prompt_logprobs\": 2}", null).json();

        JsonNode promptLogprobs = answer.path("choices").get(0).path("prompt_logprobs");
        assertThat(promptLogprobs).hasSize(ids.length);
        assertThat(promptLogprobs.get(0).isNull()).isTrue();
        List<TokenLogprob> expected = Teacher.model().generator().score(List.of(ids), 2).get(0);
        for (int t = 1; t < ids.length; t++) {
            JsonNode position = promptLogprobs.get(t);
            TokenLogprob scored = expected.get(t - 1);
            JsonNode actual = position.path(Integer.toString(ids[t]));
            assertThat(actual.path("logprob").asDouble()).isCloseTo(scored.logprob(), within(1e-3));
            assertThat(actual.path("decoded_token").asText()).isEqualTo(Teacher.model().tokenizer().decode(new int[] {ids[t]}));
            for (int k = 0; k < 2; k++) {
                JsonNode alternative = position.path(Integer.toString(scored.top().get(k).token()));
                assertThat(alternative.path("rank").asInt()).isEqualTo(k + 1);
                assertThat(alternative.path("logprob").asDouble()).isCloseTo(scored.top().get(k).logprob(), within(1e-3));
            }
        }
    }
}

package dev.distill4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.config.EndpointConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallAndEndpointValidationTest {
    private static final List<ChatMessage> HI = List.of(ChatMessage.user("hi"));

    @Test
    void should_refuse_a_call_without_messages() {
        assertThatThrownBy(() -> ChatCall.builder().build()).hasMessageContaining("field 'messages'");
    }

    @Test
    void should_name_the_field_that_is_out_of_range() {
        assertThatThrownBy(() -> ChatCall.builder().messages(HI).n(0).build()).hasMessageContaining("field 'n'");
        assertThatThrownBy(() -> ChatCall.builder().messages(HI).temperature(2.5).build()).hasMessageContaining("field 'temperature'");
        assertThatThrownBy(() -> ChatCall.builder().messages(HI).topP(0).build()).hasMessageContaining("field 'top_p'");
        assertThatThrownBy(() -> ChatCall.builder().messages(HI).maxTokens(0).build()).hasMessageContaining("field 'max_tokens'");
        assertThatThrownBy(() -> ChatCall.builder().messages(HI).topLogprobs(3).build())
                .hasMessageContaining("field 'top_logprobs': expected 0 unless 'logprobs' is true");
        assertThatThrownBy(() -> ChatCall.builder().messages(HI).stop(List.of("a", "")).build())
                .hasMessageContaining("field 'stop'");
    }

    @Test
    void should_refuse_an_extra_that_would_overwrite_a_field_the_call_owns() {
        var node = dev.distill4j.core.Json.MAPPER.getNodeFactory().numberNode(5);

        assertThatThrownBy(() -> ChatCall.builder().messages(HI).extra("n", node).build()).hasMessageContaining("field 'extras.n'");
    }

    @Test
    void should_estimate_tokens_as_the_prompt_plus_every_choice_at_its_limit() {
        // 16 characters of prompt is 4 tokens at 4 characters a token; 3 choices of at most 100 tokens.
        ChatCall call = ChatCall.builder().messages(List.of(ChatMessage.user("0123456789abcdef"))).n(3).maxTokens(100).build();

        assertThat(call.estimatedTokens()).isEqualTo(304);
        // Split into 3 single requests, the prompt is paid 3 times.
        assertThat(call.estimatedTokens(3)).isEqualTo(312);
    }

    @Test
    void should_take_the_sampling_parameters_of_the_run_config() {
        var sampling = dev.distill4j.core.config.SamplingConfig.builder().n(8).temperature(0.7).topP(0.95).maxTokens(256)
                .stop(List.of("###")).seed(3L).logprobs(true).topLogprobs(5).build();

        ChatCall call = ChatCall.of(HI, sampling);

        assertThat(call).isEqualTo(new ChatCall(HI, 8, 0.7, 0.95, 256, List.of("###"), 3L, true, 5, java.util.Map.of()));
    }

    @Test
    void should_build_an_endpoint_from_the_run_config() {
        EndpointConfig config = EndpointConfig.builder().name("fleet").baseUrl("http://10.0.0.5:8000/v1").model("llama")
                .apiKeyEnv("FLEET_KEY").weight(2).requestsPerMinute(600).tokensPerMinute(100_000).timeoutSeconds(1.5).build();

        TeacherEndpoint endpoint = TeacherEndpoint.from(config);

        assertThat(endpoint).isEqualTo(new TeacherEndpoint("fleet", java.net.URI.create("http://10.0.0.5:8000/v1"), "llama",
                ApiKeySource.environment("FLEET_KEY"), 2, 600, 100_000, Duration.ofMillis(1500)));
    }

    @Test
    void should_refuse_a_base_url_with_credentials_without_printing_them() {
        assertThatThrownBy(() -> TeacherEndpoint.builder().baseUrl("ftp://me:hunter2@host/v1").model("m").build())
                .hasMessageContaining("field 'base_url'").message().doesNotContain("hunter2");
    }

    @Test
    void should_refuse_a_key_pasted_where_the_variable_name_goes_without_printing_it() {
        assertThatThrownBy(() -> ApiKeySource.environment("sk-abc-123"))
                .hasMessageContaining("field 'api_key_env'").message().doesNotContain("sk-abc-123");
    }

    @Test
    void should_read_the_key_from_the_first_line_of_its_file(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("key"), "sk-from-file\nsecond line\n");

        assertThat(ApiKeySource.file(file).resolve(name -> null)).isEqualTo("sk-from-file");
        assertThat(ApiKeySource.file(file).toString()).doesNotContain("sk-from-file");
    }

    @Test
    void should_say_where_the_key_was_expected_when_it_is_missing() {
        assertThatThrownBy(() -> ApiKeySource.environment("NO_SUCH_KEY").resolve(name -> null))
                .hasMessage("no API key: environment variable NO_SUCH_KEY is empty or unset");
    }
}

package dev.distill4j.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerConfigTest {

    @Test
    void should_read_tokens_written_as_strings_or_as_added_token_objects(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("tokenizer_config.json");
        Files.writeString(file, """
                {"add_bos_token": true, "tokenizer_class": "LlamaTokenizer",
                 "bos_token": {"__type": "AddedToken", "content": "<s>", "lstrip": false},
                 "eos_token": "</s>", "pad_token": null,
                 "additional_special_tokens": ["<|im_start|>", {"content": "<|im_end|>"}],
                 "chat_template": "{{ messages[0]['content'] }}"}""");

        TokenizerConfig config = TokenizerConfig.read(file);

        assertThat(config).isEqualTo(new TokenizerConfig("<s>", "</s>", null, null,
                List.of("<|im_start|>", "<|im_end|>"), "{{ messages[0]['content'] }}"));
    }

    @Test
    void should_take_the_default_template_from_a_list_of_named_templates() {
        TokenizerConfig config = TokenizerConfig.fromJson(json("""
                {"chat_template": [{"name": "tool_use", "template": "T"}, {"name": "default", "template": "D"}]}"""));

        assertThat(config.chatTemplate()).isEqualTo("D");
    }

    @Test
    void should_read_the_template_from_chat_template_jinja_when_the_config_has_none(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\"}");
        Files.writeString(folder.resolve("chat_template.jinja"), "{{ bos_token }}");

        TokenizerConfig config = TokenizerConfig.readBeside(folder);

        assertThat(config.eosToken()).isEqualTo("</s>");
        assertThat(config.chatTemplate()).isEqualTo("{{ bos_token }}");
    }

    @Test
    void should_be_none_when_nothing_is_beside_the_tokenizer(@TempDir Path folder) {
        assertThat(TokenizerConfig.readBeside(folder)).isEqualTo(TokenizerConfig.NONE);
    }

    @Test
    void should_read_back_what_it_writes(@TempDir Path folder) throws Exception {
        TokenizerConfig written = new TokenizerConfig("<bos>", "<|end|>", "<pad>", "<unk>",
                List.of("<|user|>", "<|end|>"), "{% for m in messages %}{{ m['content'] + '\\n' }}{% endfor %}");
        Path file = folder.resolve("tokenizer_config.json");
        Files.writeString(file, written.toJson(2048));

        assertThat(TokenizerConfig.read(file)).isEqualTo(written);
        assertThat(Files.readString(file)).contains("\"model_max_length\" : 2048");
    }

    @Test
    void should_name_the_file_and_field_of_a_malformed_token(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("tokenizer_config.json");
        Files.writeString(file, "{\"eos_token\": 2}");

        assertThatThrownBy(() -> TokenizerConfig.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": field 'eos_token': expected a string or an object with 'content', got 2");
    }

    @Test
    void should_refuse_an_empty_token_or_template() {
        assertThatThrownBy(() -> new TokenizerConfig(null, "", null, null, List.of(), null))
                .hasMessage("field 'eos_token': expected a token or null, got an empty string");
        assertThatThrownBy(() -> new TokenizerConfig(null, null, null, null, List.of(), " "))
                .hasMessage("field 'chat_template': expected Jinja source or null, got an empty string");
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

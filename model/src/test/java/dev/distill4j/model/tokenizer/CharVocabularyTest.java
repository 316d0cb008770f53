package dev.distill4j.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharVocabularyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_put_special_tokens_first_then_characters_by_code_point() {
        CharVocabulary vocabulary = CharVocabulary.fromCharacters("b a\nb");

        // Code points: '\n' = 10, ' ' = 32, 'a' = 97, 'b' = 98; "b" appears twice but is one token.
        assertThat(vocabulary.tokens()).containsExactly("<pad>", "<bos>", "<eos>", "<unk>",
                "<|system|>", "<|user|>", "<|assistant|>", "<|end|>", "\n", " ", "a", "b");
        assertThat(vocabulary.id("a")).hasValue(10);
        assertThat(vocabulary.id("<|end|>")).hasValue(7);
        assertThat(vocabulary.id("c")).isEmpty();
    }

    @Test
    void should_build_the_same_vocabulary_whatever_the_order_of_the_corpus() {
        CharVocabulary forward = CharVocabulary.fromTexts(List.of("12 + 7", "{\"total\": 3}"));
        CharVocabulary backward = CharVocabulary.fromTexts(List.of("{\"total\": 3}", "7 + 21"));

        assertThat(forward.tokens()).isEqualTo(backward.tokens());
        assertThat(forward.toTokenizerJson()).isEqualTo(backward.toTokenizerJson());
    }

    @Test
    void should_make_a_character_outside_the_basic_plane_one_token() {
        CharVocabulary vocabulary = CharVocabulary.fromCharacters("a\uD83D\uDE00");

        assertThat(vocabulary.size()).isEqualTo(8 + 2);
        assertThat(vocabulary.id("\uD83D\uDE00")).hasValue(9);
    }

    @Test
    void should_refuse_a_lone_surrogate() {
        assertThatThrownBy(() -> CharVocabulary.fromTexts(List.of("ok", "bad\uD83D")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("texts[1]")
                .hasMessageContaining("U+D83D");
    }

    @Test
    void should_cover_newline_and_printable_ascii_in_the_basic_set() {
        assertThat(CharVocabulary.PRINTABLE_ASCII).hasSize(1 + 95).startsWith("\n ").endsWith("}~");
    }

    @Test
    void should_write_a_word_level_tokenizer_json_with_the_specials_declared_special() throws Exception {
        CharVocabulary vocabulary = CharVocabulary.fromCharacters("ab");

        JsonNode json = JSON.readTree(vocabulary.toTokenizerJson());

        assertThat(json.path("model").path("type").asText()).isEqualTo("WordLevel");
        assertThat(json.path("model").path("unk_token").asText()).isEqualTo("<unk>");
        List<String> vocabOrder = new ArrayList<>();
        json.path("model").path("vocab").fieldNames().forEachRemaining(vocabOrder::add);
        assertThat(vocabOrder).isEqualTo(vocabulary.tokens());
        assertThat(json.path("model").path("vocab").path("b").asInt()).isEqualTo(9);
        assertThat(json.path("pre_tokenizer").path("type").asText()).isEqualTo("Split");
        assertThat(json.path("pre_tokenizer").path("pattern").path("String").asText()).isEmpty();
        assertThat(json.path("pre_tokenizer").path("behavior").asText()).isEqualTo("Isolated");
        assertThat(json.path("decoder").path("type").asText()).isEqualTo("Fuse");
        assertThat(json.path("added_tokens")).hasSize(8);
        for (JsonNode added : json.path("added_tokens")) {
            assertThat(added.path("special").asBoolean()).isTrue();
            assertThat(added.path("normalized").asBoolean()).isFalse();
            assertThat(json.path("model").path("vocab").path(added.path("content").asText()).asInt())
                    .isEqualTo(added.path("id").asInt());
        }
    }

    @Test
    void should_write_a_tokenizer_config_whose_eos_closes_a_chat_turn(@TempDir Path folder) throws Exception {
        CharVocabulary.fromCharacters("ab").writeTo(folder);

        JsonNode config = JSON.readTree(Files.readString(folder.resolve("tokenizer_config.json")));

        assertThat(config.path("eos_token").asText()).isEqualTo("<|end|>");
        assertThat(config.path("bos_token").asText()).isEqualTo("<bos>");
        assertThat(config.path("pad_token").asText()).isEqualTo("<pad>");
        assertThat(config.path("unk_token").asText()).isEqualTo("<unk>");
        assertThat(config.path("tokenizer_class").asText()).isEqualTo("PreTrainedTokenizerFast");
        assertThat(config.path("chat_template").asText()).isEqualTo(EmbeddedChatTemplate.JINJA_SOURCE);
        assertThat(Files.exists(folder.resolve("tokenizer.json"))).isTrue();
        try (var files = Files.list(folder)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("tokenizer.json", "tokenizer_config.json");
        }
    }
}

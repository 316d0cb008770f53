package dev.distill4j.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerTest {
    /** An expert arithmetic scratchpad, in the shape the arith family writes. */
    static final String SCRATCHPAD = """
            4821 * 37
            4821*7:
            1*7=7 c0
            2*7+0=14 c1
            8*7+1=57 c5
            4*7+5=33 c3
            =33747
            4821*3:
            1*3=3 c0
            2*3+0=6 c0
            8*3+0=24 c2
            4*3+2=14 c1
            =14463 x10=144630
            33747 + 144630
            7+0=7 c0
            4+3+0=7 c0
            7+6+0=13 c1
            3+4+1=8 c0
            3+4+0=7 c0
            0+1+0=1 c0
            =178377
            Answer: 178377""";

    /** An expert extraction, in the shape the extract family writes: quotes, braces, colons, commas. */
    static final String EXTRACTION = """
            invoice_number: "INV-48213" -> INV-48213
            customer: "Bluefield Logistics" -> Bluefield Logistics
            total: "$1,234.50" -> 1234.50
            Answer: {"currency":"USD","customer":"Bluefield Logistics","date":"2024-03-05","total":1234.50}""";

    @TempDir
    static Path folder;
    static CharVocabulary vocabulary;
    static Tokenizer tokenizer;

    @BeforeAll
    static void writeAndLoad() {
        vocabulary = CharVocabulary.fromTexts(List.of(CharVocabulary.PRINTABLE_ASCII));
        vocabulary.writeTo(folder);
        tokenizer = Tokenizer.load(folder.resolve("tokenizer.json"));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    static int[] referenceEncode(String text) {
        return ReferenceCharEncoder.encode(vocabulary.tokens(), CharVocabulary.SPECIAL_TOKENS, text);
    }

    @Test
    void should_encode_a_scratchpad_as_the_plain_java_reference_does() {
        int[] ids = tokenizer.encode(SCRATCHPAD);

        assertThat(ids).hasSize(SCRATCHPAD.length()).containsExactly(referenceEncode(SCRATCHPAD));
    }

    @Test
    void should_encode_an_extraction_as_the_plain_java_reference_does() {
        assertThat(tokenizer.encode(EXTRACTION)).containsExactly(referenceEncode(EXTRACTION));
    }

    @Test
    void should_give_back_the_text_when_decoding_what_it_encoded() {
        for (String text : List.of(SCRATCHPAD, EXTRACTION, "  two  spaces\n\n", " ", "", "{\"a\": [1, 2]}\n")) {
            assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
        }
    }

    @Test
    void should_round_trip_with_a_vocabulary_built_from_the_corpus_itself(@TempDir Path own) {
        CharVocabulary corpus = CharVocabulary.fromTexts(List.of(SCRATCHPAD, EXTRACTION));
        corpus.writeTo(own);

        try (Tokenizer fromCorpus = Tokenizer.load(own)) {
            for (String text : List.of(SCRATCHPAD, EXTRACTION)) {
                int[] ids = fromCorpus.encode(text);
                assertThat(ids).containsExactly(ReferenceCharEncoder.encode(corpus.tokens(), CharVocabulary.SPECIAL_TOKENS, text));
                assertThat(fromCorpus.decode(ids)).isEqualTo(text);
            }
            // 'q' is in neither text.
            assertThat(fromCorpus.encode("q")).containsExactly(corpus.id("<unk>").orElseThrow());
        }
    }

    @Test
    void should_give_back_every_printable_character_alone_and_together() {
        String all = CharVocabulary.PRINTABLE_ASCII;
        assertThat(tokenizer.decode(tokenizer.encode(all))).isEqualTo(all);
        all.chars().forEach(c -> {
            String one = Character.toString(c);
            assertThat(tokenizer.encode(one)).as("code point %d", c).hasSize(1);
            assertThat(tokenizer.decode(tokenizer.encode(one))).isEqualTo(one);
        });
    }

    @Test
    void should_map_characters_outside_the_vocabulary_to_unk() {
        int unk = vocabulary.id("<unk>").orElseThrow();
        int a = vocabulary.id("a").orElseThrow();

        // 'é' and the emoji (one code point, two UTF-16 units) are each one unknown character.
        assertThat(tokenizer.encode("a\u00e9a\uD83D\uDE00")).containsExactly(a, unk, a, unk);
        assertThat(unk).isEqualTo(3);
    }

    @Test
    void should_keep_each_chat_marker_one_token() {
        int user = vocabulary.id("<|user|>").orElseThrow();
        int end = vocabulary.id("<|end|>").orElseThrow();
        int newline = vocabulary.id("\n").orElseThrow();
        int h = vocabulary.id("h").orElseThrow();

        assertThat(tokenizer.encode("<|user|>\nh<|end|>")).containsExactly(user, newline, h, end);
        String chat = "<|system|>\nBe exact.<|end|>\n<|user|>\n12*3<|end|>\n<|assistant|>\n36<|end|>\n";
        assertThat(tokenizer.encode(chat)).containsExactly(referenceEncode(chat));
        for (String special : CharVocabulary.SPECIAL_TOKENS) {
            assertThat(tokenizer.encode(special)).as(special).containsExactly(vocabulary.id(special).orElseThrow());
        }
    }

    @Test
    void should_spell_a_marker_with_a_typo_character_by_character() {
        assertThat(tokenizer.encode("<|usr|>")).hasSize(7);
    }

    @Test
    void should_never_truncate_a_long_text() {
        String longText = (SCRATCHPAD + "\n").repeat(25);
        assertThat(longText.length()).isGreaterThan(5_000);

        int[] ids = tokenizer.encode(longText);

        assertThat(ids).hasSize(longText.length());
        assertThat(tokenizer.decode(ids)).isEqualTo(longText);
    }

    @Test
    void should_add_no_special_tokens_implicitly() {
        assertThat(tokenizer.encode("1")).containsExactly(vocabulary.id("1").orElseThrow());
        assertThat(tokenizer.encode("")).isEmpty();
    }

    @Test
    void should_leave_markers_out_when_asked_to_skip_special_tokens() {
        int[] ids = tokenizer.encode("<|assistant|>\n42<|end|>");

        assertThat(tokenizer.decode(ids)).isEqualTo("<|assistant|>\n42<|end|>");
        assertThat(tokenizer.decode(ids, true)).isEqualTo("\n42");
    }

    @Test
    void should_report_vocabulary_size_and_special_ids_from_the_written_files() {
        // 8 special tokens, then newline and the 95 printable ASCII characters.
        assertThat(tokenizer.vocabSize()).isEqualTo(8 + 96);
        assertThat(tokenizer.padId()).hasValue(0);
        assertThat(tokenizer.bosId()).hasValue(1);
        assertThat(tokenizer.eosId()).hasValue(7);
        assertThat(tokenizer.tokenId("<|end|>")).hasValue(7);
        assertThat(tokenizer.tokenId("\n")).hasValue(8);
        assertThat(tokenizer.tokenId(" ")).hasValue(9);
        assertThat(tokenizer.tokenId("é")).isEmpty();
        assertThat(tokenizer.token(9)).hasValue(" ");
        assertThat(tokenizer.token(104)).isEmpty();
    }

    @Test
    void should_refuse_to_decode_an_id_outside_the_vocabulary() {
        assertThatThrownBy(() -> tokenizer.decode(new int[] {10, 104}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ids[1]: expected a token id in [0, 104), got 104");
        assertThatThrownBy(() -> tokenizer.decode(new int[] {-1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -1");
    }

    @Test
    void should_encode_the_same_ids_from_many_threads_at_once() throws Exception {
        List<String> texts = List.of(SCRATCHPAD, EXTRACTION, "<|user|>\n2+2<|end|>\n", "x".repeat(1000));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int task = 0; task < 64; task++) {
                String text = texts.get(task % texts.size());
                checks.add(pool.submit(() -> {
                    int[] ids = tokenizer.encode(text);
                    return tokenizer.decode(ids).equals(text) && ids.length == tokenizer.encode(text).length;
                }));
            }
            for (Future<Boolean> check : checks) {
                assertThat(check.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void should_load_from_the_folder_as_from_the_file() {
        try (Tokenizer fromFolder = Tokenizer.load(folder)) {
            assertThat(fromFolder.encode(EXTRACTION)).containsExactly(tokenizer.encode(EXTRACTION));
            assertThat(fromFolder.eosId()).hasValue(7);
        }
    }

    @Test
    void should_name_the_path_when_there_is_no_tokenizer(@TempDir Path empty) {
        assertThatThrownBy(() -> Tokenizer.load(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no tokenizer.json at " + empty.resolve("tokenizer.json"));
    }

    @Test
    void should_name_the_file_when_the_tokenizer_is_not_json(@TempDir Path broken) throws Exception {
        Files.writeString(broken.resolve("tokenizer.json"), "{\"model\": ");

        assertThatThrownBy(() -> Tokenizer.load(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(broken.resolve("tokenizer.json") + ": not valid JSON");
    }

    @Test
    void should_refuse_a_config_whose_eos_is_not_in_the_vocabulary(@TempDir Path other) throws Exception {
        CharVocabulary.fromCharacters("ab").writeTo(other);
        Files.writeString(other.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\"}");

        assertThatThrownBy(() -> Tokenizer.load(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokenizer_config.json")
                .hasMessageContaining("field 'eos_token': expected a token of the vocabulary, got '</s>'");
    }

    @Test
    void should_load_a_tokenizer_without_a_config_and_name_no_special_ids(@TempDir Path bare) throws Exception {
        Files.writeString(bare.resolve("tokenizer.json"), CharVocabulary.fromCharacters("ab").toTokenizerJson());

        try (Tokenizer plain = Tokenizer.load(bare)) {
            assertThat(plain.eosId()).isEmpty();
            assertThat(plain.bosId()).isEmpty();
            assertThat(plain.config()).isEqualTo(TokenizerConfig.NONE);
            assertThat(plain.encode("ba")).containsExactly(9, 8);
        }
    }
}

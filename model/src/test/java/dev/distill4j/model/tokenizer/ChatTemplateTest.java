package dev.distill4j.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.core.ChatMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatTemplateTest {
    /** Qwen2's ChatML template, as its tokenizer_config.json has it. */
    static final String CHATML = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content']"
            + " + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /** Qwen2-Instruct's variant, which adds a default system prompt on the first turn. */
    static final String CHATML_WITH_DEFAULT_SYSTEM = "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
            + "{{ '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}{% endif %}"
            + "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    static final TokenizerConfig QWEN = new TokenizerConfig(null, "<|im_end|>", "<|endoftext|>", null,
            List.of("<|im_start|>", "<|im_end|>"), CHATML);

    static final List<ChatMessage> ONE_TURN = List.of(
            ChatMessage.system("You are terse."), ChatMessage.user("What is 2+3?"), ChatMessage.assistant("5"));

    static final List<ChatMessage> TWO_TURNS = List.of(
            ChatMessage.user("1+1?"), ChatMessage.assistant("2"), ChatMessage.user("2+2?"), ChatMessage.assistant("4"));

    @TempDir
    static Path folder;
    static CharVocabulary vocabulary;
    static Tokenizer tokenizer;

    @BeforeAll
    static void writeAndLoad() {
        vocabulary = CharVocabulary.fromCharacters(CharVocabulary.PRINTABLE_ASCII);
        vocabulary.writeTo(folder);
        tokenizer = Tokenizer.load(folder);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void should_render_the_embedded_template_exactly() {
        assertThat(ChatTemplate.embedded().render(ONE_TURN, false)).isEqualTo(
                "<|system|>\nYou are terse.<|end|>\n<|user|>\nWhat is 2+3?<|end|>\n<|assistant|>\n5<|end|>\n");
    }

    @Test
    void should_end_the_embedded_generation_prompt_after_the_assistant_marker() {
        assertThat(ChatTemplate.embedded().render(List.of(ChatMessage.user("What is 2+3?")), true))
                .isEqualTo("<|user|>\nWhat is 2+3?<|end|>\n<|assistant|>\n");
        assertThat(ChatTemplate.embedded().endOfTurn()).isEqualTo("<|end|>");
    }

    @Test
    void should_refuse_a_role_the_embedded_template_has_no_marker_for() {
        List<ChatMessage> withTool = List.of(ChatMessage.user("hi"), new ChatMessage("tool", "{}"));

        assertThatThrownBy(() -> ChatTemplate.embedded().render(withTool, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("messages[1].role: the embedded chat template has no marker for 'tool'");
    }

    @Test
    void should_find_each_assistant_reply_and_its_end_marker_and_nothing_else() {
        String text = ChatTemplate.embedded().render(TWO_TURNS, false);

        List<CompletionSpan> spans = ChatTemplate.embedded().completionSpans(TWO_TURNS);

        // "<|user|>\n" (9) + "1+1?" (4) + "<|end|>\n" (8) + "<|assistant|>\n" (14) = 35; "2<|end|>" is 8 long.
        // Then "\n" (1) + "<|user|>\n2+2?<|end|>\n" (21) + "<|assistant|>\n" (14): the second reply starts at 79.
        assertThat(spans).containsExactly(new CompletionSpan(35, 43), new CompletionSpan(79, 87));
        assertThat(spans).extracting(span -> text.substring(span.start(), span.end()))
                .containsExactly("2<|end|>", "4<|end|>");
    }

    @Test
    void should_mask_exactly_the_assistant_tokens_of_a_conversation() {
        List<ChatMessage> conversation = List.of(
                ChatMessage.system("S"), ChatMessage.user("2+2?"), ChatMessage.assistant("4"));

        TokenizedChat chat = ChatTemplate.embedded().tokenize(tokenizer, conversation);

        List<String> tokens = List.of("<|system|>", "\n", "S", "<|end|>", "\n", "<|user|>", "\n", "2", "+", "2", "?",
                "<|end|>", "\n", "<|assistant|>", "\n", "4", "<|end|>", "\n");
        int[] expectedIds = tokens.stream().mapToInt(token -> vocabulary.id(token).orElseThrow()).toArray();
        boolean[] expectedMask = new boolean[18];
        expectedMask[15] = true; // "4"
        expectedMask[16] = true; // "<|end|>"
        assertThat(chat.ids()).containsExactly(expectedIds);
        assertThat(chat.completionMask()).containsExactly(expectedMask);
        assertThat(chat.completionTokens()).isEqualTo(2);
    }

    @Test
    void should_mask_every_reply_of_a_long_conversation_and_encode_like_the_whole_text() {
        String scratchpad = "12 + 9\n2+9=11 c1\n1+0+1=2 c0\nAnswer: 21";
        String json = "{\"total\": 12.5, \"date\": \"2024-03-05\"}";
        List<ChatMessage> conversation = List.of(ChatMessage.user("12 + 9"), ChatMessage.assistant(scratchpad),
                ChatMessage.user("Invoice: total $12.50, 5 Mar 2024"), ChatMessage.assistant(json));

        TokenizedChat chat = ChatTemplate.embedded().tokenize(tokenizer, conversation);

        String text = ChatTemplate.embedded().render(conversation, false);
        assertThat(chat.ids()).containsExactly(ReferenceCharEncoder.encode(vocabulary.tokens(), CharVocabulary.SPECIAL_TOKENS, text));
        // One token per character of each reply, plus its <|end|>.
        assertThat(chat.completionTokens()).isEqualTo(scratchpad.length() + 1 + json.length() + 1);
        assertThat(tokenizer.decode(masked(chat, true))).isEqualTo(scratchpad + "<|end|>" + json + "<|end|>");
    }

    @Test
    void should_render_a_chatml_template_exactly() {
        ChatTemplate chatml = ChatTemplate.jinja(QWEN);

        assertThat(chatml.render(ONE_TURN, false)).isEqualTo("<|im_start|>system\nYou are terse.<|im_end|>\n"
                + "<|im_start|>user\nWhat is 2+3?<|im_end|>\n<|im_start|>assistant\n5<|im_end|>\n");
        assertThat(chatml.render(ONE_TURN.subList(0, 2), true)).isEqualTo("<|im_start|>system\nYou are terse.<|im_end|>\n"
                + "<|im_start|>user\nWhat is 2+3?<|im_end|>\n<|im_start|>assistant\n");
    }

    @Test
    void should_run_loop_variables_and_conditions_of_a_real_template() {
        ChatTemplate qwen = ChatTemplate.jinja(QWEN.withChatTemplate(CHATML_WITH_DEFAULT_SYSTEM));

        assertThat(qwen.render(List.of(ChatMessage.user("What is 2+3?")), true)).isEqualTo(
                "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                        + "<|im_start|>user\nWhat is 2+3?<|im_end|>\n<|im_start|>assistant\n");
        assertThat(qwen.render(ONE_TURN.subList(0, 2), false)).isEqualTo(
                "<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nWhat is 2+3?<|im_end|>\n");
    }

    @Test
    void should_find_chatml_replies_up_to_the_eos_and_not_the_newline_after_it() {
        ChatTemplate chatml = ChatTemplate.jinja(QWEN);
        String text = chatml.render(TWO_TURNS, false);

        assertThat(chatml.completionSpans(TWO_TURNS)).extracting(span -> text.substring(span.start(), span.end()))
                .containsExactly("2<|im_end|>", "4<|im_end|>");

        // The character vocabulary spells ChatML's markers out, one token a character: 11 tokens a reply.
        TokenizedChat chat = chatml.tokenize(tokenizer, TWO_TURNS);
        assertThat(chat.completionTokens()).isEqualTo(22);
        assertThat(tokenizer.decode(masked(chat, true))).isEqualTo("2<|im_end|>4<|im_end|>");
        assertThat(tokenizer.decode(masked(chat, false))).isEqualTo("<|im_start|>user\n1+1?<|im_end|>\n"
                + "<|im_start|>assistant\n\n<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\n\n");
    }

    @Test
    void should_render_the_embedded_jinja_source_as_the_java_template_does() {
        ChatTemplate jinja = ChatTemplate.jinja(vocabulary.tokenizerConfig());
        List<List<ChatMessage>> conversations = List.of(ONE_TURN, TWO_TURNS, List.of(),
                List.of(ChatMessage.user("{\"a\": 1}\n\nline two")));

        for (List<ChatMessage> conversation : conversations) {
            for (boolean prompt : new boolean[] {false, true}) {
                assertThat(jinja.render(conversation, prompt))
                        .isEqualTo(ChatTemplate.embedded().render(conversation, prompt));
            }
        }
        assertThatThrownBy(() -> jinja.render(List.of(new ChatMessage("tool", "{}")), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the embedded chat template has no marker for role tool");
    }

    @Test
    void should_report_the_message_of_raise_exception() {
        String template = "{% if messages[0]['role'] != 'user' %}"
                + "{{ raise_exception('Conversations must start with a user message') }}{% endif %}"
                + "{% for message in messages %}{{ message['content'] }}{% endfor %}";
        ChatTemplate strict = ChatTemplate.jinja(QWEN.withChatTemplate(template));

        assertThat(strict.render(List.of(ChatMessage.user("ok")), false)).isEqualTo("ok");
        assertThatThrownBy(() -> strict.render(List.of(ChatMessage.assistant("no")), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Conversations must start with a user message");
    }

    @Test
    void should_refuse_a_template_with_a_block_left_open() {
        ChatTemplate broken = ChatTemplate.jinja(QWEN.withChatTemplate("{% for message in messages %}{{ message['content'] }}"));

        assertThatThrownBy(() -> broken.render(List.of(ChatMessage.user("hi")), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("chat_template: ");
    }

    @Test
    void should_write_template_syntax_inside_a_message_as_plain_text() {
        List<ChatMessage> tricky = List.of(ChatMessage.user("{{ 7 * 6 }} and {% if true %}x{% endif %}"));

        assertThat(ChatTemplate.jinja(QWEN).render(tricky, false))
                .isEqualTo("<|im_start|>user\n{{ 7 * 6 }} and {% if true %}x{% endif %}<|im_end|>\n");
    }

    @Test
    void should_trim_blocks_and_strip_their_indentation_as_transformers_does() {
        String template = """
                {% for message in messages %}
                    {% if message['role'] == 'user' %}
                Q: {{ message['content'] }}
                    {% else %}
                A: {{ message['content'] }}
                    {% endif %}
                {% endfor %}
                """;
        ChatTemplate blocks = ChatTemplate.jinja(QWEN.withChatTemplate(template));

        assertThat(blocks.render(List.of(ChatMessage.user("hi"), ChatMessage.assistant("yo")), false))
                .isEqualTo("Q: hi\nA: yo\n");
    }

    @Test
    void should_render_a_long_message_whole() {
        String longContent = "0123456789\n".repeat(20_000);

        String text = ChatTemplate.jinja(QWEN).render(List.of(ChatMessage.user(longContent)), false);

        assertThat(text).hasSize("<|im_start|>user\n".length() + longContent.length() + "<|im_end|>\n".length());
    }

    @Test
    void should_render_the_same_text_from_many_threads_at_once() throws Exception {
        ChatTemplate chatml = ChatTemplate.jinja(QWEN);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> renders = new ArrayList<>();
            for (int task = 0; task < 64; task++) {
                String question = "What is " + task + "+1?";
                renders.add(pool.submit(() -> chatml.render(List.of(ChatMessage.user(question)), true)));
            }
            for (int task = 0; task < 64; task++) {
                assertThat(renders.get(task).get())
                        .isEqualTo("<|im_start|>user\nWhat is " + task + "+1?<|im_end|>\n<|im_start|>assistant\n");
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void should_refuse_to_find_replies_with_a_template_that_is_not_incremental() {
        ChatTemplate counting = ChatTemplate.jinja(QWEN.withChatTemplate(
                "{{ messages|length }}:{% for message in messages %}{{ message['content'] }};{% endfor %}"));

        assertThatThrownBy(() -> counting.completionSpans(TWO_TURNS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not render conversations incrementally")
                .hasMessageContaining("messages[1]");
    }

    @Test
    void should_pick_the_embedded_template_for_the_character_vocabulary() {
        assertThat(ChatTemplate.forTokenizer(tokenizer)).isSameAs(ChatTemplate.embedded());
    }

    @Test
    void should_pick_the_checkpoint_jinja_template_when_there_is_one(@TempDir Path checkpoint) throws Exception {
        CharVocabulary.fromCharacters(CharVocabulary.PRINTABLE_ASCII).writeTo(checkpoint);
        // A checkpoint whose config has a ChatML template over the same characters.
        TokenizerConfig config = new TokenizerConfig(null, "<|end|>", null, null, List.of(), CHATML);
        Files.writeString(checkpoint.resolve("tokenizer_config.json"), config.toJson(4096));

        try (Tokenizer loaded = Tokenizer.load(checkpoint)) {
            ChatTemplate template = ChatTemplate.forTokenizer(loaded);
            assertThat(template.render(List.of(ChatMessage.user("hi")), true))
                    .isEqualTo("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n");
            assertThat(template.endOfTurn()).isEqualTo("<|end|>");
        }
    }

    @Test
    void should_refuse_a_tokenizer_with_neither_template_nor_markers(@TempDir Path base) throws Exception {
        Files.writeString(base.resolve("tokenizer.json"), """
                {"version": "1.0", "added_tokens": [], "normalizer": null,
                 "pre_tokenizer": {"type": "Split", "pattern": {"String": ""}, "behavior": "Isolated", "invert": false},
                 "post_processor": null, "decoder": {"type": "Fuse"},
                 "model": {"type": "WordLevel", "vocab": {"<unk>": 0, "a": 1}, "unk_token": "<unk>"}}""");

        try (Tokenizer loaded = Tokenizer.load(base)) {
            assertThat(loaded.encode("aba")).containsExactly(1, 0, 1);
            assertThatThrownBy(() -> ChatTemplate.forTokenizer(loaded))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no chat_template")
                    .hasMessageContaining("base model");
        }
    }

    private static int[] masked(TokenizedChat chat, boolean completion) {
        int[] ids = chat.ids();
        boolean[] mask = chat.completionMask();
        return IntStream.range(0, ids.length).filter(i -> mask[i] == completion).map(i -> ids[i]).toArray();
    }
}

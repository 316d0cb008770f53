package dev.distill4j.model.tokenizer;

import dev.distill4j.core.ChatMessage;
import java.util.List;

/**
 * The chat format of the models this project trains. Each message is its role marker, a newline, the content and
 * {@code <|end|>}, then a newline:
 * <pre>
 * &lt;|system|&gt;
 * You are terse.&lt;|end|&gt;
 * &lt;|user|&gt;
 * What is 2+3?&lt;|end|&gt;
 * &lt;|assistant|&gt;
 * 5&lt;|end|&gt;
 * </pre>
 * The generation prompt ends after {@code <|assistant|>\n}; the model ends its reply with {@code <|end|>}, which is
 * therefore the tokenizer's EOS. No BOS is written: the first marker already starts every sequence. The markers
 * are special tokens of the {@link CharVocabulary}, so each is one token.
 */
public final class EmbeddedChatTemplate implements ChatTemplate {
    public static final String SYSTEM = "<|system|>";
    public static final String USER = "<|user|>";
    public static final String ASSISTANT = "<|assistant|>";
    public static final String END = "<|end|>";
    public static final List<String> MARKERS = List.of(SYSTEM, USER, ASSISTANT, END);

    /**
     * The same template in Jinja, written into {@code tokenizer_config.json} so that Hugging Face tools format
     * conversations for the embedded models exactly as this class does (a test renders both and compares).
     */
    public static final String JINJA_SOURCE = "{% for message in messages %}"
            + "{% if message['role'] not in ['system', 'user', 'assistant'] %}"
            + "{{ raise_exception('the embedded chat template has no marker for role ' + message['role']) }}"
            + "{% endif %}"
            + "{{ '<|' + message['role'] + '|>\\n' + message['content'] + '<|end|>\\n' }}"
            + "{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}";

    static final EmbeddedChatTemplate INSTANCE = new EmbeddedChatTemplate();

    private EmbeddedChatTemplate() {}

    @Override
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            text.append(marker(message.role(), i)).append('\n').append(message.content()).append(END).append('\n');
        }
        if (addGenerationPrompt) {
            text.append(ASSISTANT).append('\n');
        }
        return text.toString();
    }

    @Override
    public String endOfTurn() {
        return END;
    }

    private static String marker(String role, int index) {
        return switch (role) {
            case "system" -> SYSTEM;
            case "user" -> USER;
            case "assistant" -> ASSISTANT;
            default -> throw new IllegalArgumentException("messages[" + index + "].role: the embedded chat template has no marker for '"
                    + role + "'; expected system, user or assistant");
        };
    }

    @Override
    public String toString() {
        return "EmbeddedChatTemplate";
    }
}

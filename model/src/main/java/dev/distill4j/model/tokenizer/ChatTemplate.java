package dev.distill4j.model.tokenizer;

import dev.distill4j.core.ChatMessage;
import java.util.List;

/**
 * Turns a conversation into the text a chat model reads, and finds in it the assistant's part, on which SFT puts
 * its loss.
 *
 * <p>Two kinds exist: the {@linkplain #embedded() embedded template} of the models this project trains, and the
 * {@linkplain #jinja(TokenizerConfig) Jinja template} that a Hugging Face checkpoint ships in its
 * {@code tokenizer_config.json}. {@link #forTokenizer(Tokenizer)} picks the right one for a loaded tokenizer.
 * Implementations are immutable and may be used from many threads.
 */
public interface ChatTemplate {

    /**
     * The conversation as model text. With {@code addGenerationPrompt}, the text ends where the assistant's next
     * reply begins, so that it is the prompt for generation.
     */
    String render(List<ChatMessage> messages, boolean addGenerationPrompt);

    /** The text that closes an assistant turn (the token generation stops at), or null when the template has none. */
    String endOfTurn();

    /**
     * Where the assistant's replies are in {@code render(messages, false)}: for each assistant message, its content
     * and the {@link #endOfTurn()} that closes it, and not the role header before it nor the separator after it.
     * A model trained on these spans learns to answer and to stop, never to write the user's part.
     */
    default List<CompletionSpan> completionSpans(List<ChatMessage> messages) {
        return CompletionSpans.find(this, messages, render(messages, false));
    }

    /** The conversation as token ids with a mask of the tokens inside {@link #completionSpans(List)}. */
    default TokenizedChat tokenize(Tokenizer tokenizer, List<ChatMessage> messages) {
        return CompletionSpans.tokenize(this, tokenizer, messages);
    }

    /** The template of the embedded models: {@code <|user|>\n…<|end|>\n<|assistant|>\n…<|end|>\n}. */
    static ChatTemplate embedded() {
        return EmbeddedChatTemplate.INSTANCE;
    }

    /**
     * The Jinja {@code chat_template} of {@code config}, evaluated as transformers does (blocks trimmed, with
     * {@code messages}, {@code add_generation_prompt}, the special tokens and {@code raise_exception}).
     */
    static ChatTemplate jinja(TokenizerConfig config) {
        return new JinjaChatTemplate(config);
    }

    /**
     * The template a tokenizer's model was trained with: its {@code chat_template} when it has one (evaluated in
     * Java when it is the embedded template's Jinja source), else the embedded template when the vocabulary has
     * the embedded markers. A tokenizer with neither is a base model without a chat format: an error.
     */
    static ChatTemplate forTokenizer(Tokenizer tokenizer) {
        TokenizerConfig config = tokenizer.config();
        if (config.chatTemplate() != null) {
            return EmbeddedChatTemplate.JINJA_SOURCE.equals(config.chatTemplate()) ? embedded() : jinja(config);
        }
        if (EmbeddedChatTemplate.MARKERS.stream().allMatch(marker -> tokenizer.tokenId(marker).isPresent())) {
            return embedded();
        }
        throw new IllegalArgumentException("the tokenizer has no chat_template in " + TokenizerConfig.FILE_NAME
                + " and its vocabulary lacks the embedded markers " + EmbeddedChatTemplate.MARKERS
                + ": a base model without a chat format");
    }
}

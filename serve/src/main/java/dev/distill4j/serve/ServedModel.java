package dev.distill4j.serve;

import dev.distill4j.core.ChatMessage;
import dev.distill4j.model.LocalModel;
import dev.distill4j.model.tokenizer.ChatTemplate;
import dev.distill4j.model.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model as the HTTP side sees it: its name, its context, and text to tokens and back. The tokenizer and the chat
 * template may be used from many threads; the decoder itself belongs to the scheduler thread alone.
 */
final class ServedModel {
    private final LocalModel model;
    private final String name;
    private final int maxPromptTokens;
    private final ConcurrentHashMap<Integer, String> tokenTexts = new ConcurrentHashMap<>();

    ServedModel(LocalModel model, String name, Integer maxPromptTokens) {
        this.model = model;
        this.name = name;
        int context = model.config().maxPositionEmbeddings();
        this.maxPromptTokens = maxPromptTokens == null ? context - 1 : Math.min(maxPromptTokens, context - 1);
    }

    LocalModel model() {
        return model;
    }

    String name() {
        return name;
    }

    int context() {
        return model.config().maxPositionEmbeddings();
    }

    int maxPromptTokens() {
        return maxPromptTokens;
    }

    int vocabSize() {
        return model.tokenizer().vocabSize();
    }

    int[] encodeChat(List<ChatMessage> messages) {
        ChatTemplate template = model.template();
        return model.tokenizer().encode(template.render(messages, true));
    }

    int[] encode(String text) {
        return model.tokenizer().encode(text);
    }

    /** The completion's text: special tokens (the end of turn) left out. */
    String decode(int[] tokens) {
        return model.tokenizer().decode(tokens, true);
    }

    /** A prompt's text as the model read it, special tokens (chat markers) included: what echo returns. */
    String decodeKeepingSpecial(int[] tokens) {
        return model.tokenizer().decode(tokens, false);
    }

    /** The text of one token as OpenAI's logprobs show it (special tokens by their marker). */
    String tokenText(int token) {
        return tokenTexts.computeIfAbsent(token, id -> {
            Tokenizer tokenizer = model.tokenizer();
            return tokenizer.decode(new int[] {id}, false);
        });
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

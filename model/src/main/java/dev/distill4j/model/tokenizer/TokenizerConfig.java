package dev.distill4j.model.tokenizer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What distill4j reads from a Hugging Face {@code tokenizer_config.json}: the special tokens by name and the
 * Jinja chat template. Tokens are vocabulary strings (for example {@code "<|im_end|>"}); each is null where the
 * checkpoint has none.
 *
 * @param bosToken                 beginning of sequence, or null
 * @param eosToken                 end of sequence: for a chat model, the token that closes an assistant turn
 * @param padToken                 padding, or null
 * @param unkToken                 stands for text outside the vocabulary, or null
 * @param additionalSpecialTokens  further special tokens (chat markers), in vocabulary order
 * @param chatTemplate             the Jinja source of the chat template, or null
 */
public record TokenizerConfig(
        String bosToken,
        String eosToken,
        String padToken,
        String unkToken,
        List<String> additionalSpecialTokens,
        String chatTemplate) {

    public static final String FILE_NAME = "tokenizer_config.json";
    /** Recent transformers versions keep the template in its own file beside tokenizer_config.json. */
    public static final String TEMPLATE_FILE_NAME = "chat_template.jinja";

    /** A config that names nothing: what a tokenizer.json without a tokenizer_config.json beside it has. */
    public static final TokenizerConfig NONE = new TokenizerConfig(null, null, null, null, List.of(), null);

    private static final ObjectMapper LENIENT = Json.MAPPER.copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public TokenizerConfig {
        requireTokenOrNull(bosToken, "bos_token");
        requireTokenOrNull(eosToken, "eos_token");
        requireTokenOrNull(padToken, "pad_token");
        requireTokenOrNull(unkToken, "unk_token");
        if (additionalSpecialTokens == null) {
            throw new IllegalArgumentException("field 'additional_special_tokens': expected a list, got null");
        }
        for (String token : additionalSpecialTokens) {
            requireTokenOrNull(token, "additional_special_tokens");
            if (token == null) {
                throw new IllegalArgumentException("field 'additional_special_tokens': expected non-empty strings, got null");
            }
        }
        additionalSpecialTokens = List.copyOf(additionalSpecialTokens);
        if (chatTemplate != null && chatTemplate.isBlank()) {
            throw new IllegalArgumentException("field 'chat_template': expected Jinja source or null, got an empty string");
        }
    }

    /**
     * Reads the config beside a {@code tokenizer.json}: {@code tokenizer_config.json} in {@code folder}, and
     * {@code chat_template.jinja} where the config itself has no template. {@link #NONE} when neither exists.
     */
    public static TokenizerConfig readBeside(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        TokenizerConfig config = Files.exists(file) ? read(file) : NONE;
        Path templateFile = folder.resolve(TEMPLATE_FILE_NAME);
        if (config.chatTemplate() == null && Files.exists(templateFile)) {
            try {
                config = config.withChatTemplate(Files.readString(templateFile));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + templateFile + ": " + e.getMessage(), e);
            }
        }
        return config;
    }

    /** Reads a {@code tokenizer_config.json}; keys this project does not use are ignored, errors name the file. */
    public static TokenizerConfig read(Path file) {
        JsonNode json;
        try {
            json = LENIENT.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no " + FILE_NAME + " at " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        try {
            return fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    static TokenizerConfig fromJson(JsonNode json) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        List<String> additional = new ArrayList<>();
        for (JsonNode token : json.path("additional_special_tokens")) {
            additional.add(tokenText(token, "additional_special_tokens"));
        }
        return new TokenizerConfig(tokenText(json.get("bos_token"), "bos_token"), tokenText(json.get("eos_token"), "eos_token"),
                tokenText(json.get("pad_token"), "pad_token"), tokenText(json.get("unk_token"), "unk_token"),
                additional, template(json.get("chat_template")));
    }

    /** This config with another chat template. */
    public TokenizerConfig withChatTemplate(String template) {
        return new TokenizerConfig(bosToken, eosToken, padToken, unkToken, additionalSpecialTokens, template);
    }

    /**
     * The {@code tokenizer_config.json} text, in the shape transformers writes for a fast tokenizer, so that
     * {@code AutoTokenizer} loads the folder. {@code model_max_length} is the longest sequence the model takes.
     */
    public String toJson(int modelMaxLength) {
        if (modelMaxLength <= 0) {
            throw new IllegalArgumentException("field 'model_max_length': expected a number > 0, got " + modelMaxLength);
        }
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("tokenizer_class", "PreTrainedTokenizerFast");
        putToken(json, "bos_token", bosToken);
        putToken(json, "eos_token", eosToken);
        putToken(json, "pad_token", padToken);
        putToken(json, "unk_token", unkToken);
        ArrayNode additional = json.putArray("additional_special_tokens");
        additionalSpecialTokens.forEach(additional::add);
        json.put("model_max_length", modelMaxLength);
        // The decoder already returns exact text; transformers' clean-up would remove spaces before punctuation.
        json.put("clean_up_tokenization_spaces", false);
        if (chatTemplate != null) {
            json.put("chat_template", chatTemplate);
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token is written as a plain string or as transformers' AddedToken object with a {@code content} field. */
    private static String tokenText(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isObject() && node.path("content").isTextual()) {
            return node.get("content").asText();
        }
        throw new IllegalArgumentException("field '" + field + "': expected a string or an object with 'content', got " + node);
    }

    /** The template is a string, or a list of named templates of which the one named "default" is the chat template. */
    private static String template(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray()) {
            for (JsonNode named : node) {
                if ("default".equals(named.path("name").asText(null)) && named.path("template").isTextual()) {
                    return named.get("template").asText();
                }
            }
            throw new IllegalArgumentException("field 'chat_template': a list of templates without one named 'default'");
        }
        throw new IllegalArgumentException("field 'chat_template': expected a string or a list of named templates, got " + node);
    }

    private static void putToken(ObjectNode json, String field, String token) {
        if (token != null) {
            json.put(field, token);
        }
    }

    private static void requireTokenOrNull(String token, String field) {
        if (token != null && token.isEmpty()) {
            throw new IllegalArgumentException("field '" + field + "': expected a token or null, got an empty string");
        }
    }
}

package dev.distill4j.model.tokenizer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.AtomicFiles;
import dev.distill4j.core.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The vocabulary of the embedded models: one token per character (Unicode code point) of a corpus, after the
 * special tokens. Digits, spaces, newlines, braces and quotes are each a token, so an arithmetic scratchpad or a
 * JSON answer is spelled out exactly, and the vocabulary stays a few hundred tokens for a model of a few MB.
 *
 * <p>Ids are deterministic: the {@link #SPECIAL_TOKENS} first, in their listed order, then the characters by code
 * point. It is written as a Hugging Face {@code tokenizer.json} (a WordLevel model over single characters, a
 * pre-tokenizer that splits every character, the Fuse decoder) so that it loads through {@link Tokenizer} like any
 * checkpoint's, and in HF tools too. A character outside the vocabulary becomes {@link #UNK}.
 */
public final class CharVocabulary {
    public static final String PAD = "<pad>";
    public static final String BOS = "<bos>";
    /** Ends a plain document (not a chat); a chat reply ends with {@link EmbeddedChatTemplate#END}, the EOS. */
    public static final String EOS = "<eos>";
    public static final String UNK = "<unk>";
    public static final List<String> SPECIAL_TOKENS = Stream.concat(Stream.of(PAD, BOS, EOS, UNK),
            EmbeddedChatTemplate.MARKERS.stream()).toList();

    /** Newline and the printable ASCII characters: what task text and JSON need whatever the corpus. */
    public static final String PRINTABLE_ASCII = printableAscii();

    /** The longest sequence written as model_max_length; the model's own limit is in its config.json. */
    private static final int MODEL_MAX_LENGTH = 1 << 20;

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private CharVocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        Map<String, Integer> byToken = new HashMap<>();
        for (int id = 0; id < tokens.size(); id++) {
            byToken.put(tokens.get(id), id);
        }
        this.ids = Map.copyOf(byToken);
    }

    /** The vocabulary of every character in {@code texts} (a corpus, a character set, or both). */
    public static CharVocabulary fromTexts(Iterable<String> texts) {
        TreeSet<Integer> codePoints = new TreeSet<>();
        int index = 0;
        for (String text : texts) {
            if (text == null) {
                throw new IllegalArgumentException("texts[" + index + "]: expected a string, got null");
            }
            int at = index;
            text.codePoints().forEach(codePoint -> {
                // A lone surrogate is not a character: it cannot cross into the native tokenizer as UTF-8.
                if (Character.getType(codePoint) == Character.SURROGATE) {
                    throw new IllegalArgumentException("texts[" + at + "]: a lone UTF-16 surrogate U+"
                            + Integer.toHexString(codePoint).toUpperCase() + " is not a character");
                }
                codePoints.add(codePoint);
            });
            index++;
        }
        List<String> tokens = new ArrayList<>(SPECIAL_TOKENS);
        codePoints.forEach(codePoint -> tokens.add(Character.toString(codePoint)));
        return new CharVocabulary(tokens);
    }

    /** The vocabulary of the characters of {@code characters}, for example {@link #PRINTABLE_ASCII}. */
    public static CharVocabulary fromCharacters(String characters) {
        return fromTexts(List.of(characters));
    }

    /** Every token, the id of each being its position. */
    public List<String> tokens() {
        return tokens;
    }

    public int size() {
        return tokens.size();
    }

    /** The id of a special token or of a one-character string. */
    public OptionalInt id(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /**
     * Writes {@code tokenizer.json} and {@code tokenizer_config.json} (with the embedded chat template) into
     * {@code folder}, each atomically.
     */
    public void writeTo(Path folder) {
        String tokenizerJson = toTokenizerJson();
        String configJson = tokenizerConfig().toJson(MODEL_MAX_LENGTH);
        AtomicFiles.writeText(folder.resolve(Tokenizer.FILE_NAME), out -> out.write(tokenizerJson));
        AtomicFiles.writeText(folder.resolve(TokenizerConfig.FILE_NAME), out -> out.write(configJson));
    }

    /** The special tokens by name and the embedded chat template, as written to {@code tokenizer_config.json}. */
    public TokenizerConfig tokenizerConfig() {
        return new TokenizerConfig(BOS, EmbeddedChatTemplate.END, PAD, UNK, EmbeddedChatTemplate.MARKERS,
                EmbeddedChatTemplate.JINJA_SOURCE);
    }

    /** The Hugging Face {@code tokenizer.json} text of this vocabulary. */
    public String toTokenizerJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("version", "1.0");
        json.putNull("truncation");
        json.putNull("padding");
        // Declared as added special tokens so that "<|end|>" in text is matched whole before characters are split.
        ArrayNode added = json.putArray("added_tokens");
        for (String special : SPECIAL_TOKENS) {
            added.addObject()
                    .put("id", ids.get(special))
                    .put("content", special)
                    .put("single_word", false)
                    .put("lstrip", false)
                    .put("rstrip", false)
                    .put("normalized", false)
                    .put("special", true);
        }
        json.putNull("normalizer");
        // An empty pattern matches between every two characters; Isolated keeps each character as its own piece.
        ObjectNode split = json.putObject("pre_tokenizer");
        split.put("type", "Split");
        split.putObject("pattern").put("String", "");
        split.put("behavior", "Isolated");
        split.put("invert", false);
        json.putNull("post_processor");
        // Fuse joins the tokens with nothing between them: decoding gives the characters back as they were.
        json.putObject("decoder").put("type", "Fuse");
        ObjectNode model = json.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < tokens.size(); id++) {
            vocab.put(tokens.get(id), id);
        }
        model.put("unk_token", UNK);
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String printableAscii() {
        StringBuilder characters = new StringBuilder("\n");
        for (char c = ' '; c <= '~'; c++) {
            characters.append(c);
        }
        return characters.toString();
    }

    @Override
    public String toString() {
        return "CharVocabulary[" + tokens.size() + " tokens]";
    }
}

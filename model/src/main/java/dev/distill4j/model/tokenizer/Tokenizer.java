package dev.distill4j.model.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Hugging Face {@code tokenizer.json} run by DJL's binding of the Rust {@code tokenizers} library: the one way
 * distill4j turns text into token ids, for downloaded checkpoints and for the embedded character vocabulary alike.
 *
 * <p>Nothing is added implicitly: {@link #encode} adds no BOS/EOS and never truncates or pads, so the ids are
 * exactly the text's (callers add special tokens where a format asks for them). Special tokens and the chat
 * template come from the {@code tokenizer_config.json} beside the file, when there is one.
 *
 * <p>Thread safety: {@link #encode} and {@link #decode} may be called from many threads at once. The native
 * tokenizer is configured once, at load, and only read afterwards (the Rust tokenizer is {@code Sync}; encoding
 * takes it by shared reference). {@link #close} must happen after the last use in every thread.
 */
public final class Tokenizer implements AutoCloseable {
    public static final String FILE_NAME = "tokenizer.json";

    private static final ObjectMapper HF_JSON = JsonMapper.builder().build();

    private final HuggingFaceTokenizer delegate;
    private final Map<String, Integer> ids;
    private final String[] tokens;
    private final TokenizerConfig config;
    private final OptionalInt bosId;
    private final OptionalInt eosId;
    private final OptionalInt padId;

    private Tokenizer(HuggingFaceTokenizer delegate, Map<String, Integer> ids, TokenizerConfig config) {
        this.delegate = delegate;
        this.ids = Map.copyOf(ids);
        int size = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        this.tokens = new String[size];
        ids.forEach((token, id) -> tokens[id] = token);
        this.config = config;
        this.bosId = specialId(config.bosToken(), "bos_token");
        this.eosId = specialId(config.eosToken(), "eos_token");
        this.padId = specialId(config.padToken(), "pad_token");
        specialId(config.unkToken(), "unk_token");
        config.additionalSpecialTokens().forEach(token -> specialId(token, "additional_special_tokens"));
    }

    /**
     * Loads a {@code tokenizer.json} (or the one in a folder), with the {@code tokenizer_config.json} beside it.
     * Errors name the file and what is wrong.
     */
    public static Tokenizer load(Path tokenizerJson) {
        Path file = Files.isDirectory(tokenizerJson) ? tokenizerJson.resolve(FILE_NAME) : tokenizerJson;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no " + FILE_NAME + " at " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, Integer> ids;
        try {
            ids = vocabulary(HF_JSON.readTree(bytes));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        Path folder = file.toAbsolutePath().getParent();
        TokenizerConfig config = TokenizerConfig.readBeside(folder);
        HuggingFaceTokenizer delegate = openNative(file, bytes);
        try {
            return new Tokenizer(delegate, ids, config);
        } catch (IllegalArgumentException e) {
            delegate.close();
            throw new IllegalArgumentException(folder.resolve(TokenizerConfig.FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    /** The ids of {@code text}, with no special tokens added and no truncation. */
    public int[] encode(String text) {
        Objects.requireNonNull(text, "text");
        long[] wide = delegate.encode(text, false, false).getIds();
        int[] narrow = new int[wide.length];
        for (int i = 0; i < wide.length; i++) {
            narrow[i] = Math.toIntExact(wide[i]);
        }
        return narrow;
    }

    /** The text of {@code ids}, special tokens included: {@code decode(encode(s))} gives back {@code s}. */
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    /** The text of {@code ids}; with {@code skipSpecialTokens}, markers such as EOS are left out. */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            // The native decoder drops unknown ids silently; a wrong id is a bug upstream, so say so here.
            if (ids[i] < 0 || ids[i] >= tokens.length || tokens[ids[i]] == null) {
                throw new IllegalArgumentException("ids[" + i + "]: expected a token id in [0, " + tokens.length
                        + "), got " + ids[i]);
            }
            wide[i] = ids[i];
        }
        return delegate.decode(wide, skipSpecialTokens);
    }

    /** The number of ids, added tokens included: every id is in {@code [0, vocabSize())}. */
    public int vocabSize() {
        return tokens.length;
    }

    /** The id of a vocabulary entry, written as the vocabulary writes it (for byte-level BPE, {@code "Ġthe"}). */
    public OptionalInt tokenId(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The vocabulary entry of an id, if the id has one. */
    public Optional<String> token(int id) {
        return id >= 0 && id < tokens.length ? Optional.ofNullable(tokens[id]) : Optional.empty();
    }

    public OptionalInt bosId() {
        return bosId;
    }

    /** The end of sequence; for a chat model, the token that ends an assistant turn and so stops generation. */
    public OptionalInt eosId() {
        return eosId;
    }

    public OptionalInt padId() {
        return padId;
    }

    /** Special tokens by name and the chat template, from the {@code tokenizer_config.json} beside the file. */
    public TokenizerConfig config() {
        return config;
    }

    @Override
    public void close() {
        delegate.close();
    }

    private OptionalInt specialId(String token, String field) {
        if (token == null) {
            return OptionalInt.empty();
        }
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException("field '" + field + "': expected a token of the vocabulary, got '" + token + "'");
        }
        return OptionalInt.of(id);
    }

    private static HuggingFaceTokenizer openNative(Path file, byte[] bytes) {
        // DJL truncates to 512 tokens and pads by default; a long scratchpad must never be cut silently.
        Map<String, String> options = Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");
        try {
            return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(bytes), options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // The native library reports a malformed file as an untyped runtime error.
            throw new IllegalArgumentException(file + ": not a tokenizer the tokenizers library can load: " + e.getMessage(), e);
        }
    }

    /** Model vocabulary plus added tokens, token to id, read from the JSON the native side also reads. */
    private static Map<String, Integer> vocabulary(JsonNode json) {
        JsonNode vocab = json.path("model").path("vocab");
        Map<String, Integer> ids = new HashMap<>();
        if (vocab.isObject()) {
            // WordLevel, WordPiece, BPE: {"token": id, ...}
            vocab.properties().forEach(entry -> ids.put(entry.getKey(), entry.getValue().asInt()));
        } else if (vocab.isArray()) {
            // Unigram: [["token", score], ...], the id being the position.
            for (int id = 0; id < vocab.size(); id++) {
                ids.put(vocab.get(id).path(0).asText(), id);
            }
        } else {
            throw new IllegalArgumentException("field 'model.vocab': expected an object or an array, got "
                    + (vocab.isMissingNode() ? "nothing" : vocab.getNodeType()));
        }
        for (JsonNode added : json.path("added_tokens")) {
            ids.put(added.path("content").asText(), added.path("id").asInt());
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("field 'model.vocab': expected at least one token, got none");
        }
        int negative = ids.values().stream().filter(id -> id < 0).findFirst().orElse(0);
        if (negative < 0) {
            throw new IllegalArgumentException("field 'model.vocab': expected ids >= 0, got " + negative);
        }
        return ids;
    }

    @Override
    public String toString() {
        return "Tokenizer[vocabSize=" + tokens.length + ", bos=" + bosId + ", eos=" + eosId + ", pad=" + padId
                + ", chatTemplate=" + (config.chatTemplate() != null) + "]";
    }
}

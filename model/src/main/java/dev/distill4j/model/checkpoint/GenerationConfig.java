package dev.distill4j.model.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import dev.distill4j.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The defaults for generation that a Hugging Face checkpoint carries in {@code generation_config.json}.
 * Every field but the end-of-sequence list may be absent (null): the caller's own default applies then.
 *
 * @param bosTokenId    beginning-of-sequence token, or null
 * @param eosTokenIds   tokens that end a generation (HF allows several, as Llama 3 has); may be empty
 * @param maxNewTokens  default length limit, or null
 * @param temperature   default temperature, 0 for greedy decoding, or null
 * @param topP          default nucleus probability in (0, 1], or null
 * @param topK          default number of candidates, or null
 */
public record GenerationConfig(Integer bosTokenId, List<Integer> eosTokenIds, Integer maxNewTokens, Double temperature, Double topP,
                               Integer topK) {
    public GenerationConfig {
        if (bosTokenId != null && bosTokenId < 0) {
            throw new IllegalArgumentException("field 'bos_token_id': expected a token id >= 0, got " + bosTokenId);
        }
        eosTokenIds = eosTokenIds == null ? List.of() : List.copyOf(eosTokenIds);
        for (int id : eosTokenIds) {
            if (id < 0) {
                throw new IllegalArgumentException("field 'eos_token_id': expected token ids >= 0, got " + eosTokenIds);
            }
        }
        if (maxNewTokens != null && maxNewTokens <= 0) {
            throw new IllegalArgumentException("field 'max_new_tokens': expected a number > 0, got " + maxNewTokens);
        }
        if (temperature != null && !(temperature >= 0 && Double.isFinite(temperature))) {
            throw new IllegalArgumentException("field 'temperature': expected a number >= 0, got " + temperature);
        }
        if (topP != null && !(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("field 'top_p': expected a number in (0, 1], got " + topP);
        }
        if (topK != null && topK <= 0) {
            throw new IllegalArgumentException("field 'top_k': expected a number > 0, got " + topK);
        }
    }

    /** The model's own bos and eos tokens, nothing else. */
    public static GenerationConfig of(ModelConfig config) {
        return new GenerationConfig(config.bosTokenId(), config.eosTokenId() == null ? List.of() : List.of(config.eosTokenId()),
                null, null, null, null);
    }

    public GenerationConfig withMaxNewTokens(int maxNewTokens) {
        return new GenerationConfig(bosTokenId, eosTokenIds, maxNewTokens, temperature, topP, topK);
    }

    public GenerationConfig withTemperature(double temperature) {
        return new GenerationConfig(bosTokenId, eosTokenIds, maxNewTokens, temperature, topP, topK);
    }

    public GenerationConfig withTopP(double topP) {
        return new GenerationConfig(bosTokenId, eosTokenIds, maxNewTokens, temperature, topP, topK);
    }

    public GenerationConfig withTopK(int topK) {
        return new GenerationConfig(bosTokenId, eosTokenIds, maxNewTokens, temperature, topP, topK);
    }

    /**
     * The JSON Hugging Face reads. Temperature 0 is written as {@code "do_sample": false} without a temperature,
     * because transformers treats greedy as "no sampling" and rejects a zero temperature.
     */
    public ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        if (bosTokenId != null) {
            json.put("bos_token_id", bosTokenId);
        }
        if (eosTokenIds.size() == 1) {
            json.put("eos_token_id", eosTokenIds.get(0));
        } else if (eosTokenIds.size() > 1) {
            ArrayNode ids = json.putArray("eos_token_id");
            eosTokenIds.forEach(ids::add);
        }
        if (temperature != null) {
            json.put("do_sample", temperature > 0);
        }
        if (maxNewTokens != null) {
            json.put("max_new_tokens", maxNewTokens);
        }
        if (temperature != null && temperature > 0) {
            json.put("temperature", temperature);
        }
        if (topK != null) {
            json.put("top_k", topK);
        }
        if (topP != null) {
            json.put("top_p", topP);
        }
        return json;
    }

    /** Serialised {@link #toJson()}, as written to {@code generation_config.json}. */
    public String toJsonText() {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a {@code generation_config.json}; keys distill4j does not use are ignored, errors name the file and the field. */
    public static GenerationConfig read(Path file) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new CheckpointException("no generation config at " + file);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new CheckpointException(file + ": expected a JSON object");
        }
        try {
            return fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file + ": " + e.getMessage(), e);
        }
    }

    static GenerationConfig fromJson(JsonNode json) {
        Double temperature = optionalNumber(json, "temperature");
        // HF decodes greedily unless do_sample is true, whatever the temperature says.
        JsonNode doSample = json.get("do_sample");
        if (doSample != null && doSample.isBoolean()) {
            temperature = doSample.booleanValue() ? (temperature == null ? 1.0 : temperature) : 0.0;
        }
        return new GenerationConfig(optionalInt(json, "bos_token_id"), tokenIds(json, "eos_token_id"), optionalInt(json, "max_new_tokens"),
                temperature, optionalNumber(json, "top_p"), optionalInt(json, "top_k"));
    }

    private static Integer optionalInt(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException("field '" + field + "': expected a whole number, got " + value);
        }
        return value.intValue();
    }

    private static Double optionalNumber(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException("field '" + field + "': expected a number, got " + value);
        }
        return value.doubleValue();
    }

    private static List<Integer> tokenIds(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<Integer> ids = new ArrayList<>();
        for (JsonNode id : value.isArray() ? value : Json.MAPPER.createArrayNode().add(value)) {
            if (!id.isIntegralNumber() || !id.canConvertToInt()) {
                throw new IllegalArgumentException("field '" + field + "': expected a token id or a list of them, got " + value);
            }
            ids.add(id.intValue());
        }
        return ids;
    }
}

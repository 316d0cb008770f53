package dev.distill4j.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The architecture of a decoder, as Hugging Face writes it in {@code config.json}: a Llama
 * ({@code LlamaForCausalLM}) or its Qwen2 variant ({@code Qwen2ForCausalLM}: bias on the q, k, v projections).
 *
 * @param architecture          {@code LlamaForCausalLM} or {@code Qwen2ForCausalLM}
 * @param vocabSize             rows of the embedding and of the output head
 * @param hiddenSize            model width d
 * @param intermediateSize      width of the SwiGLU MLP
 * @param numHiddenLayers       decoder blocks
 * @param numAttentionHeads     query heads
 * @param numKeyValueHeads      key/value heads (grouped-query attention when fewer than query heads)
 * @param headDim               width of one head (hidden / heads unless the config says otherwise)
 * @param maxPositionEmbeddings longest sequence the rotary table covers
 * @param rmsNormEps            epsilon of RMSNorm
 * @param ropeTheta             base of the rotary frequencies
 * @param tieWordEmbeddings     whether the output head reuses the embedding matrix
 * @param qkvBias               bias on the q, k and v projections (Qwen2; Llama with attention_bias)
 * @param outputBias            bias on the o projection (Llama with attention_bias)
 * @param bosTokenId            beginning-of-sequence token, or null
 * @param eosTokenId            end-of-sequence token, or null
 */
public record ModelConfig(
        String architecture,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDim,
        int maxPositionEmbeddings,
        double rmsNormEps,
        double ropeTheta,
        boolean tieWordEmbeddings,
        boolean qkvBias,
        boolean outputBias,
        Integer bosTokenId,
        Integer eosTokenId) {

    public static final String LLAMA = "LlamaForCausalLM";
    public static final String QWEN2 = "Qwen2ForCausalLM";

    /** HF configs carry many keys this decoder does not use (transformers_version, …): those are ignored. */
    private static final ObjectMapper HF_JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public ModelConfig {
        if (!LLAMA.equals(architecture) && !QWEN2.equals(architecture)) {
            throw new IllegalArgumentException("field 'architectures': expected " + LLAMA + " or " + QWEN2 + ", got " + architecture);
        }
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("intermediate_size", intermediateSize);
        positive("num_hidden_layers", numHiddenLayers);
        positive("num_attention_heads", numAttentionHeads);
        positive("num_key_value_heads", numKeyValueHeads);
        positive("head_dim", headDim);
        positive("max_position_embeddings", maxPositionEmbeddings);
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new IllegalArgumentException("field 'num_key_value_heads': expected a divisor of num_attention_heads ("
                    + numAttentionHeads + "), got " + numKeyValueHeads);
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("field 'head_dim': rotary embeddings need an even head width, got " + headDim);
        }
        if (!(rmsNormEps > 0)) {
            throw new IllegalArgumentException("field 'rms_norm_eps': expected a number > 0, got " + rmsNormEps);
        }
        if (!(ropeTheta > 0)) {
            throw new IllegalArgumentException("field 'rope_theta': expected a number > 0, got " + ropeTheta);
        }
        for (Integer token : new Integer[] {bosTokenId, eosTokenId}) {
            if (token != null && (token < 0 || token >= vocabSize)) {
                throw new IllegalArgumentException("fields 'bos_token_id'/'eos_token_id': expected ids in [0, " + vocabSize + "), got " + token);
            }
        }
    }

    private static void positive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("field '" + field + "': expected a number > 0, got " + value);
        }
    }

    /** A small Llama with the usual defaults, for building models in code. */
    public static ModelConfig llama(int vocabSize, int hiddenSize, int intermediateSize, int layers, int heads, int kvHeads, int maxPositions) {
        return new ModelConfig(LLAMA, vocabSize, hiddenSize, intermediateSize, layers, heads, kvHeads, hiddenSize / heads, maxPositions,
                1e-5, 10000.0, false, false, false, null, null);
    }

    /** Group size of grouped-query attention: how many query heads share one key/value head. */
    public int queriesPerKeyValue() {
        return numAttentionHeads / numKeyValueHeads;
    }

    /**
     * Every weight tensor the model has, by its Hugging Face name, with its shape (rows, columns), in
     * the order the forward pass uses them. The one place names and shapes are defined.
     */
    public Map<String, long[]> expectedTensors() {
        Map<String, long[]> tensors = new LinkedHashMap<>();
        long q = (long) numAttentionHeads * headDim;
        long kv = (long) numKeyValueHeads * headDim;
        tensors.put("model.embed_tokens.weight", new long[] {vocabSize, hiddenSize});
        for (int layer = 0; layer < numHiddenLayers; layer++) {
            String p = "model.layers." + layer + ".";
            tensors.put(p + "input_layernorm.weight", new long[] {hiddenSize});
            tensors.put(p + "self_attn.q_proj.weight", new long[] {q, hiddenSize});
            tensors.put(p + "self_attn.k_proj.weight", new long[] {kv, hiddenSize});
            tensors.put(p + "self_attn.v_proj.weight", new long[] {kv, hiddenSize});
            if (qkvBias) {
                tensors.put(p + "self_attn.q_proj.bias", new long[] {q});
                tensors.put(p + "self_attn.k_proj.bias", new long[] {kv});
                tensors.put(p + "self_attn.v_proj.bias", new long[] {kv});
            }
            tensors.put(p + "self_attn.o_proj.weight", new long[] {hiddenSize, q});
            if (outputBias) {
                tensors.put(p + "self_attn.o_proj.bias", new long[] {hiddenSize});
            }
            tensors.put(p + "post_attention_layernorm.weight", new long[] {hiddenSize});
            tensors.put(p + "mlp.gate_proj.weight", new long[] {intermediateSize, hiddenSize});
            tensors.put(p + "mlp.up_proj.weight", new long[] {intermediateSize, hiddenSize});
            tensors.put(p + "mlp.down_proj.weight", new long[] {hiddenSize, intermediateSize});
        }
        tensors.put("model.norm.weight", new long[] {hiddenSize});
        if (!tieWordEmbeddings) {
            tensors.put("lm_head.weight", new long[] {vocabSize, hiddenSize});
        }
        return tensors;
    }

    /** Number of parameters (tied embeddings counted once). */
    public long parameterCount() {
        long total = 0;
        for (long[] shape : expectedTensors().values()) {
            long size = 1;
            for (long dim : shape) {
                size *= dim;
            }
            total += size;
        }
        return total;
    }

    /** Reads a Hugging Face {@code config.json}; errors name the file and the field. */
    public static ModelConfig read(Path file) {
        JsonNode json;
        try {
            json = HF_JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no config.json at " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        try {
            return fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    static ModelConfig fromJson(JsonNode json) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        JsonNode architectures = json.path("architectures");
        String architecture = architectures.isArray() && !architectures.isEmpty() ? architectures.get(0).asText() : null;
        if (architecture == null) {
            String type = json.path("model_type").asText("");
            architecture = type.equals("qwen2") ? QWEN2 : type.equals("llama") ? LLAMA : null;
        }
        boolean qwen = QWEN2.equals(architecture);
        int hidden = required(json, "hidden_size");
        int heads = required(json, "num_attention_heads");
        boolean attentionBias = json.path("attention_bias").asBoolean(false);
        return new ModelConfig(architecture, required(json, "vocab_size"), hidden, required(json, "intermediate_size"),
                required(json, "num_hidden_layers"), heads, json.path("num_key_value_heads").asInt(heads),
                json.hasNonNull("head_dim") ? json.get("head_dim").asInt() : hidden / heads,
                json.path("max_position_embeddings").asInt(2048), json.path("rms_norm_eps").asDouble(1e-6),
                json.path("rope_theta").asDouble(10000.0), json.path("tie_word_embeddings").asBoolean(false),
                qwen || attentionBias, !qwen && attentionBias, optionalToken(json, "bos_token_id"), optionalToken(json, "eos_token_id"));
    }

    private static int required(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("field '" + field + "': expected a whole number, got " + (value == null ? "nothing" : value));
        }
        return value.asInt();
    }

    private static Integer optionalToken(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && value.isIntegralNumber() ? value.asInt() : null;
    }

    /** The config as Hugging Face tools read it. */
    public ObjectNode toJson() {
        ObjectNode json = HF_JSON.createObjectNode();
        json.putArray("architectures").add(architecture);
        json.put("model_type", QWEN2.equals(architecture) ? "qwen2" : "llama");
        json.put("vocab_size", vocabSize).put("hidden_size", hiddenSize).put("intermediate_size", intermediateSize)
                .put("num_hidden_layers", numHiddenLayers).put("num_attention_heads", numAttentionHeads)
                .put("num_key_value_heads", numKeyValueHeads).put("head_dim", headDim)
                .put("max_position_embeddings", maxPositionEmbeddings).put("rms_norm_eps", rmsNormEps).put("rope_theta", ropeTheta)
                .put("tie_word_embeddings", tieWordEmbeddings).put("hidden_act", "silu").put("torch_dtype", "float32");
        if (LLAMA.equals(architecture)) {
            json.put("attention_bias", qkvBias);
        }
        if (bosTokenId != null) {
            json.put("bos_token_id", bosTokenId);
        }
        if (eosTokenId != null) {
            json.put("eos_token_id", eosTokenId);
        }
        return json;
    }

    /** Serialised {@link #toJson()}, as written to config.json. */
    public String toJsonText() {
        try {
            return HF_JSON.writeValueAsString(toJson()) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For messages: "4 layers, d=256, 8 heads (2 kv), 3.2M parameters". */
    public String summary() {
        return numHiddenLayers + " layers, d=" + hiddenSize + ", " + numAttentionHeads + " heads (" + numKeyValueHeads + " kv), "
                + String.format("%.2fM parameters", parameterCount() / 1e6);
    }

    static List<String> architectures() {
        return List.of(LLAMA, QWEN2);
    }
}

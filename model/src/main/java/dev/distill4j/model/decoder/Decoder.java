package dev.distill4j.model.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import dev.distill4j.model.ModelConfig;
import dev.distill4j.model.Scalars;

/**
 * A Llama-architecture decoder (and its Qwen2 variant) on DJL's PyTorch engine, read top to bottom in the
 * order of the forward pass: embed → per layer [RMSNorm → attention (RoPE, grouped-query, causal) → residual →
 * RMSNorm → SwiGLU MLP → residual] → RMSNorm → output head.
 *
 * <p>Memory: the arrays a forward pass creates belong to the caller's {@code ai.djl.ndarray.NDScope}; call
 * {@link #forward} inside one per step (training step, decoding step) so native memory stays flat.
 */
public final class Decoder implements AutoCloseable {
    /** The fewest rows a matrix product runs with in batch-invariant mode (see {@link #linear}). */
    static final int MIN_PRODUCT_ROWS = 4;

    /** Added to the scores of masked positions: exp() of it underflows to exactly 0 in float32 and float64. */
    private static final double MASKED = -1e9;

    private final ModelConfig config;
    private final DecoderWeights weights;
    private final RotaryTable rotary;
    private final NDManager manager;
    private volatile int minProductRows = 1;

    public Decoder(DecoderWeights weights) {
        this.config = weights.config();
        this.weights = weights;
        this.manager = weights.manager().newSubManager();
        DataType dtype = weights.get("model.embed_tokens.weight").getDataType();
        this.rotary = new RotaryTable(config.maxPositionEmbeddings(), config.headDim(), config.ropeTheta(), manager, dtype);
    }

    public ModelConfig config() {
        return config;
    }

    public DecoderWeights weights() {
        return weights;
    }

    /**
     * Logits for every position of a batch.
     *
     * @param tokens    (batch, seq) int64 token ids
     * @param positions (batch, seq) int64 position of each token (0-based; a left-padded row starts later)
     * @param keyMask   (batch, cached + seq) boolean, true where a key is a real token (false for padding), or
     *                  null when every key is real
     * @param cache     keys/values of earlier positions, extended by this call; or null for no cache
     * @return (batch, seq, vocab) logits in the weights' dtype
     */
    public NDArray forward(NDArray tokens, NDArray positions, NDArray keyMask, AttentionCache cache) {
        long seq = tokens.getShape().get(1);
        NDArray x = weights.get("model.embed_tokens.weight").get(tokens); // (batch, seq, d)
        NDArray mask = attentionMask(seq, cache == null ? 0 : cache.length(), keyMask, x.getDataType(), tokens.getManager());
        for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
            String p = "model.layers." + layer + ".";
            NDArray attention = attention(rmsNorm(x, weights.get(p + "input_layernorm.weight")), positions, mask, cache, layer, p);
            x = x.add(attention);
            x = x.add(mlp(rmsNorm(x, weights.get(p + "post_attention_layernorm.weight")), p));
        }
        if (cache != null) {
            cache.advance((int) seq);
        }
        x = rmsNorm(x, weights.get("model.norm.weight"));
        NDArray head = config.tieWordEmbeddings() ? weights.get("model.embed_tokens.weight") : weights.get("lm_head.weight");
        return linear(x, head, null); // (batch, seq, d) x (vocab, d)^T
    }

    /** RMSNorm (Zhang and Sennrich 2019): x / sqrt(mean(x²) + eps) * weight, over the last axis. */
    NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray meanSquare = x.square().mean(new int[] {-1}, true);
        return x.mul(Scalars.pow(meanSquare.add(config.rmsNormEps()), -0.5)).mul(weight);
    }

    private NDArray attention(NDArray x, NDArray positions, NDArray mask, AttentionCache cache, int layer, String p) {
        long batch = x.getShape().get(0);
        long seq = x.getShape().get(1);
        int heads = config.numAttentionHeads();
        int kvHeads = config.numKeyValueHeads();
        int headDim = config.headDim();
        NDArray q = project(x, p + "self_attn.q_proj").reshape(batch, seq, heads, headDim).transpose(0, 2, 1, 3);     // (b, h, s, hd)
        NDArray k = project(x, p + "self_attn.k_proj").reshape(batch, seq, kvHeads, headDim).transpose(0, 2, 1, 3);   // (b, kvh, s, hd)
        NDArray v = project(x, p + "self_attn.v_proj").reshape(batch, seq, kvHeads, headDim).transpose(0, 2, 1, 3);
        q = rotary.apply(q, positions);
        k = rotary.apply(k, positions);
        if (cache != null) {
            NDArray[] all = cache.extend(layer, k, v);
            k = all[0];
            v = all[1];
        }
        // Grouped-query attention: query head h reads key/value head h / groups, as HF's repeat_kv does. The
        // groups' queries are folded into the sequence axis, (b, kvh, groups * s, hd), so every query of a group
        // reads the one shared key/value head in a single matmul: copying the keys and values once per query
        // head would move the whole KV cache through memory at every decoding step.
        // The 1/sqrt(hd) scale goes on the queries, (b, h, s, hd), not on the scores, (b, h, s, keys): one pass
        // over a small tensor instead of a large one.
        long keys = k.getShape().get(2);
        NDArray grouped = Scalars.mul(q, 1 / Math.sqrt(headDim)).reshape(batch, kvHeads, (long) config.queriesPerKeyValue() * seq, headDim);
        NDArray scores = grouped.matMul(k.transpose(0, 1, 3, 2))
                .reshape(batch, heads, seq, keys); // (b, kvh, g*s, hd) x (b, kvh, hd, keys) -> (b, h, s, keys)
        NDArray weightsOfKeys = scores.add(mask).softmax(-1).reshape(batch, kvHeads, (long) config.queriesPerKeyValue() * seq, keys);
        NDArray context = weightsOfKeys.matMul(v) // (b, kvh, g*s, keys) x (b, kvh, keys, hd)
                .reshape(batch, heads, seq, headDim).transpose(0, 2, 1, 3).reshape(batch, seq, (long) heads * headDim);
        return project(context, p + "self_attn.o_proj");
    }

    /** SwiGLU (Shazeer 2020): down(silu(gate(x)) * up(x)). */
    private NDArray mlp(NDArray x, String p) {
        // silu(g) = g * sigmoid(g), written out: DJL's swish multiplies by its beta as a Number (see Scalars).
        NDArray gateProjection = project(x, p + "mlp.gate_proj");
        NDArray gate = gateProjection.mul(Activation.sigmoid(gateProjection));
        return project(gate.mul(project(x, p + "mlp.up_proj")), p + "mlp.down_proj");
    }

    private NDArray project(NDArray x, String name) {
        NDArray weight = weights.get(name + ".weight");
        return linear(x, weight, weights.has(name + ".bias") ? weights.get(name + ".bias") : null);
    }

    /**
     * Batch-invariant mode: every matrix product runs with at least {@link #MIN_PRODUCT_ROWS} rows. MKL multiplies
     * one, two or three rows by other kernels than four or more, which round differently; from four rows on, a row's
     * result is the same whatever the other rows (measured up to 64). So a decoding step's logits for a row do not
     * depend on how many rows share the step. Off by default: it adds four ops to every small product, and in one pair of
     * `bench serve` runs one-client decoding of the shipped teacher ran at 190 tokens/s with it against 321 without
     * (runs here vary by about 15%, so the cost is not yet pinned down). The guard simulator turns it on for its
     * teacher. Set before decoding starts.
     */
    public Decoder batchInvariant(boolean on) {
        minProductRows = on ? MIN_PRODUCT_ROWS : 1;
        return this;
    }

    /** x W^T (+ b) over the last axis; padded to {@code minProductRows} rows in batch-invariant mode. */
    private NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        Shape shape = x.getShape();
        long features = shape.get(shape.dimension() - 1);
        long rows = shape.size() / features;
        int minRows = minProductRows;
        if (rows >= minRows) {
            return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).singletonOrThrow();
        }
        NDArray padded = x.reshape(rows, features).concat(x.getManager().zeros(new Shape(minRows - rows, features), x.getDataType()), 0);
        NDArray product = (bias == null ? Linear.linear(padded, weight) : Linear.linear(padded, weight, bias)).singletonOrThrow();
        long[] outShape = shape.getShape().clone(); // getShape() hands out the Shape's own array
        outShape[outShape.length - 1] = weight.getShape().get(0);
        return product.get(new NDIndex("0:{}", rows)).reshape(new Shape(outShape));
    }

    /**
     * Additive mask (batch, 1, seq, cached + seq): 0 where query i may read key j, a large negative number
     * where it may not. Query i sits at absolute index cached + i and reads keys up to and including itself
     * (causal), except keys the key mask marks as padding.
     */
    private static NDArray attentionMask(long seq, int cached, NDArray keyMask, DataType dtype, NDManager manager) {
        long keys = cached + seq;
        NDArray queryIndex = manager.arange(cached, (int) keys).reshape(seq, 1);
        NDArray keyIndex = manager.arange(0, (int) keys).reshape(1, keys);
        NDArray allowed = keyIndex.lte(queryIndex).expandDims(0).expandDims(0); // (1, 1, seq, keys)
        if (keyMask != null) {
            allowed = allowed.logicalAnd(keyMask.expandDims(1).expandDims(1)); // (batch, 1, seq, keys)
        }
        NDArray zeros = manager.zeros(allowed.getShape(), dtype);
        return ai.djl.ndarray.NDArrays.where(allowed, zeros, zeros.add(MASKED));
    }

    @Override
    public void close() {
        manager.close();
    }
}

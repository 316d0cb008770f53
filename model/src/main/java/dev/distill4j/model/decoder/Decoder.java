package dev.distill4j.model.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import dev.distill4j.model.ModelConfig;
import dev.distill4j.model.Scalars;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Llama-architecture decoder (and its Qwen2 variant) on DJL's PyTorch engine, read top to bottom in the
 * order of the forward pass: embed → per layer [RMSNorm → attention (RoPE, grouped-query, causal) → residual →
 * RMSNorm → SwiGLU MLP → residual] → RMSNorm → output head.
 *
 * <p>Memory: the arrays a forward pass creates belong to the caller's {@code ai.djl.ndarray.NDScope}; call
 * {@link #forward} inside one per step (training step, decoding step) so native memory stays flat.
 */
public final class Decoder implements AutoCloseable {
    /** In batch-invariant mode, a product of few rows is padded to a multiple of this many (see {@link #batchInvariant}). */
    static final int PRODUCT_ROW_BLOCK = 4;
    /** From this many rows on, a product is not padded: MKL's kernels and its split between threads keep each row's rounding. */
    static final int UNSPLIT_PRODUCT_ROWS = 12;

    /** Batch-invariant attention windows are a multiple of this many columns (see {@link #attendInOwnWindows}). */
    static final int ATTENTION_WINDOW_STEP = 64;

    /** Added to the scores of masked positions: exp() of it underflows to exactly 0 in float32 and float64. */
    private static final double MASKED = -1e9;

    private final ModelConfig config;
    private final DecoderWeights weights;
    private final RotaryTable rotary;
    private final NDManager manager;
    private volatile boolean batchInvariant;

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

    /**
     * RMSNorm (Zhang and Sennrich 2019): x * rsqrt(mean(x²) + eps) * weight, over the last axis. The reciprocal
     * square root is 1 / sqrt, as torch.rsqrt computes it on CPU: both operations are correctly rounded, so a row's
     * result does not depend on where it sits in the tensor. pow(-0.5) is not: PyTorch computes the elements past
     * the tensor's last full block of 32 by scalar code, which rounds unlike the vectorised code, so a row's norm
     * would depend on how many rows share the batch.
     */
    NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray meanSquare = x.square().mean(new int[] {-1}, true);
        NDArray inverseRms = Scalars.of(meanSquare, 1.0).div(meanSquare.add(config.rmsNormEps()).sqrt());
        return x.mul(inverseRms).mul(weight);
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
        NDArray grouped = Scalars.mul(q, 1 / Math.sqrt(headDim)).reshape(batch, kvHeads, (long) config.queriesPerKeyValue() * seq, headDim);
        NDArray context = batchInvariant && cache instanceof SlotKvCache slots
                ? attendInOwnWindows(grouped, slots, layer)
                : attend(grouped, k, v, mask);
        context = context.reshape(batch, heads, seq, headDim).transpose(0, 2, 1, 3).reshape(batch, seq, (long) heads * headDim);
        return project(context, p + "self_attn.o_proj");
    }

    /** Scaled dot-product attention of grouped queries (b, kvh, g*s, hd) over keys and values (b, kvh, keys, hd). */
    private static NDArray attend(NDArray grouped, NDArray k, NDArray v, NDArray mask) {
        Shape shape = grouped.getShape();
        long keys = k.getShape().get(2);
        long seq = mask.getShape().get(2);
        NDArray scores = grouped.matMul(k.transpose(0, 1, 3, 2)) // (b, kvh, g*s, hd) x (b, kvh, hd, keys)
                .reshape(shape.get(0), shape.get(2) / seq * shape.get(1), seq, keys); // (b, h, s, keys)
        NDArray weightsOfKeys = scores.add(mask).softmax(-1).reshape(shape.get(0), shape.get(1), shape.get(2), keys);
        return weightsOfKeys.matMul(v); // (b, kvh, g*s, keys) x (b, kvh, keys, hd)
    }

    /**
     * Batch-invariant attention of a decoding step over a slot cache: each row attends over a window of its own,
     * the last {@link #ATTENTION_WINDOW_STEP}-multiple of columns that holds its history, the columns before its first
     * key masked. The window's width and content depend on the row alone, so the row rounds as it does decoding alone.
     * Over the step's shared span instead, a row's scores, softmax and weighted sum would round by where its first key
     * falls in the span (MKL's and PyTorch's vectorised loops group columns by their offset, and treat a short span by
     * other code), so its logprobs would depend on the histories of the rows beside it. Rows whose windows have the same
     * width attend in one batched product, whose batch axis does not change a row's rounding.
     */
    private static NDArray attendInOwnWindows(NDArray grouped, SlotKvCache slots, int layer) {
        int rows = (int) grouped.getShape().get(0);
        NDManager manager = grouped.getManager();
        Map<Integer, List<Integer>> byWidth = new TreeMap<>();
        for (int row = 0; row < rows; row++) {
            int keys = slots.keysRead(row);
            int width = (keys + ATTENTION_WINDOW_STEP - 1) / ATTENTION_WINDOW_STEP * ATTENTION_WINDOW_STEP;
            byWidth.computeIfAbsent(width, w -> new ArrayList<>()).add(row);
        }
        NDList contexts = new NDList();
        long[] order = new long[rows];
        int placed = 0;
        for (Map.Entry<Integer, List<Integer>> group : byWidth.entrySet()) {
            int width = group.getKey();
            List<Integer> members = group.getValue();
            long[] memberRows = new long[members.size()];
            boolean[] allowed = new boolean[members.size() * width];
            for (int i = 0; i < members.size(); i++) {
                int row = members.get(i);
                memberRows[i] = row;
                order[row] = placed++;
                Arrays.fill(allowed, (i + 1) * width - slots.keysRead(row), (i + 1) * width, true);
            }
            NDArray index = manager.create(memberRows);
            NDArray[] window = slots.window(layer, index, width);
            NDArray mask = additiveMask(manager.create(allowed, new Shape(members.size(), 1, 1, width)), grouped.getDataType(), manager);
            contexts.add(attend(grouped.get(new NDIndex("{}", index)), window[0], window[1], mask));
        }
        NDArray context = contexts.size() == 1 ? contexts.singletonOrThrow() : NDArrays.concat(contexts, 0);
        return byWidth.size() == 1 ? context : context.get(new NDIndex("{}", manager.create(order)));
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
     * Batch-invariant mode: a row's logits, to the bit, do not depend on the rows that share its forward pass, so a
     * served request gets the same logprobs whatever else the server batched with it. Two things make it so:
     * <ul>
     *   <li>Matrix products of fewer than {@link #UNSPLIT_PRODUCT_ROWS} rows are padded to a multiple of
     *       {@link #PRODUCT_ROW_BLOCK} rows ({@link #productRows}). MKL multiplies one, two or three rows by other
     *       kernels than four, which round differently; and on two threads it splits 5-7 and 9-11 rows into blocks
     *       of fewer than four. Measured at the teacher's sizes on one and two threads for 1 to 600 rows: with the
     *       padding, every row's result is the same whatever the other rows.</li>
     *   <li>A decoding step over a {@link SlotKvCache} attends in each row's own window
     *       ({@link #attendInOwnWindows}).</li>
     * </ul>
     * Elementwise functions need nothing: RMSNorm uses only correctly rounded operations ({@link #rmsNorm}), and
     * SiLU's sigmoid runs over rows of {@code intermediate_size} values, a multiple of PyTorch's vector block of 32 in
     * the shipped models, so no row's values fall in the scalar tail.
     *
     * <p>Off by default, for its cost (see docs/guard.md: the padding adds ops to every small product, and the
     * windows copy each row's keys). The guard simulator turns it on for its teacher. Set before decoding starts.
     */
    public Decoder batchInvariant(boolean on) {
        batchInvariant = on;
        return this;
    }

    /** The rows a product of {@code rows} rows runs with in batch-invariant mode. */
    static long productRows(long rows) {
        return rows >= UNSPLIT_PRODUCT_ROWS ? rows : Math.max(1, (rows + PRODUCT_ROW_BLOCK - 1) / PRODUCT_ROW_BLOCK) * PRODUCT_ROW_BLOCK;
    }

    /** x W^T (+ b) over the last axis; padded to {@link #productRows} rows in batch-invariant mode. */
    private NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        Shape shape = x.getShape();
        long features = shape.get(shape.dimension() - 1);
        long rows = shape.size() / features;
        long runRows = batchInvariant ? productRows(rows) : rows;
        if (runRows == rows) {
            return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).singletonOrThrow();
        }
        NDArray padded = x.reshape(rows, features).concat(x.getManager().zeros(new Shape(runRows - rows, features), x.getDataType()), 0);
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
        return additiveMask(allowed, dtype, manager);
    }

    /** 0 where {@code allowed} is true, {@link #MASKED} where it is false. */
    private static NDArray additiveMask(NDArray allowed, DataType dtype, NDManager manager) {
        NDArray zeros = manager.zeros(allowed.getShape(), dtype);
        return NDArrays.where(allowed, zeros, zeros.add(MASKED));
    }

    @Override
    public void close() {
        manager.close();
    }
}

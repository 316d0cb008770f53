package dev.distill4j.model.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of the positions already processed, per layer, so each new token attends to them
 * without recomputing them: generation then costs one token's forward per step instead of the whole prefix.
 *
 * <p>Each layer's buffer is allocated once at its full capacity, (batch, kvHeads, capacity, headDim), and
 * every step writes its positions in place: appending by concatenation would copy the whole cache at every
 * step, which is quadratic in the generated length. The cache owns its arrays: they outlive the per-step
 * {@link NDScope} of the forward pass that fills them, and {@link #close()} frees them.
 */
public final class KvCache extends AttentionCache {
    private final NDArray[] keys;
    private final NDArray[] values;
    private final int capacity;
    private int length;

    /** A cache for up to {@code capacity} positions per row; buffers are allocated on the first forward pass. */
    public KvCache(int layers, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("KV cache capacity must be >= 1, got " + capacity);
        }
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
        this.capacity = capacity;
    }

    /** How many positions are cached. */
    @Override
    public int length() {
        return length;
    }

    public int capacity() {
        return capacity;
    }

    /** Writes a layer's new keys and values after the cached ones and returns views of all of them. */
    @Override
    NDArray[] extend(int layer, NDArray newKeys, NDArray newValues) {
        long seq = newKeys.getShape().get(2);
        if (length + seq > capacity) {
            throw new IllegalStateException("KV cache full: " + length + " cached + " + seq + " new > capacity " + capacity);
        }
        if (keys[layer] == null) {
            Shape shape = new Shape(newKeys.getShape().get(0), newKeys.getShape().get(1), capacity, newKeys.getShape().get(3));
            keys[layer] = newKeys.getManager().zeros(shape, newKeys.getDataType());
            values[layer] = newValues.getManager().zeros(shape, newValues.getDataType());
            NDScope.unregister(keys[layer], values[layer]);
        }
        NDIndex written = new NDIndex(":, :, {}:{}", length, length + seq);
        keys[layer].set(written, newKeys);
        values[layer].set(written, newValues);
        NDIndex filled = new NDIndex(":, :, :{}", length + seq);
        return new NDArray[] {keys[layer].get(filled), values[layer].get(filled)};
    }

    @Override
    void advance(int positions) {
        length += positions;
    }

    /** Row {@code row}'s keys and values of layer {@code layer} in columns [from, to): (kvHeads, to - from, headDim) views. */
    NDArray[] rowSpan(int layer, int row, int from, int to) {
        NDIndex span = new NDIndex("{}, :, {}:{}", row, from, to);
        return new NDArray[] {keys[layer].get(span), values[layer].get(span)};
    }

    /** Keeps only the rows of the given batch indices (finished sequences leave the batch). */
    public void select(NDArray rowIndices) {
        for (int layer = 0; layer < keys.length; layer++) {
            if (keys[layer] != null) {
                NDArray k = keys[layer].get(rowIndices);
                NDArray v = values[layer].get(rowIndices);
                NDScope.unregister(k, v);
                keys[layer].close();
                values[layer].close();
                keys[layer] = k;
                values[layer] = v;
            }
        }
    }

    @Override
    public void close() {
        for (int layer = 0; layer < keys.length; layer++) {
            if (keys[layer] != null) {
                keys[layer].close();
                values[layer].close();
                keys[layer] = null;
                values[layer] = null;
            }
        }
        length = 0;
    }
}

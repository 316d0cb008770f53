package dev.distill4j.model.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * Keys and values of the positions already processed, per layer, so each new token attends to them
 * without recomputing them: generation then costs one token's forward per step instead of the whole prefix.
 * Shapes: (batch, kvHeads, cachedLength, headDim). The cache owns its arrays: they outlive the per-step
 * {@link NDScope} of the forward pass that made them, and {@link #close()} frees them.
 */
public final class KvCache implements AutoCloseable {
    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;

    public KvCache(int layers) {
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** How many positions are cached. */
    public int length() {
        return length;
    }

    /** Appends a layer's new keys and values and returns all keys and values so far (cached + new). */
    NDArray[] extend(int layer, NDArray newKeys, NDArray newValues) {
        if (keys[layer] == null) {
            keys[layer] = newKeys.duplicate();
            values[layer] = newValues.duplicate();
        } else {
            NDArray oldKeys = keys[layer];
            NDArray oldValues = values[layer];
            keys[layer] = oldKeys.concat(newKeys, 2);
            values[layer] = oldValues.concat(newValues, 2);
            oldKeys.close();
            oldValues.close();
        }
        NDScope.unregister(keys[layer], values[layer]);
        return new NDArray[] {keys[layer], values[layer]};
    }

    /** Called once per forward pass, after every layer has been extended by {@code positions}. */
    void advance(int positions) {
        length += positions;
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

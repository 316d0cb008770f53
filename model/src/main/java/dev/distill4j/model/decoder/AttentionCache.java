package dev.distill4j.model.decoder;

import ai.djl.ndarray.NDArray;

/**
 * Where a forward pass keeps the keys and values of the positions it has processed, so the next pass attends to
 * them without recomputing them. Two kinds exist: {@link KvCache}, one length for every row of a batch that starts
 * and ends together, and {@link SlotKvCache}, for continuous batching, where rows join and leave between steps.
 *
 * <p>The methods are package-private: only the {@link Decoder} writes to a cache.
 */
public abstract sealed class AttentionCache implements AutoCloseable permits KvCache, SlotKvCache {
    AttentionCache() {}

    /**
     * How many cached key columns the next forward pass reads before its own: its queries sit at column
     * {@code length() + i} of the keys that {@link #extend} returns, which is what the causal mask is built from.
     */
    public abstract int length();

    /** Stores a layer's new keys and values, (batch, kvHeads, seq, headDim), and returns views of every key and value to attend to. */
    abstract NDArray[] extend(int layer, NDArray newKeys, NDArray newValues);

    /** Called once per forward pass, after every layer has been extended by {@code positions}. */
    abstract void advance(int positions);

    @Override
    public abstract void close();
}

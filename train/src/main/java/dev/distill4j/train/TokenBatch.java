package dev.distill4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A right-padded batch as tensors: inputs (batch, len-1), targets (batch, len-1), loss mask (batch, len-1) and
 * positions. Right padding needs no attention mask: under causal attention a real token never reads the
 * padding after it, and padded targets are masked out of the loss.
 */
public record TokenBatch(NDArray inputs, NDArray targets, NDArray mask, NDArray positions, long lossTokens, long tokens) {

    static TokenBatch of(List<SftExample> examples, NDManager manager, DataType dtype) {
        int rows = examples.size();
        int length = 0;
        for (SftExample example : examples) {
            length = Math.max(length, example.length());
        }
        int steps = length - 1;
        long[] inputs = new long[rows * steps];
        long[] targets = new long[rows * steps];
        float[] mask = new float[rows * steps];
        long lossTokens = 0;
        long tokens = 0;
        for (int r = 0; r < rows; r++) {
            SftExample example = examples.get(r);
            tokens += example.length();
            for (int t = 0; t < example.length() - 1; t++) {
                inputs[r * steps + t] = example.tokens()[t];
                targets[r * steps + t] = example.tokens()[t + 1];
                if (example.lossMask()[t + 1]) {
                    mask[r * steps + t] = 1f;
                    lossTokens++;
                }
            }
        }
        long[] positions = new long[rows * steps];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < steps; t++) {
                positions[r * steps + t] = t;
            }
        }
        Shape shape = new Shape(rows, steps);
        return new TokenBatch(manager.create(inputs, shape), manager.create(targets, shape), manager.create(mask, shape).toType(dtype, false),
                manager.create(positions, shape), lossTokens, tokens);
    }
}

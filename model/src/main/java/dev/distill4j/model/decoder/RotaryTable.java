package dev.distill4j.model.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embeddings (Su et al. 2021) in the Hugging Face Llama convention: frequency
 * {@code theta^(-2i/d)} for i in [0, d/2), laid out as two halves [f0..f(d/2-1), f0..f(d/2-1)], applied as
 * {@code x * cos + rotate_half(x) * sin} where rotate_half(x) = [-x2, x1]. Checkpoints trained by HF tools
 * use this layout, so it must match exactly.
 */
final class RotaryTable {
    private final NDArray cos; // (maxPositions, headDim)
    private final NDArray sin; // (maxPositions, headDim)
    private final int headDim;

    RotaryTable(int maxPositions, int headDim, double theta, NDManager manager, DataType dtype) {
        this.headDim = headDim;
        int half = headDim / 2;
        double[] cosValues = new double[maxPositions * headDim];
        double[] sinValues = new double[maxPositions * headDim];
        for (int position = 0; position < maxPositions; position++) {
            for (int i = 0; i < half; i++) {
                double angle = position * Math.pow(theta, -2.0 * i / headDim);
                int row = position * headDim;
                cosValues[row + i] = cosValues[row + i + half] = Math.cos(angle);
                sinValues[row + i] = sinValues[row + i + half] = Math.sin(angle);
            }
        }
        this.cos = manager.create(cosValues, new Shape(maxPositions, headDim)).toType(dtype, false);
        this.sin = manager.create(sinValues, new Shape(maxPositions, headDim)).toType(dtype, false);
        // The tables live as long as the decoder, whatever NDScope it was built in.
        ai.djl.ndarray.NDScope.unregister(cos, sin);
    }

    /** Rotates x (batch, heads, seq, headDim) by the angles of positions (batch, seq). */
    NDArray apply(NDArray x, NDArray positions) {
        NDArray c = cos.get(positions).expandDims(1); // (batch, 1, seq, headDim)
        NDArray s = sin.get(positions).expandDims(1);
        int half = headDim / 2;
        NDArray first = x.get("..., :{}", half);
        NDArray second = x.get("..., {}:", half);
        NDArray rotated = second.neg().concat(first, -1);
        return x.mul(c).add(rotated.mul(s));
    }
}

package dev.distill4j.train.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import dev.distill4j.model.Scalars;

/**
 * A (batch, len) 0/1 loss mask and the mean over the tokens it marks, shared by the per-token objectives. Values
 * outside the mask are replaced by 0 before they enter any arithmetic: padding may hold anything (an overflowing
 * ratio, a NaN), and 0 * NaN in the forward or backward pass would poison the whole step.
 */
final class TokenMask {
    private final NDArray inside; // (batch, len) boolean
    private final long count;

    private TokenMask(NDArray inside, long count) {
        this.inside = inside;
        this.count = count;
    }

    /** Checks that {@code mask} and every non-null per-token tensor share the shape of {@code logprobs}, (batch, len). */
    static TokenMask of(NDArray mask, NDArray logprobs, NDArray... perToken) {
        if (logprobs.getShape().dimension() != 2 || !mask.getShape().equals(logprobs.getShape())) {
            throw new IllegalArgumentException("logprobs and mask must share one (batch, len) shape, got " + logprobs.getShape()
                    + " and " + mask.getShape());
        }
        for (NDArray other : perToken) {
            if (other != null && !other.getShape().equals(logprobs.getShape())) {
                throw new IllegalArgumentException("every per-token tensor must be (batch, len) like the logprobs " + logprobs.getShape()
                        + ", got " + other.getShape());
            }
        }
        NDArray inside = mask.gt(0);
        long count = Math.round(scalar(mask.toType(DataType.FLOAT64, false).sum()));
        return new TokenMask(inside, count);
    }

    /** {@code values} where the mask is 1, 0 elsewhere; broadcasts (batch, 1) to (batch, len). */
    NDArray zeroOutside(NDArray values) {
        NDArray full = values.getShape().equals(inside.getShape()) ? values : values.broadcast(inside.getShape());
        return NDArrays.where(inside, full, full.zerosLike());
    }

    /** Sum of {@code values} over the masked tokens divided by their number (by 1 when there are none): a scalar. */
    NDArray mean(NDArray values) {
        return Scalars.div(zeroOutside(values).sum(), Math.max(count, 1));
    }

    long count() {
        return count;
    }

    static double scalar(NDArray value) {
        return value.toType(DataType.FLOAT64, false).getDouble();
    }
}

package dev.distill4j.model;

import ai.djl.ndarray.NDArray;

/**
 * Tensor-by-number arithmetic that is safe inside a recorded (autograd) graph. Use these, not DJL's
 * {@code mul(Number)}, {@code div(Number)}, {@code pow(Number)}, {@code maximum(Number)} or {@code minimum(Number)},
 * in any expression a gradient flows through.
 *
 * <p>Why: DJL's PyTorch engine makes the number a 0-dimensional tensor over a Java direct buffer, runs the op and
 * closes that tensor, which lets the garbage collector free the buffer. Those five ops' backward passes read the
 * saved number again, so a collection between forward and backward makes the gradient read freed memory: a wrong
 * gradient, now and then, which showed as trainings of one seed that differed from run to run (and, made to
 * happen, as a gradient of {@code x * 3} equal to whatever the freed bytes held next). Here the number lives in
 * PyTorch's own memory, which the graph keeps alive. {@code add(Number)}, {@code sub(Number)} and comparisons are
 * safe as they are: their backward passes never read the number.
 */
public final class Scalars {
    private Scalars() {}

    /** {@code value} as a 0-dimensional tensor of {@code like}'s type, in PyTorch's own memory. */
    public static NDArray of(NDArray like, double value) {
        try (NDArray javaBacked = like.getManager().create(value)) { // float64, over a Java buffer
            NDArray typed = javaBacked.toType(like.getDataType(), false); // a conversion is a new PyTorch tensor
            return typed == javaBacked ? javaBacked.duplicate() : typed;
        }
    }

    public static NDArray mul(NDArray x, double value) {
        return x.mul(of(x, value));
    }

    public static NDArray div(NDArray x, double value) {
        return x.div(of(x, value));
    }

    public static NDArray pow(NDArray x, double exponent) {
        return x.pow(of(x, exponent));
    }

    /** Elementwise max(x, value). */
    public static NDArray maximum(NDArray x, double value) {
        return x.maximum(of(x, value));
    }

    /** Elementwise min(x, value). */
    public static NDArray minimum(NDArray x, double value) {
        return x.minimum(of(x, value));
    }
}

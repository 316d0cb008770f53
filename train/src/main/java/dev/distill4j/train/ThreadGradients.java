package dev.distill4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Records the forward pass and runs the backward pass on the calling thread only. DJL's own gradient collector
 * allows one open collector per process (a static flag), which would serialise trainings that run side by side in
 * one JVM, as the study's students do. PyTorch's grad mode is per thread and its autograd engine runs disjoint
 * graphs from several threads at once, so this turns grad mode on for this thread, and back to what it was on close.
 */
final class ThreadGradients implements AutoCloseable {
    private final boolean before;

    private ThreadGradients() {
        before = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    static ThreadGradients open() {
        return new ThreadGradients();
    }

    /** Adds d(loss)/d(parameter) to the gradient of every parameter that requires one; {@code loss} is a scalar. */
    void backward(NDArray loss) {
        try (NDArray seed = loss.onesLike()) {
            JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
        }
    }

    @Override
    public void close() {
        JniUtils.setGradMode(before);
    }
}

package dev.distill4j.serve.guard;

import java.util.List;

/**
 * The fixed side of the guard's two-sample test: a sample of benign prompt embeddings and the kernel bandwidth,
 * with the reference's own kernel mean computed once.
 * <p>
 * That term of the unbiased MMD² is the costliest (r(r-1)/2 kernels for r reference points, against w·r for a
 * window of w) and the same for every window, so computing it once makes calibration with a thousand null windows,
 * and each later window, several times cheaper.
 */
public final class MmdReference {
    private final List<float[]> points;
    private final double bandwidth;
    private final int dimensions;
    private final double meanWithin;

    private MmdReference(List<float[]> points, double bandwidth) {
        MmdTest.requireBandwidth(bandwidth);
        this.dimensions = MmdTest.requireSample(points, "reference");
        this.points = points.stream().map(float[]::clone).toList();
        this.bandwidth = bandwidth;
        this.meanWithin = MmdTest.meanWithin(this.points, bandwidth);
    }

    /** A reference over copies of {@code points} (at least 2, one dimension) with a positive {@code bandwidth}. */
    public static MmdReference of(List<float[]> points, double bandwidth) {
        return new MmdReference(points, bandwidth);
    }

    /** The unbiased MMD² of {@code window} against this reference: {@link MmdTest#mmd2Unbiased} with x = window. */
    public double statistic(List<float[]> window) {
        MmdTest.requireSample(window, "window", dimensions);
        return MmdTest.meanWithin(window, bandwidth) + meanWithin - 2 * MmdTest.meanBetween(window, points, bandwidth);
    }

    /** Copies of the reference points. */
    public List<float[]> points() {
        return points.stream().map(float[]::clone).toList();
    }

    public int size() {
        return points.size();
    }

    public double bandwidth() {
        return bandwidth;
    }

    public int dimensions() {
        return dimensions;
    }
}

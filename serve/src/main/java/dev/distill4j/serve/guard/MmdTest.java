package dev.distill4j.serve.guard;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The kernel two-sample statistic of Gretton et al. 2012 ("A Kernel Two-Sample Test", JMLR 13), with a Gaussian
 * kernel {@code k(a, b) = exp(-|a - b|^2 / (2 bandwidth^2))}.
 * <p>
 * The squared maximum mean discrepancy between the distributions behind two samples is zero exactly when they are
 * the same distribution (the Gaussian kernel is characteristic), so a window of one key's prompts that lies far
 * from benign traffic gives a large value whatever the way in which it differs.
 */
public final class MmdTest {
    /**
     * At most this many pairs enter the median heuristic. The median of 20,000 distances is within about 1% of the
     * pool's median (its standard error shrinks as one over the square root of the pairs), which is more than a
     * bandwidth heuristic needs, and it bounds the cost on a large pool to 20,000 distances.
     */
    static final int MEDIAN_PAIRS = 20_000;

    /** Fixed, so that the same pool always gives the same bandwidth. */
    private static final long MEDIAN_SEED = 0x6d6d645f6d656469L;

    private MmdTest() {}

    /**
     * The unbiased estimate of squared MMD (Gretton et al. 2012, eq. 3):
     * <pre>
     * 1/(m(m-1)) sum_{i != j} k(x_i, x_j) + 1/(n(n-1)) sum_{i != j} k(y_i, y_j) - 2/(mn) sum_{i, j} k(x_i, y_j)
     * </pre>
     * Zero in expectation when x and y come from one distribution, so it can be slightly negative.
     */
    public static double mmd2Unbiased(List<float[]> x, List<float[]> y, double bandwidth) {
        requireBandwidth(bandwidth);
        int dimensions = requireSample(x, "x");
        requireSample(y, "y", dimensions);
        return meanWithin(x, bandwidth) + meanWithin(y, bandwidth) - 2 * meanBetween(x, y, bandwidth);
    }

    /**
     * The median Euclidean distance between two distinct points of {@code pooled}: the usual bandwidth for a
     * Gaussian kernel (Gretton et al. 2012, section 8), which puts typical distances where the kernel is most
     * sensitive. Over all pairs when there are at most {@link #MEDIAN_PAIRS}, else over that many pairs drawn with
     * a fixed seed. The median of an even number of distances is the mean of the two middle ones.
     */
    public static double medianHeuristic(List<float[]> pooled) {
        requireSample(pooled, "pooled");
        int n = pooled.size();
        long allPairs = (long) n * (n - 1) / 2;
        double[] distances;
        if (allPairs <= MEDIAN_PAIRS) {
            distances = new double[(int) allPairs];
            int k = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    distances[k++] = Math.sqrt(squaredDistance(pooled.get(i), pooled.get(j)));
                }
            }
        } else {
            SplittableRandom random = new SplittableRandom(MEDIAN_SEED);
            distances = new double[MEDIAN_PAIRS];
            for (int k = 0; k < MEDIAN_PAIRS; k++) {
                int i = random.nextInt(n);
                int j = random.nextInt(n - 1);
                if (j >= i) {
                    j++; // a uniform index among the n - 1 others
                }
                distances[k] = Math.sqrt(squaredDistance(pooled.get(i), pooled.get(j)));
            }
        }
        Arrays.sort(distances);
        int middle = distances.length / 2;
        double median = distances.length % 2 == 1 ? distances[middle] : (distances[middle - 1] + distances[middle]) / 2;
        if (!(median > 0)) {
            throw new IllegalArgumentException("pooled: the median distance between points is 0 (more than half the pairs are"
                    + " identical points), so it cannot serve as a kernel bandwidth; use more varied points");
        }
        return median;
    }

    /** Mean of k(x_i, x_j) over ordered pairs i != j; the kernel is symmetric, so each unordered pair is computed once. */
    static double meanWithin(List<float[]> x, double bandwidth) {
        int m = x.size();
        double sum = 0;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                sum += kernel(x.get(i), x.get(j), bandwidth);
            }
        }
        return 2 * sum / ((double) m * (m - 1));
    }

    /** Mean of k(x_i, y_j) over all pairs. */
    static double meanBetween(List<float[]> x, List<float[]> y, double bandwidth) {
        double sum = 0;
        for (float[] a : x) {
            for (float[] b : y) {
                sum += kernel(a, b, bandwidth);
            }
        }
        return sum / ((double) x.size() * y.size());
    }

    static double kernel(float[] a, float[] b, double bandwidth) {
        return Math.exp(-squaredDistance(a, b) / (2 * bandwidth * bandwidth));
    }

    private static double squaredDistance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    static void requireBandwidth(double bandwidth) {
        if (!(bandwidth > 0) || Double.isInfinite(bandwidth)) {
            throw new IllegalArgumentException("bandwidth must be a positive finite number, got " + bandwidth);
        }
    }

    /** Checks that {@code sample} has at least 2 points of one dimension, and returns that dimension. */
    static int requireSample(List<float[]> sample, String name) {
        if (sample == null || sample.isEmpty() || sample.get(0) == null) {
            throw new IllegalArgumentException(name + " must hold at least 2 points, got " + (sample == null ? "null" : "none"));
        }
        return requireSample(sample, name, sample.get(0).length);
    }

    /** Checks that {@code sample} has at least 2 points, each of {@code dimensions} numbers. */
    static int requireSample(List<float[]> sample, String name, int dimensions) {
        if (sample == null || sample.size() < 2) {
            // The unbiased within-sample mean divides by m(m-1): one point has no pair to compare.
            throw new IllegalArgumentException(name + " must hold at least 2 points, got " + (sample == null ? "null" : sample.size()));
        }
        for (int i = 0; i < sample.size(); i++) {
            float[] point = sample.get(i);
            if (point == null) {
                throw new IllegalArgumentException(name + "[" + i + "] is null");
            }
            if (point.length != dimensions) {
                throw new IllegalArgumentException(name + "[" + i + "] has " + point.length + " dimensions, expected " + dimensions);
            }
        }
        return dimensions;
    }
}

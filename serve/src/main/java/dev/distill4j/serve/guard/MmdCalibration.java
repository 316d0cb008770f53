package dev.distill4j.serve.guard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A window test calibrated on benign traffic: the MMD² of a key's recent prompt embeddings against a fixed benign
 * reference, compared with the same statistic on random benign windows (the null distribution).
 * <p>
 * The threshold is the {@code 1 - targetFpr} empirical quantile of the null statistics, so a benign window of the
 * same size, from the traffic the calibration saw, exceeds it with probability {@code targetFpr} up to sampling
 * error. That error is about {@code sqrt(targetFpr / nullDraws)}, hence at least {@link #MIN_TAIL_DRAWS} null
 * statistics must lie above the threshold ({@code nullDraws >= 5 / targetFpr}); {@code 20 / targetFpr} or more is
 * better. Benign traffic that drifts away from the pool raises the real rate: calibrate again on recent traffic.
 * <p>
 * {@link #score} is the empirical CDF of the null at the window's statistic (one minus a p-value); {@link #flags}
 * holds exactly when {@code score >= ceil((1 - targetFpr) * nullDraws) / nullDraws}, i.e. when the score is in the
 * top {@code targetFpr} of the null.
 *
 * @param reference      the benign reference sample and the kernel bandwidth (median heuristic on the reference)
 * @param windowSize     the number of prompts in a window; the null distribution holds for this size only
 * @param threshold      the {@code 1 - targetFpr} empirical quantile of {@code nullStatistics}
 * @param targetFpr      the false-positive rate aimed at on benign windows, in (0, 1)
 * @param nullStatistics MMD² of the benign null windows, sorted ascending
 */
public record MmdCalibration(MmdReference reference, int windowSize, double threshold, double targetFpr, double[] nullStatistics) {
    /** The benign points held out as the reference when {@link #fromBenign(List, int, double, int, long)} is not told. */
    public static final int DEFAULT_REFERENCE_SIZE = 200;

    /** The fewest null statistics that must lie above the threshold for its quantile to mean anything. */
    public static final int MIN_TAIL_DRAWS = 5;

    public MmdCalibration {
        if (reference == null) {
            throw new IllegalArgumentException("reference must not be null");
        }
        if (windowSize < 2) {
            throw new IllegalArgumentException("windowSize must be at least 2, got " + windowSize);
        }
        requireTargetFpr(targetFpr);
        if (nullStatistics == null || nullStatistics.length == 0) {
            throw new IllegalArgumentException("nullStatistics must hold at least one statistic");
        }
        nullStatistics = nullStatistics.clone();
        for (int i = 0; i < nullStatistics.length; i++) {
            if (!Double.isFinite(nullStatistics[i])) {
                throw new IllegalArgumentException("nullStatistics[" + i + "] must be finite, got " + nullStatistics[i]);
            }
            if (i > 0 && nullStatistics[i] < nullStatistics[i - 1]) {
                throw new IllegalArgumentException("nullStatistics must be sorted ascending; [" + i + "] = " + nullStatistics[i]
                        + " < [" + (i - 1) + "] = " + nullStatistics[i - 1]);
            }
        }
        // The threshold is derived, but kept as a component so it can be shown and stored; it must agree with the
        // statistics, or flags() and score() would disagree.
        double expected = quantile(nullStatistics, targetFpr);
        if (threshold != expected) {
            throw new IllegalArgumentException("threshold must be the (1 - targetFpr) quantile of nullStatistics, " + expected
                    + ", got " + threshold);
        }
    }

    /** {@link #fromBenign(List, int, int, double, int, long)} with a reference of {@link #DEFAULT_REFERENCE_SIZE}. */
    public static MmdCalibration fromBenign(List<float[]> benignPool, int windowSize, double targetFpr, int nullDraws, long seed) {
        return fromBenign(benignPool, DEFAULT_REFERENCE_SIZE, windowSize, targetFpr, nullDraws, seed);
    }

    /**
     * Splits {@code referenceSize} random points of {@code benignPool} off as the reference, fixes the bandwidth by
     * the median heuristic on them, and computes the statistic of {@code nullDraws} random windows of
     * {@code windowSize} points drawn from the rest (without replacement within a window; windows may share
     * points). The rest must hold at least 2 windows, but should hold many more: null windows drawn from a small
     * remainder share its particular deviation from benign traffic, which moves the threshold from calibration to
     * calibration (on the synthetic chat traffic of the tests, a remainder of ~30 windows gave false-positive rates
     * from 0.025 to 0.09 for a target of 0.05, one of ~120 windows from 0.015 to 0.07). The same pool and seed give
     * the same calibration.
     */
    public static MmdCalibration fromBenign(List<float[]> benignPool, int referenceSize, int windowSize, double targetFpr,
                                            int nullDraws, long seed) {
        MmdTest.requireSample(benignPool, "benignPool");
        if (referenceSize < 2) {
            throw new IllegalArgumentException("referenceSize must be at least 2, got " + referenceSize);
        }
        if (windowSize < 2) {
            throw new IllegalArgumentException("windowSize must be at least 2, got " + windowSize);
        }
        requireTargetFpr(targetFpr);
        int minDraws = (int) Math.ceil(MIN_TAIL_DRAWS / targetFpr - 1e-9);
        if (nullDraws < minDraws) {
            throw new IllegalArgumentException("nullDraws must be at least " + MIN_TAIL_DRAWS + " / targetFpr = " + minDraws
                    + " so that the threshold's quantile rests on " + MIN_TAIL_DRAWS + " or more null windows, got " + nullDraws);
        }
        int needed = referenceSize + 2 * windowSize;
        if (benignPool.size() < needed) {
            throw new IllegalArgumentException("benignPool must hold at least referenceSize + 2 * windowSize = " + needed
                    + " points (a reference and room for varied null windows), got " + benignPool.size());
        }

        Random random = new Random(seed);
        List<float[]> shuffled = new ArrayList<>(benignPool);
        Collections.shuffle(shuffled, random);
        List<float[]> referencePoints = shuffled.subList(0, referenceSize);
        List<float[]> rest = shuffled.subList(referenceSize, shuffled.size());

        MmdReference reference = MmdReference.of(referencePoints, MmdTest.medianHeuristic(referencePoints));
        double[] statistics = new double[nullDraws];
        for (int d = 0; d < nullDraws; d++) {
            statistics[d] = reference.statistic(randomWindow(rest, windowSize, random));
        }
        Arrays.sort(statistics);
        return new MmdCalibration(reference, windowSize, quantile(statistics, targetFpr), targetFpr, statistics);
    }

    /** MMD² of {@code window} (exactly {@link #windowSize} embeddings) against the reference. */
    public double statistic(List<float[]> window) {
        if (window == null || window.size() != windowSize) {
            throw new IllegalArgumentException("window must hold windowSize = " + windowSize + " embeddings (the null distribution"
                    + " holds for that size only), got " + (window == null ? "null" : window.size()));
        }
        return reference.statistic(window);
    }

    /** The fraction of null statistics strictly below the window's statistic, in [0, 1]: 1 minus its p-value. */
    public double score(List<float[]> window) {
        double statistic = statistic(window);
        int below = 0;
        int above = nullStatistics.length;
        while (below < above) { // lower bound: the first index whose statistic is >= the window's
            int middle = (below + above) >>> 1;
            if (nullStatistics[middle] < statistic) {
                below = middle + 1;
            } else {
                above = middle;
            }
        }
        return (double) below / nullStatistics.length;
    }

    /** Whether the window's statistic is above the threshold: benign windows do so with probability about targetFpr. */
    public boolean flags(List<float[]> window) {
        return statistic(window) > threshold;
    }

    /** The kernel bandwidth, fixed by the median heuristic on the reference. */
    public double bandwidth() {
        return reference.bandwidth();
    }

    /** A copy of the sorted null statistics. */
    @Override
    public double[] nullStatistics() {
        return nullStatistics.clone();
    }

    @Override
    public String toString() {
        return "MmdCalibration[reference=" + reference.size() + " points, bandwidth=" + bandwidth() + ", windowSize=" + windowSize
                + ", threshold=" + threshold + ", targetFpr=" + targetFpr + ", nullDraws=" + nullStatistics.length + "]";
    }

    /**
     * The {@code 1 - targetFpr} empirical quantile: the statistic at index {@code ceil((1 - targetFpr) n) - 1} of
     * the sorted n. Of n + 1 exchangeable benign statistics (the n null ones and a new window's), the new one is
     * above it with probability at most targetFpr.
     */
    static double quantile(double[] sorted, double targetFpr) {
        // The small slack keeps (1 - 0.05) * 1000 = 949.9999... from rounding up past 950.
        int rank = (int) Math.ceil((1 - targetFpr) * sorted.length - 1e-9);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }

    private static void requireTargetFpr(double targetFpr) {
        if (!(targetFpr > 0 && targetFpr < 1)) {
            throw new IllegalArgumentException("targetFpr must be in (0, 1), got " + targetFpr);
        }
    }

    /** {@code size} distinct points of {@code rest}, by a partial Fisher-Yates shuffle of their indices. */
    private static List<float[]> randomWindow(List<float[]> rest, int size, Random random) {
        int[] order = new int[rest.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        List<float[]> window = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(order.length - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
            window.add(rest.get(order[i]));
        }
        return window;
    }
}

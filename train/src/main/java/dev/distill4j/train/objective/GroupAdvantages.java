package dev.distill4j.train.objective;

import java.util.Arrays;
import java.util.Objects;

/**
 * Group-relative advantages (GRPO, Shao et al. 2024, "DeepSeekMath", section 4.1.2): each task is sampled
 * {@code groupSize} times and a sample's advantage is its reward minus the mean reward of its group, so the group
 * itself is the baseline and no value model is needed. GRPO divides by the group's standard deviation as well;
 * Liu et al. 2025 ("Understanding R1-Zero-Like Training", Dr. GRPO) show that this up-weights tasks that are nearly
 * always or nearly never solved, hence {@code scaleByStd} is a choice.
 *
 * @param advantages one per sample, in the order of the rewards; all exactly 0 in a zero-variance group
 * @param groupSize samples per group
 * @param zeroVarianceGroups groups whose rewards are all equal: they carry no signal, and a trainer counts them
 *     as skipped
 * @param meanReward mean of all rewards
 * @param passRate fraction of rewards above 0
 */
public record GroupAdvantages(double[] advantages, int groupSize, int zeroVarianceGroups, double meanReward, double passRate) {
    /** Keeps the division finite when the spread is tiny but not 0, as GRPO implementations do. */
    static final double STD_EPSILON = 1e-6;

    public GroupAdvantages {
        if (groupSize < 1 || advantages.length % groupSize != 0) {
            throw new IllegalArgumentException("advantages must be whole groups of groupSize " + groupSize + ", got " + advantages.length);
        }
        if (zeroVarianceGroups < 0 || zeroVarianceGroups > advantages.length / groupSize) {
            throw new IllegalArgumentException("zeroVarianceGroups must lie in [0, groups], got " + zeroVarianceGroups);
        }
        advantages = advantages.clone();
    }

    /**
     * @param rewards one per sample, the samples of one group next to each other
     * @param groupSize samples per group (the G of GRPO)
     * @param scaleByStd whether to divide by the group's population standard deviation + 1e-6
     */
    public static GroupAdvantages of(double[] rewards, int groupSize, boolean scaleByStd) {
        if (groupSize < 1) {
            throw new IllegalArgumentException("groupSize must be at least 1, got " + groupSize);
        }
        if (rewards.length == 0 || rewards.length % groupSize != 0) {
            throw new IllegalArgumentException("rewards must be whole groups: " + rewards.length
                    + " rewards is not a positive multiple of groupSize " + groupSize);
        }
        double[] advantages = new double[rewards.length];
        int zeroVariance = 0;
        double total = 0;
        int passed = 0;
        for (int start = 0; start < rewards.length; start += groupSize) {
            double sum = 0;
            boolean allEqual = true;
            for (int i = start; i < start + groupSize; i++) {
                if (!Double.isFinite(rewards[i])) {
                    throw new IllegalArgumentException("reward " + i + " is not a finite number: " + rewards[i]);
                }
                sum += rewards[i];
                allEqual &= rewards[i] == rewards[start];
                passed += rewards[i] > 0 ? 1 : 0;
            }
            total += sum;
            if (allEqual) {
                zeroVariance++; // advantages stay exactly 0, not a rounding error of the mean
                continue;
            }
            double mean = sum / groupSize;
            double squares = 0;
            for (int i = start; i < start + groupSize; i++) {
                squares += (rewards[i] - mean) * (rewards[i] - mean);
            }
            double scale = scaleByStd ? Math.sqrt(squares / groupSize) + STD_EPSILON : 1;
            for (int i = start; i < start + groupSize; i++) {
                advantages[i] = (rewards[i] - mean) / scale;
            }
        }
        return new GroupAdvantages(advantages, groupSize, zeroVariance, total / rewards.length, (double) passed / rewards.length);
    }

    @Override
    public double[] advantages() {
        return advantages.clone();
    }

    /** Number of groups. */
    public int groups() {
        return advantages.length / groupSize;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GroupAdvantages that && Arrays.equals(advantages, that.advantages) && groupSize == that.groupSize
                && zeroVarianceGroups == that.zeroVarianceGroups && Double.compare(meanReward, that.meanReward) == 0
                && Double.compare(passRate, that.passRate) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(advantages) + Objects.hash(groupSize, zeroVarianceGroups, meanReward, passRate);
    }

    @Override
    public String toString() {
        return "GroupAdvantages[advantages=" + Arrays.toString(advantages) + ", groupSize=" + groupSize + ", zeroVarianceGroups="
                + zeroVarianceGroups + ", meanReward=" + meanReward + ", passRate=" + passRate + "]";
    }
}

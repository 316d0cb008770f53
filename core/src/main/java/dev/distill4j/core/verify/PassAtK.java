package dev.distill4j.core.verify;

/**
 * The unbiased pass@k estimator of Chen et al. 2021 ("Evaluating Large Language Models Trained on Code"): given n
 * samples of a task of which c pass, the chance that at least one of k samples drawn from them without replacement
 * passes, {@code 1 - C(n-c, k) / C(n, k)}. Drawing k of n is better than sampling k fresh answers only once n > k:
 * the estimate uses every sample rather than the first k.
 */
public final class PassAtK {
    private PassAtK() {}

    /**
     * @param n samples of the task
     * @param c of those, the ones that pass
     * @param k samples drawn, at most n
     */
    public static double estimate(int n, int c, int k) {
        if (n < 1 || c < 0 || c > n || k < 1 || k > n) {
            throw new IllegalArgumentException("pass@k needs 1 <= k <= n and 0 <= c <= n, got n=" + n + ", c=" + c + ", k=" + k);
        }
        if (n - c < k) {
            return 1.0; // every draw of k holds a passing sample
        }
        // C(n-c, k) / C(n, k) = prod_{i=n-c+1}^{n} (1 - k / i): a product of numbers in (0, 1], where the binomials
        // themselves overflow a double at n in the low thousands.
        double allFail = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            allFail *= 1.0 - (double) k / i;
        }
        return 1.0 - allFail;
    }
}

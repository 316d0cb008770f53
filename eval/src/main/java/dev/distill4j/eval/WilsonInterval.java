package dev.distill4j.eval;

/**
 * The Wilson score interval for a binomial proportion (Wilson 1927): unlike the normal approximation it stays
 * inside [0, 1] and behaves at 0 and n successes, which is where a good model's accuracy lives.
 */
public record WilsonInterval(double low, double high) {
    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    public static WilsonInterval of(long successes, long trials, double z) {
        if (trials <= 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("expected 0 <= successes <= trials and trials > 0, got " + successes + " of " + trials);
        }
        double p = (double) successes / trials;
        double z2 = z * z;
        double centre = (p + z2 / (2.0 * trials)) / (1 + z2 / trials);
        double half = z / (1 + z2 / trials) * Math.sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials));
        // At 0 or n successes the bound is exactly 0 or 1; the formula's rounding would leave 1e-18 there.
        double low = successes == 0 ? 0 : Math.max(0, centre - half);
        double high = successes == trials ? 1 : Math.min(1, centre + half);
        return new WilsonInterval(low, high);
    }

    public static WilsonInterval of95(long successes, long trials) {
        return of(successes, trials, Z95);
    }
}

package dev.distill4j.serve.guard;

import java.util.Arrays;

/**
 * The Shapiro-Wilk test of normality, by Royston's algorithm AS R94 (Royston 1995, "Remark AS R94: A Remark on
 * Algorithm AS 181: The W-test for Normality", Applied Statistics 44(4)), the algorithm R's {@code shapiro.test} and
 * SciPy's {@code shapiro} use: coefficients from polynomial approximations, the p-value from a normalising
 * transformation of W. Valid for 3 to 5,000 observations.
 */
public final class ShapiroWilk {
    /** W and its p-value (small: the sample is unlikely to come from a normal distribution). */
    public record Result(double w, double pValue) {}

    private static final double[] C1 = {0.0, 0.221157, -0.147981, -2.071190, 4.434685, -2.706056};
    private static final double[] C2 = {0.0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633};
    private static final double[] C3 = {0.5440, -0.39978, 0.025054, -6.714e-4};
    private static final double[] C4 = {1.3822, -0.77857, 0.062767, -0.0020322};
    private static final double[] C5 = {-1.5861, -0.31082, -0.083751, 0.0038915};
    private static final double[] C6 = {-0.4803, -0.082676, 0.0030302};
    private static final double[] G = {-2.273, 0.459};

    private ShapiroWilk() {}

    public static Result test(double[] sample) {
        int n = sample.length;
        if (n < 3 || n > 5000) {
            throw new IllegalArgumentException("the Shapiro-Wilk test needs 3 to 5,000 observations, got " + n);
        }
        double[] x = sample.clone();
        Arrays.sort(x);
        if (x[n - 1] - x[0] < 1e-19) {
            throw new IllegalArgumentException("the Shapiro-Wilk test needs observations that are not all equal");
        }
        int half = n / 2;
        double[] a = new double[half];
        if (n == 3) {
            a[0] = Math.sqrt(0.5);
        } else {
            double[] m = new double[half];
            double summ2 = 0;
            for (int i = 0; i < half; i++) {
                m[i] = inverseNormal((i + 1 - 0.375) / (n + 0.25));
                summ2 += m[i] * m[i];
            }
            summ2 *= 2;
            double ssumm2 = Math.sqrt(summ2);
            double rsn = 1 / Math.sqrt(n);
            double a1 = poly(C1, rsn) - m[0] / ssumm2;
            int first;
            double fac;
            if (n > 5) {
                first = 2;
                double a2 = -m[1] / ssumm2 + poly(C2, rsn);
                fac = Math.sqrt((summ2 - 2 * m[0] * m[0] - 2 * m[1] * m[1]) / (1 - 2 * a1 * a1 - 2 * a2 * a2));
                a[1] = a2;
            } else {
                first = 1;
                fac = Math.sqrt((summ2 - 2 * m[0] * m[0]) / (1 - 2 * a1 * a1));
            }
            a[0] = a1;
            for (int i = first; i < half; i++) {
                a[i] = -m[i] / fac;
            }
        }
        double mean = Arrays.stream(x).average().orElseThrow();
        double squares = 0;
        for (double value : x) {
            squares += (value - mean) * (value - mean);
        }
        double numerator = 0;
        for (int i = 0; i < half; i++) {
            numerator += a[i] * (x[n - 1 - i] - x[i]);
        }
        double w = Math.min(1.0, numerator * numerator / squares);
        return new Result(w, pValue(w, n));
    }

    private static double pValue(double w, int n) {
        if (n == 3) {
            double p = 6 / Math.PI * (Math.asin(Math.sqrt(w)) - Math.PI / 3);
            return Math.max(0, Math.min(1, p));
        }
        double w1 = Math.log(1 - w);
        double y;
        double m;
        double s;
        if (n <= 11) {
            double gamma = poly(G, n);
            if (w1 >= gamma) {
                return 1e-99;
            }
            y = -Math.log(gamma - w1);
            m = poly(C3, n);
            s = Math.exp(poly(C4, n));
        } else {
            double logN = Math.log(n);
            y = w1;
            m = poly(C5, logN);
            s = Math.exp(poly(C6, logN));
        }
        return upperNormalTail((y - m) / s);
    }

    /** c[0] + c[1] x + c[2] x^2 + ... */
    private static double poly(double[] c, double x) {
        double value = 0;
        for (int i = c.length - 1; i >= 0; i--) {
            value = value * x + c[i];
        }
        return value;
    }

    /** P(Z > z) for a standard normal Z, from the complementary error function. */
    static double upperNormalTail(double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    /**
     * erfc by the Chebyshev fit of Numerical Recipes (3rd ed., section 6.2, {@code erfccheb}'s predecessor
     * {@code erfcc}): fractional error below 1.2e-7 everywhere, ample for a p-value.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807
                + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /**
     * The standard normal quantile by Acklam's rational approximation (relative error below 1.15e-9), refined by one
     * Halley step.
     */
    static double inverseNormal(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("a probability strictly between 0 and 1 is needed, got " + p);
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01,
            2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00,
            2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        double x;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        } else if (p <= 1 - low) {
            double q = p - 0.5;
            double r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                    / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        } else {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        return x;
    }
}

package dev.distill4j.eval.fit;

import dev.distill4j.eval.report.StudyReport;
import dev.distill4j.eval.report.StudyReport.PowerLaw;
import java.util.List;

/**
 * Fits the saturating power law acc(n) = ceiling - scale * n^(-exponent) to accuracy against training examples, the
 * shape sample-efficiency curves take (Hestness et al. 2017, "Deep learning scaling is predictable, empirically"):
 * a power-law approach to a ceiling that data alone does not pass.
 *
 * <p>Weighted least squares on accuracy, with ceiling in [0, 1], scale >= 0 and exponent > 0. The bounds are kept
 * by fitting a logit of the ceiling and logs of scale and exponent; the starts come from variable projection: for
 * a grid of exponents the law is linear in (ceiling, scale), so a 2x2 solve gives each start's other two values.
 * The constant law (scale 0, the weighted mean) is always a candidate, which is the honest answer for a curve
 * that does not rise.
 */
public final class PowerLawFit {
    private PowerLawFit() {}

    /**
     * One measured point.
     *
     * @param examples training examples, > 0
     * @param accuracy in [0, 1]
     * @param weight   how much the point counts in the least squares, > 0 (e.g. the seeds averaged into it)
     */
    public record Observation(double examples, double accuracy, double weight) {
        public Observation {
            if (!(examples > 0) || !Double.isFinite(examples)) {
                throw new IllegalArgumentException("examples must be a finite number > 0, got " + examples);
            }
            if (!(accuracy >= 0 && accuracy <= 1)) {
                throw new IllegalArgumentException("accuracy must be in [0, 1], got " + accuracy);
            }
            if (!(weight > 0) || !Double.isFinite(weight)) {
                throw new IllegalArgumentException("weight must be a finite number > 0, got " + weight);
            }
        }

        public Observation(double examples, double accuracy) {
            this(examples, accuracy, 1);
        }

        /** A curve's point, weighted by its seeds: a mean over more seeds has a smaller variance. */
        public static Observation of(StudyReport.Point point) {
            return new Observation(point.examples(), point.meanAccuracy(), Math.max(1, point.seeds()));
        }
    }

    /**
     * The fitted law, or why there is none: exactly one of the two is non-null.
     *
     * @param law    the fit; its {@code rmse} is the weighted root mean square residual, in accuracy
     * @param reason why no law was fitted
     */
    public record Result(PowerLaw law, String reason) {
        public Result {
            if ((law == null) == (reason == null)) {
                throw new IllegalArgumentException("a result has a law or a reason, not both or neither");
            }
        }
    }

    /** Exponents tried as starts: from a very slow approach (0.05) to a fast one (3). */
    private static final double[] START_EXPONENTS = {0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0};
    /** Keeps starts strictly inside the bounds, where the logit and the log are finite. */
    private static final double INSIDE = 1e-6;

    /**
     * Fits the law. No law when fewer than 3 distinct sizes were measured (three parameters need three) or when
     * every accuracy is 0 (no signal). Flat data get the constant law: ceiling = the accuracy, scale 0, and
     * exponent 1 by convention (with scale 0 the exponent does not matter).
     */
    public static Result fit(List<Observation> observations) {
        long distinctSizes = observations.stream().mapToDouble(Observation::examples).distinct().count();
        if (distinctSizes < 3) {
            return new Result(null, "a power law has 3 parameters and needs at least 3 distinct subset sizes, got " + distinctSizes);
        }
        if (observations.stream().allMatch(o -> o.accuracy() == 0)) {
            return new Result(null, "every accuracy is 0: there is no signal to fit");
        }
        double first = observations.get(0).accuracy();
        if (observations.stream().allMatch(o -> o.accuracy() == first)) {
            return new Result(new PowerLaw(first, 0, 1, 0), null);
        }
        int m = observations.size();
        double[] n = new double[m];
        double[] y = new double[m];
        double[] sqrtWeight = new double[m];
        double totalWeight = 0;
        double weightedMean = 0;
        for (int i = 0; i < m; i++) {
            Observation o = observations.get(i);
            n[i] = o.examples();
            y[i] = o.accuracy();
            sqrtWeight[i] = Math.sqrt(o.weight());
            totalWeight += o.weight();
            weightedMean += o.weight() * o.accuracy();
        }
        weightedMean /= totalWeight;
        PowerLaw best = new PowerLaw(weightedMean, 0, 1, 0);
        double bestCost = cost(best, n, y, sqrtWeight);
        LevenbergMarquardt.Residuals residuals = (p, out) -> {
            PowerLaw law = decode(p);
            for (int i = 0; i < m; i++) {
                out[i] = sqrtWeight[i] * (predict(law, n[i]) - y[i]);
            }
        };
        for (double exponent : START_EXPONENTS) {
            double[] start = projectedStart(exponent, n, y, sqrtWeight);
            LevenbergMarquardt.Result run = LevenbergMarquardt.minimise(residuals, m, start, LevenbergMarquardt.Options.defaults());
            PowerLaw law = decode(run.parameters());
            double c = cost(law, n, y, sqrtWeight);
            if (c < bestCost) {
                best = law;
                bestCost = c;
            }
        }
        return new Result(withRmse(best, n, y, sqrtWeight, totalWeight), null);
    }

    /**
     * Examples the law needs to reach {@code targetAccuracy}: n = (scale / (ceiling - target))^(1 / exponent), at
     * least 1 (a target met by the first example is reached at 1). Null when the target is at or above the ceiling:
     * the law never reaches it.
     */
    public static Double examplesToReach(PowerLaw law, double targetAccuracy) {
        if (!Double.isFinite(targetAccuracy)) {
            throw new IllegalArgumentException("target accuracy must be finite, got " + targetAccuracy);
        }
        if (targetAccuracy >= law.ceiling()) {
            return null;
        }
        if (law.scale() == 0) {
            return 1.0;
        }
        double n = Math.pow(law.scale() / (law.ceiling() - targetAccuracy), 1 / law.exponent());
        return Math.max(1, n);
    }

    /** acc(n) under the law. */
    public static double predict(PowerLaw law, double examples) {
        return law.ceiling() - law.scale() * Math.pow(examples, -law.exponent());
    }

    /** The start for one exponent: (ceiling, scale) by weighted linear least squares, pushed inside the bounds. */
    private static double[] projectedStart(double exponent, double[] n, double[] y, double[] sqrtWeight) {
        // y ≈ c - s x with x = n^-k: the normal equations of a weighted straight line in x.
        double sw = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n.length; i++) {
            double w = sqrtWeight[i] * sqrtWeight[i];
            double x = Math.pow(n[i], -exponent);
            sw += w;
            sx += w * x;
            sy += w * y[i];
            sxx += w * x * x;
            sxy += w * x * y[i];
        }
        double det = sw * sxx - sx * sx;
        double slope = det > 0 ? (sw * sxy - sx * sy) / det : 0;
        double intercept = (sy - slope * sx) / sw;
        double ceiling = Math.min(1 - INSIDE, Math.max(INSIDE, intercept));
        double scale = Math.max(INSIDE, -slope);
        return new double[] {Math.log(ceiling / (1 - ceiling)), Math.log(scale), Math.log(exponent)};
    }

    /** From the unbounded search space: logit(ceiling), log(scale), log(exponent). */
    private static PowerLaw decode(double[] p) {
        double ceiling = 1 / (1 + Math.exp(-p[0]));
        return new PowerLaw(ceiling, Math.exp(p[1]), Math.exp(p[2]), Double.NaN);
    }

    private static double cost(PowerLaw law, double[] n, double[] y, double[] sqrtWeight) {
        double sum = 0;
        for (int i = 0; i < n.length; i++) {
            double r = sqrtWeight[i] * (predict(law, n[i]) - y[i]);
            sum += r * r;
        }
        return Double.isFinite(sum) ? sum : Double.POSITIVE_INFINITY;
    }

    private static PowerLaw withRmse(PowerLaw law, double[] n, double[] y, double[] sqrtWeight, double totalWeight) {
        return new PowerLaw(law.ceiling(), law.scale(), law.exponent(), Math.sqrt(cost(law, n, y, sqrtWeight) / totalWeight));
    }
}

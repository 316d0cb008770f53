package dev.distill4j.eval.fit;

import java.util.Arrays;

/**
 * A small Levenberg–Marquardt least-squares solver for a handful of parameters: minimises the sum of squared
 * residuals r_i(p) from one start. The fits here have three to five parameters and a few dozen points, so the normal
 * equations are solved directly (Cholesky), and a central-difference Jacobian is accurate enough; no library needed.
 *
 * <p>Damping follows Marquardt (1963): the step solves (JᵀJ + λ·diag(JᵀJ)) δ = -Jᵀr, so each parameter is damped
 * on its own scale, and λ shrinks after a step that lowers the cost and grows after one that does not (Nielsen's
 * update, which avoids the oscillation of a plain ×10 / ÷10 rule). Bounds are the caller's business: it passes
 * transformed parameters (logs, logits) so that every real vector is a valid model.
 */
public final class LevenbergMarquardt {
    private LevenbergMarquardt() {}

    /** The residuals of a model at parameters {@code p}, written into {@code out} (one per observation). */
    @FunctionalInterface
    public interface Residuals {
        void evaluate(double[] p, double[] out);
    }

    /**
     * How long to search.
     *
     * @param maxIterations   accepted or rejected steps before giving up
     * @param relativeTolerance stop when a step changes the cost or every parameter by less than this, relatively
     * @param gradientTolerance stop when the largest gradient component is below this
     */
    public record Options(int maxIterations, double relativeTolerance, double gradientTolerance) {
        public Options {
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
            }
            if (!(relativeTolerance > 0) || !(gradientTolerance > 0)) {
                throw new IllegalArgumentException("tolerances must be > 0, got " + relativeTolerance + " and " + gradientTolerance);
            }
        }

        public static Options defaults() {
            return new Options(500, 1e-14, 1e-15);
        }
    }

    /**
     * Where a search ended.
     *
     * @param parameters the best parameters found
     * @param cost       half the sum of squared residuals there
     * @param converged  whether a tolerance stopped it, rather than the iteration limit
     */
    public record Result(double[] parameters, double cost, int iterations, boolean converged) {}

    public static Result minimise(Residuals residuals, int observations, double[] start, Options options) {
        int n = start.length;
        double[] p = start.clone();
        double[] r = new double[observations];
        residuals.evaluate(p, r);
        double cost = halfSquaredNorm(r);
        if (!Double.isFinite(cost)) {
            return new Result(p, Double.POSITIVE_INFINITY, 0, false);
        }
        double[][] jacobian = new double[observations][n];
        double[] trial = new double[n];
        double[] trialResiduals = new double[observations];
        double lambda = 1e-3;
        double growth = 2;
        boolean fresh = true;
        double[][] normal = new double[n][n];
        double[] gradient = new double[n];
        for (int iteration = 1; iteration <= options.maxIterations(); iteration++) {
            if (fresh) {
                jacobian(residuals, p, r, jacobian);
                normalEquations(jacobian, r, normal, gradient);
                if (maxAbs(gradient) < options.gradientTolerance()) {
                    return new Result(p, cost, iteration, true);
                }
            }
            double[] step = dampedStep(normal, gradient, lambda);
            if (step == null) {
                lambda *= growth;
                growth *= 2;
                fresh = false;
                continue;
            }
            for (int j = 0; j < n; j++) {
                trial[j] = p[j] + step[j];
            }
            residuals.evaluate(trial, trialResiduals);
            double trialCost = halfSquaredNorm(trialResiduals);
            // Gain ratio: the actual decrease against the decrease the local quadratic model promised.
            double predicted = 0;
            for (int j = 0; j < n; j++) {
                predicted += 0.5 * step[j] * (lambda * damping(normal, j) * step[j] - gradient[j]);
            }
            double gain = predicted > 0 ? (cost - trialCost) / predicted : -1;
            if (Double.isFinite(trialCost) && trialCost < cost && gain > 0) {
                boolean smallStep = true;
                for (int j = 0; j < n; j++) {
                    smallStep &= Math.abs(step[j]) <= options.relativeTolerance() * (Math.abs(p[j]) + options.relativeTolerance());
                }
                double decrease = cost - trialCost;
                System.arraycopy(trial, 0, p, 0, n);
                System.arraycopy(trialResiduals, 0, r, 0, observations);
                cost = trialCost;
                lambda *= Math.max(1.0 / 3, 1 - Math.pow(2 * gain - 1, 3));
                growth = 2;
                fresh = true;
                if (smallStep || decrease <= options.relativeTolerance() * cost || cost == 0) {
                    return new Result(p, cost, iteration, true);
                }
            } else {
                lambda *= growth;
                growth *= 2;
                fresh = false;
                if (lambda > 1e30) {
                    // No step in any direction lowers the cost any more: a minimum to machine precision.
                    return new Result(p, cost, iteration, true);
                }
            }
        }
        return new Result(p, cost, options.maxIterations(), false);
    }

    static double halfSquaredNorm(double[] r) {
        double sum = 0;
        for (double v : r) {
            sum += v * v;
        }
        return 0.5 * sum;
    }

    /** Central differences, with a step relative to each parameter's size so logs and exponents are treated alike. */
    private static void jacobian(Residuals residuals, double[] p, double[] r, double[][] out) {
        int n = p.length;
        double[] shifted = p.clone();
        double[] plus = new double[r.length];
        double[] minus = new double[r.length];
        for (int j = 0; j < n; j++) {
            double h = 1e-6 * Math.max(1, Math.abs(p[j]));
            shifted[j] = p[j] + h;
            residuals.evaluate(shifted, plus);
            shifted[j] = p[j] - h;
            residuals.evaluate(shifted, minus);
            shifted[j] = p[j];
            for (int i = 0; i < r.length; i++) {
                double slope = (plus[i] - minus[i]) / (2 * h);
                out[i][j] = Double.isFinite(slope) ? slope : 0;
            }
        }
    }

    /** JᵀJ and the gradient Jᵀr of half the squared norm. */
    private static void normalEquations(double[][] jacobian, double[] r, double[][] normal, double[] gradient) {
        int n = gradient.length;
        for (double[] row : normal) {
            Arrays.fill(row, 0);
        }
        Arrays.fill(gradient, 0);
        for (int i = 0; i < r.length; i++) {
            double[] row = jacobian[i];
            for (int j = 0; j < n; j++) {
                gradient[j] += row[j] * r[i];
                for (int k = 0; k <= j; k++) {
                    normal[j][k] += row[j] * row[k];
                }
            }
        }
        for (int j = 0; j < n; j++) {
            for (int k = j + 1; k < n; k++) {
                normal[j][k] = normal[k][j];
            }
        }
    }

    /** Solves (JᵀJ + λ·diag(JᵀJ)) δ = -g by Cholesky; null when the damped matrix is not positive definite. */
    private static double[] dampedStep(double[][] normal, double[] gradient, double lambda) {
        int n = gradient.length;
        double[][] m = new double[n][n];
        for (int j = 0; j < n; j++) {
            m[j] = normal[j].clone();
            m[j][j] += lambda * damping(normal, j);
        }
        for (int j = 0; j < n; j++) {
            for (int k = 0; k <= j; k++) {
                double sum = m[j][k];
                for (int q = 0; q < k; q++) {
                    sum -= m[j][q] * m[k][q];
                }
                if (j == k) {
                    if (!(sum > 0)) {
                        return null;
                    }
                    m[j][j] = Math.sqrt(sum);
                } else {
                    m[j][k] = sum / m[k][k];
                }
            }
        }
        double[] y = new double[n];
        for (int j = 0; j < n; j++) {
            double sum = -gradient[j];
            for (int q = 0; q < j; q++) {
                sum -= m[j][q] * y[q];
            }
            y[j] = sum / m[j][j];
        }
        double[] x = new double[n];
        for (int j = n - 1; j >= 0; j--) {
            double sum = y[j];
            for (int q = j + 1; q < n; q++) {
                sum -= m[q][j] * x[q];
            }
            x[j] = sum / m[j][j];
        }
        return x;
    }

    /** Marquardt's scale for parameter j; the floor keeps a parameter the residuals do not (yet) depend on from making it singular. */
    private static double damping(double[][] normal, int j) {
        return Math.max(normal[j][j], 1e-12);
    }

    private static double maxAbs(double[] v) {
        double max = 0;
        for (double x : v) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }
}

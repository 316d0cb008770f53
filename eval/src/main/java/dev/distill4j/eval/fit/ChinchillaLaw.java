package dev.distill4j.eval.fit;

import dev.distill4j.eval.report.StudyReport.FittedLaw;
import dev.distill4j.eval.report.StudyReport.ScalingRow;

/**
 * The Chinchilla loss law L(N, D) = E + A / N^alpha + B / D^beta: the loss (nats per token) of a model of N
 * parameters trained on D tokens. E is what no model removes (the entropy of the text), A / N^alpha what a finite
 * model adds, B / D^beta what finite data adds.
 *
 * <p>The question this project asks of it: a model of N parameters trained on D tokens reaches L(N, D); how many
 * tokens would an infinitely large model need to reach the same loss? Setting A / N^alpha to 0 and solving
 * E + B / D'^beta = L(N, D) gives D' = D * (1 + (A / N^alpha) / (B / D^beta))^(-1 / beta), always below D: the
 * ratio D'/D says how much of the data a small model spends making up for being small.
 *
 * @param name  the name a {@link ScalingRow} carries, e.g. "hoffmann-2022"
 * @param e     irreducible loss E
 * @param a     A, the model-size coefficient
 * @param alpha the model-size exponent
 * @param b     B, the data-size coefficient
 * @param beta  the data-size exponent
 */
public record ChinchillaLaw(String name, double e, double a, double alpha, double b, double beta) {
    /**
     * Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models" (arXiv:2203.15556), approach 3 (the
     * parametric fit, section 3.3): E = 1.69, A = 406.4, B = 410.7, alpha = 0.34, beta = 0.28, as printed in the
     * body of the paper.
     */
    public static final ChinchillaLaw HOFFMANN_2022 = new ChinchillaLaw("hoffmann-2022", 1.69, 406.4, 0.34, 410.7, 0.28);

    /**
     * Besiroglu, Erdil, Barnett and You 2024, "Chinchilla Scaling: A replication attempt" (Epoch AI,
     * arXiv:2404.10102): E = 1.8172, A = 482.01, B = 2085.43, alpha = 0.3478, beta = 0.3658, their estimates refitted
     * to data reconstructed from Hoffmann's plots. They found Hoffmann's optimiser stopped early and the printed estimates
     * rounded; their refit agrees with Hoffmann's approaches 1 and 2 (tokens and parameters scaled equally).
     */
    public static final ChinchillaLaw BESIROGLU_2024 = new ChinchillaLaw("besiroglu-2024", 1.8172, 482.01, 0.3478, 2085.43, 0.3658);

    public ChinchillaLaw {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a law needs a name");
        }
        requirePositive("E", e, true);
        requirePositive("A", a, false);
        requirePositive("alpha", alpha, false);
        requirePositive("B", b, false);
        requirePositive("beta", beta, false);
    }

    /** A law fitted to the project's own runs. */
    public static ChinchillaLaw of(String name, FittedLaw fit) {
        return new ChinchillaLaw(name, fit.e(), fit.a(), fit.alpha(), fit.b(), fit.beta());
    }

    /** The model-size term A / N^alpha. */
    public double modelTerm(double parameters) {
        return a / Math.pow(requirePositive("parameters", parameters, false), alpha);
    }

    /** The data-size term B / D^beta. */
    public double dataTerm(double tokens) {
        return b / Math.pow(requirePositive("tokens", tokens, false), beta);
    }

    /** L(N, D). */
    public double loss(double parameters, double tokens) {
        return e + modelTerm(parameters) + dataTerm(tokens);
    }

    /** D' with E + B / D'^beta = L(N, D): the tokens an infinitely large model needs to reach the same loss. */
    public double tokensForInfiniteModel(double parameters, double tokens) {
        return tokens * infiniteModelTokenRatio(parameters, tokens);
    }

    /**
     * D'/D, in (0, 1). Computed as (1 + x)^(-1/beta) with x the ratio of the two terms, which stays accurate when the
     * model term is tiny (a direct (B / (L - E))^(1/beta) would subtract two nearly equal numbers).
     */
    public double infiniteModelTokenRatio(double parameters, double tokens) {
        double x = modelTerm(parameters) / dataTerm(tokens);
        return Math.exp(-Math.log1p(x) / beta);
    }

    /** The report's row for (N, D) under this law. */
    public ScalingRow row(double parameters, double tokens) {
        return new ScalingRow(name, parameters, tokens, loss(parameters, tokens), tokensForInfiniteModel(parameters, tokens));
    }

    /** The compute-optimal model for a budget, and the loss the law predicts for it. */
    public record ComputeOptimal(double flops, double parameters, double tokens, double loss) {}

    /**
     * The split of a budget of C = 6 N D training FLOPs (Kaplan et al. 2020's estimate: forward and backward pass)
     * that minimises L: Hoffmann et al.'s equation 4, N = G (C/6)^(beta/(alpha+beta)) and D = (C/6) / N with
     * G = (alpha A / (beta B))^(1/(alpha+beta)). E does not move the optimum.
     */
    public ComputeOptimal computeOptimal(double flops) {
        double budget = requirePositive("flops", flops, false) / 6;
        double g = Math.pow(alpha * a / (beta * b), 1 / (alpha + beta));
        double parameters = g * Math.pow(budget, beta / (alpha + beta));
        double tokens = budget / parameters;
        return new ComputeOptimal(flops, parameters, tokens, loss(parameters, tokens));
    }

    private static double requirePositive(String field, double value, boolean zeroAllowed) {
        if (!Double.isFinite(value) || value < 0 || (!zeroAllowed && value == 0)) {
            throw new IllegalArgumentException(field + " must be a finite number " + (zeroAllowed ? ">= 0" : "> 0") + ", got " + value);
        }
        return value;
    }
}
